// V8's defaults suit servers, not one read that builds a large tree and walks it: with 4 MiB
// semi-spaces the young generation stays small (a large one leaves the heap padded), and growing the
// old generation by 10 % instead of V8's larger steps collects the layer tables the merge has let go
// before the heap grows past them. Together they take the peak memory of a 500,000-entry read from
// about 190 to 160 MiB for a few percent more CPU (docs/benchmarks.md). Node applies the semi-space
// size only at start, so an entry point runs itself once more with it; the growing step can be set at
// run time, which also covers a process that could not re-run.
import { spawn } from 'node:child_process'
import { setFlagsFromString } from 'node:v8'

export const HEAP_FLAGS = ['--max-semi-space-size=4']
/** V8 reads it at each collection; an unknown flag in a future V8 is ignored, not fatal. */
export const RUNTIME_HEAP_FLAG = '--heap-growing-percent=10'
const ALREADY = 'IPG_HEAP_FLAGS_APPLIED'

/**
 * Re-runs this process with HEAP_FLAGS unless it already has them, and resolves with the child's exit
 * code; resolves undefined when the caller should do the work itself.
 */
export async function runWithHeapFlags(): Promise<number | undefined> {
  if (process.env[ALREADY] === '1' || HEAP_FLAGS.every((flag) => process.execArgv.includes(flag))) {
    setFlagsFromString(RUNTIME_HEAP_FLAG)
    return undefined
  }
  const child = spawn(process.execPath, [...process.execArgv, ...HEAP_FLAGS, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, [ALREADY]: '1' }
  })
  const forward = (signal: NodeJS.Signals) => child.kill(signal)
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, forward)
  try {
    return await new Promise<number | undefined>((resolve) => {
      // Could not start a second process: do the work in this one, with what can be set at run time.
      child.on('error', () => {
        setFlagsFromString(RUNTIME_HEAP_FLAG)
        resolve(undefined)
      })
      child.on('exit', (code, signal) => resolve(code ?? 128 + (signal === 'SIGINT' ? 2 : 15)))
    })
  } finally {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.off(signal, forward)
  }
}
