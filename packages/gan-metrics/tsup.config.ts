import { ganforgeTsup } from '../../tsup.shared';

export default ganforgeTsup({ entry: ['src/index.ts'] });
