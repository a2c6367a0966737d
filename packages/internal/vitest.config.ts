import { ganforgeVitestConfig } from '../../vitest.shared';

// Plain JavaScript: no tensor math beyond duck-typed checks, so one backend is enough.
export default ganforgeVitestConfig({ backends: ['cpu'] });
