// Parallel work sized by the cores this process may use (os.availableParallelism: 2 on this project's
// machines, 4 on GitHub's hosted runners). docs/benchmarks.md says what was measured where.
import { availableParallelism } from 'node:os'

/**
 * Compressed layers of an archive file read and inflated at once: one more than the cores, so a core
 * does not idle while one layer's next read is on its way, and never below the 3 measured on 1 and 2
 * cores.
 */
export function compressedLayerReads(): number {
  return Math.max(3, availableParallelism() + 1)
}

/**
 * libuv's thread pool runs the inflates and their reads: room for every layer read at once plus one,
 * never below libuv's default of 4. Read when the pool starts, so it is set by the entry points
 * before anything uses it, unless the environment already sets it.
 */
export function sizeThreadPool(env: NodeJS.ProcessEnv = process.env): void {
  if (env.UV_THREADPOOL_SIZE) return
  env.UV_THREADPOOL_SIZE = String(Math.max(4, compressedLayerReads() + 1))
}
