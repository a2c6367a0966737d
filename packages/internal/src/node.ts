/** Node-only house parts: durable, atomic file and folder writes. */
export { commitDirectory, removeDirectory, syncDirectory, temporarySibling, writeFileAtomic, writeFileDurable } from './atomic-fs';
export { readWeightFiles } from './weight-files';
