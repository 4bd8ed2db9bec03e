// A fake file handle whose reads land late and out of order (a slow disk, a busy thread pool), and which
// records a read into a buffer that already has one in flight: a real pread writes the buffer from a
// thread-pool thread, so two at once race.
import type { FileHandle } from 'node:fs/promises'

export interface LateReads {
  handle: FileHandle
  /** Reads issued so far. */
  reads(): number
}

/**
 * `delayMs` picks each read's delay; `shrinkTo` makes the file shorter than the size the reader was told,
 * as when it is truncated while being read.
 */
export function lateLandingHandle(
  bytes: Buffer,
  delayMs: () => number,
  problems: string[],
  shrinkTo = bytes.length
): LateReads {
  const inFlight = new Set<ArrayBufferLike>()
  let reads = 0
  const handle = {
    read: (buffer: Buffer, offset: number, length: number, position: number) => {
      reads++
      if (inFlight.has(buffer.buffer))
        problems.push(`read at ${position} into a buffer with a read in flight`)
      inFlight.add(buffer.buffer)
      return new Promise((resolve) =>
        setTimeout(() => {
          inFlight.delete(buffer.buffer)
          const end = Math.min(shrinkTo, position + length)
          const bytesRead = end > position ? bytes.copy(buffer, offset, position, end) : 0
          resolve({ bytesRead, buffer })
        }, delayMs())
      )
    },
    close: async () => undefined
  }
  return { handle: handle as unknown as FileHandle, reads: () => reads }
}

/** A small deterministic generator, so a failing run can be replayed. */
export function seeded(seed: number): () => number {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
}
