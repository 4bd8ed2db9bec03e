// The action's entry point (dist/index.js): everything happens in run(), in a process with the heap
// flags the reader wants (see heap.ts). main.js is imported only once that is settled, so the process
// that only re-runs itself with the flags does not load and compile the whole bundle first.
import { runWithHeapFlags } from './heap.js'

const childExitCode = await runWithHeapFlags()
if (childExitCode === undefined) {
  const { run } = await import('./main.js')
  await run()
} else {
  process.exitCode = childExitCode
}
