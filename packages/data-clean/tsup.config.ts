import { ganforgeTsup } from '../../tsup.shared';

export default ganforgeTsup({ entry: ['src/index.ts', 'src/node.ts', 'src/cross-val.ts'] });
