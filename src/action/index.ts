// The action's entry point (dist/index.js): sets the heap flags (runtime/heap.ts) before the bundle loads, then
// everything happens in run().
import { applyHeapFlags } from '../runtime/heap.js'
import { sizeThreadPool } from '../runtime/parallelism.js'

applyHeapFlags()
sizeThreadPool()
const { run } = await import('./main.js')
await run()
