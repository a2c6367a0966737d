import { ganforgeTsupWithBrowser } from '../../tsup.shared';

export default ganforgeTsupWithBrowser(
  {
    // import.meta.url locates data/ (the embedded digits); shimmed in the CJS build.
    shims: true,
    // Keep 'node:' specifiers so browser bundlers see the lazily imported built-ins for what they are.
    removeNodeProtocol: false,
  },
  // dist/browser.js: no Node built-ins; the embedded digits ride along as a lazily imported chunk.
  { loader: { '.gz': 'binary' } },
);
