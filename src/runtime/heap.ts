// V8's defaults suit servers, not one read that builds a large tree and walks it. Two flags, both read
// by V8 at each collection, so set here at run time in the process that reads (no re-run, no wrapper):
// - the young generation keeps its initial 1 MiB semi-spaces instead of doubling up to 64 MiB, which
//   otherwise leaves the heap padded with survivors' copies;
// - the old generation grows by 10 % instead of V8's larger steps, so the layer tables the merge has
//   let go are collected before the heap grows past them.
// Together they keep the peak memory of a large read near half of what V8's defaults reach, for a few
// percent more CPU (docs/benchmarks.md). An unknown flag in a future V8 is ignored, not fatal.
import { setFlagsFromString } from 'node:v8'

export const RUNTIME_HEAP_FLAGS = ['--semi-space-growth-factor=1', '--heap-growing-percent=10']

export function applyHeapFlags(): void {
  for (const flag of RUNTIME_HEAP_FLAGS) setFlagsFromString(flag)
}
