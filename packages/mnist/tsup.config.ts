import { ganforgeTsup } from '../../tsup.shared';

export default ganforgeTsup({
  // import.meta.url locates data/ (the embedded digits); shimmed in the CJS build.
  shims: true,
  // Keep 'node:' specifiers so browser bundlers see the lazily imported built-ins for what they are.
  removeNodeProtocol: false,
});
