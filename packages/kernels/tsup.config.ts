import { ganforgeTsupWithBrowser } from '../../tsup.shared';

// dist/browser.js: the main entry without setupWasmThreads' Node built-ins (it throws there, as documented).
export default ganforgeTsupWithBrowser();
