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
import { lateLandingHandle, seeded } from '../helpers/late-reads.js'

/** Reads land after up to 20 ms, most of them soon. */
function slowHandle(bytes: Buffer, random: () => number, overlaps: string[]): FileHandle {
  return lateLandingHandle(bytes, () => Math.floor(random() ** 4 * 20), overlaps).handle
}

it('keeps every byte in place when reads land late, across many skips', async () => {
  // Bodies of ~1.5 MiB: nearly every 1 MiB read ends inside one, so skips follow one another closely.
  const items = Array.from({ length: 60 }, (_, index) => [
    { name: `big/${index}`, content: randomBytes(1536 * 1024 + index * 911) },
    { name: `small/${index}`, content: `small ${index}` }
  ]).flat()
  const archive = await dockerOciArchive([await buildImage({ layers: [items], tags: ['race:1'] })])
  const random = seeded(42)
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
