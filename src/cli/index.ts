// The command line's entry point (dist/cli.js): sets the heap flags (runtime/heap.ts) before the bundle loads.
import { applyHeapFlags } from '../runtime/heap.js'
import { sizeThreadPool } from '../runtime/parallelism.js'

applyHeapFlags()
sizeThreadPool()
const { runCli } = await import('./run.js')
process.exitCode = await runCli(process.argv.slice(2))
