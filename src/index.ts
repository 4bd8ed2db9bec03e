// The action's entry point (dist/index.js): everything happens in run(), in a process with the heap
// flags the reader wants (see heap.ts).
import { runWithHeapFlags } from './heap.js'
import { run } from './main.js'

const childExitCode = await runWithHeapFlags()
if (childExitCode === undefined) await run()
else process.exitCode = childExitCode
