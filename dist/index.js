import { r as runWithHeapFlags } from './chunk-heap.js';
import 'node:child_process';
import 'node:v8';

// The action's entry point (dist/index.js): everything happens in run(), in a process with the heap
// flags the reader wants (see heap.ts). main.js is imported only once that is settled, so the process
// that only re-runs itself with the flags does not load and compile the whole bundle first.
const childExitCode = await runWithHeapFlags();
if (childExitCode === undefined) {
    const { run } = await import('./chunk-main.js');
    await run();
}
else {
    process.exitCode = childExitCode;
}
