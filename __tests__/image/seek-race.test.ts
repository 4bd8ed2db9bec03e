// Reads that land late and out of order (a slow disk, a busy thread pool) must never overwrite a buffer
// the reader is about to parse. A fake file handle delays each read at random to make that happen.
import { expect, it } from '@jest/globals'
import type { FileHandle } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { ArchiveCollector } from '../../src/image/archive.js'
import { assembleImage } from '../../src/image/assemble.js'
import { DEFAULT_LIMITS } from '../../src/image/limits.js'
import { readSeekable } from '../../src/image/file-reads.js'
import { TarParser } from '../../src/image/tar-parser.js'
import { buildImage, dockerOciArchive } from '../helpers/archive.js'

/** A file handle whose reads land after a random delay, and which fails on two reads into one buffer. */
function slowHandle(bytes: Buffer, random: () => number, overlaps: string[]): FileHandle {
  // A real pread writes the buffer from a thread-pool thread: two in flight into one buffer race.
  const inFlight = new Set<ArrayBufferLike>()
  const handle = {
    read: (buffer: Buffer, offset: number, length: number, position: number) => {
      if (inFlight.has(buffer.buffer))
        overlaps.push(`read at ${position} into a buffer with a read in flight`)
      inFlight.add(buffer.buffer)
      return new Promise((resolve) =>
        setTimeout(
          () => {
            inFlight.delete(buffer.buffer)
            const copied = bytes.copy(buffer, offset, position, Math.min(bytes.length, position + length))
            resolve({ bytesRead: Math.max(0, copied), buffer })
          },
          Math.floor(random() ** 4 * 20)
        )
      )
    },
    close: async () => undefined
  }
  return handle as unknown as FileHandle
}

it('keeps every byte in place when reads land late, across many skips', async () => {
  // Bodies of ~1.5 MiB: nearly every 1 MiB read ends inside one, so skips follow one another closely.
  const items = Array.from({ length: 60 }, (_, index) => [
    { name: `big/${index}`, content: randomBytes(1536 * 1024 + index * 911) },
    { name: `small/${index}`, content: `small ${index}` }
  ]).flat()
  const archive = await dockerOciArchive([await buildImage({ layers: [items], tags: ['race:1'] })])
  let seed = 42
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
  for (let round = 0; round < 5; round++) {
    const context = {
      capture: (path: string) => (path.startsWith('/small/') ? 100 : 0),
      limits: DEFAULT_LIMITS,
      budget: { entries: 0 },
      verifyDigests: false
    }
    const collector = new ArchiveCollector(context)
    const outer = new TarParser(collector)
    const overlaps: string[] = []
    await readSeekable(
      slowHandle(archive, random, overlaps),
      archive.length,
      outer,
      collector,
      () => undefined
    )
    expect(overlaps).toEqual([])
    outer.end()
    const image = await assembleImage(collector.contents, { verifyDigests: false, limits: DEFAULT_LIMITS })
    for (let index = 0; index < 60; index++) {
      expect(image.fs.readFile(`/small/${index}`)?.toString()).toBe(`small ${index}`)
    }
  }
})
