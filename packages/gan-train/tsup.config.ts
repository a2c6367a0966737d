import { ganforgeTsup } from '../../tsup.shared';

// Two entries: the browser-safe main one and the Node-only `./node` (fs, path, proper-lockfile).
export default ganforgeTsup({ entry: ['src/index.ts', 'src/node.ts'] });
