/** A process that takes a run lock, says so, and waits to be killed (run-lock tests). */
import { lockRun } from '../run-lock';

const lock = await lockRun(process.argv[2]!);
process.stdout.write(`LOCKED ${JSON.stringify(lock.holder)}\n`);
setInterval(() => {}, 1000);
