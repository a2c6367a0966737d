import { ganforgeVitestConfig } from '../../vitest.shared';

// The end-to-end run trains real models: cpu only (the wasm backend is covered by the packages).
export default ganforgeVitestConfig({ backends: ['cpu'], testTimeout: 300_000 });
