import { ganforgeVitestConfig } from '../../vitest.shared';

export default ganforgeVitestConfig();
