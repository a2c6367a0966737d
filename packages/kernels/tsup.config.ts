import { ganforgeTsup } from '../../tsup.shared';

export default ganforgeTsup();
