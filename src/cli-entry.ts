// The command line's entry point (dist/cli.js): sets the heap flags (heap.ts) before the bundle loads.
import { applyHeapFlags } from './runtime/heap.js'
import { sizeThreadPool } from './runtime/parallelism.js'

applyHeapFlags()
sizeThreadPool()
const { main } = await import('./cli.js')
process.exitCode = await main(process.argv.slice(2))
