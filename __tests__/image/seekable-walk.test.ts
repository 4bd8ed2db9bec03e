// The archive walk of a file reads tar headers and the bytes rules need, and seeks past the rest: counted
// here with a fake file that records every read.
import { expect, it } from '@jest/globals'
import type { FileHandle } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { ArchiveCollector } from '../../src/image/archive.js'
import { assembleImage } from '../../src/image/assemble.js'
import type { ReadAt } from '../../src/image/file-cursor.js'
import { DEFAULT_LIMITS } from '../../src/image/limits.js'
import { readSeekable } from '../../src/image/file-reads.js'
import { TarParser } from '../../src/image/tar-parser.js'
import { buildImage, dockerOciArchive } from '../../__fixtures__/archive.js'

/** Reads of `bytes`, as if the file were `visibleBytes` long; `read` counts the bytes copied. */
function countingFile(bytes: Buffer, visibleBytes = bytes.length) {
  const counts = { reads: 0, bytes: 0, positions: [] as number[], seeks: 0, next: 0 }
  const readAt: ReadAt = (buffer, offset, length, position) => {
    const end = Math.min(visibleBytes, position + length)
    const copied = end > position ? bytes.copy(buffer, offset, position, end) : 0
    counts.reads++
    counts.positions.push(position)
    if (position !== counts.next) counts.seeks++
    counts.next = position + copied
    counts.bytes += copied
    return copied
  }
  // Only compressed blobs are read through the handle; these archives have none.
  const handle = {
    read: () => Promise.reject(new Error('no compressed blob here')),
    close: () => Promise.resolve()
  } as unknown as FileHandle
  return { readAt, handle, counts }
}

async function walk(archive: Buffer, visibleBytes?: number) {
  const file = countingFile(archive, visibleBytes)
  const context = {
    capture: (path: string) => (path.startsWith('/small/') ? 100 : 0),
    limits: DEFAULT_LIMITS,
    budget: { entries: 0 },
    verifyDigests: false
  }
  const collector = new ArchiveCollector(context)
  const outer = new TarParser(collector)
  await readSeekable(file.handle, file.readAt, archive.length, outer, collector, () => undefined)
  outer.end()
  const image = await assembleImage(collector.contents, { verifyDigests: false, limits: DEFAULT_LIMITS })
  return { image, counts: file.counts }
}

const items = Array.from({ length: 60 }, (_, index) => [
  { name: `big/${index}`, content: randomBytes(1536 * 1024 + index * 911) },
  { name: `small/${index}`, content: `small ${index}` }
]).flat()

it('seeks past large bodies no rule needs, and still captures the small files between them', async () => {
  const archive = await dockerOciArchive([await buildImage({ layers: [items], tags: ['walk:1'] })])
  const { image, counts } = await walk(archive)
  for (let index = 0; index < 60; index++) {
    expect(image.fs.readFile(`/small/${index}`)?.toString()).toBe(`small ${index}`)
    expect(image.fs.lstat(`/big/${index}`)?.inode.size).toBe(1536 * 1024 + index * 911)
  }
  // Each big body costs at most the rest of the read it starts in; reading them all would be 90 MiB.
  expect(counts.bytes).toBeLessThan(archive.length / 4)
})

it('lands every seek on a tar block, so the headers after it stay word-aligned', async () => {
  // The big bodies' sizes (1.5 MiB + 911 × index) end anywhere inside a block.
  const archive = await dockerOciArchive([await buildImage({ layers: [items], tags: ['walk:3'] })])
  const { counts } = await walk(archive)
  expect(counts.seeks).toBeGreaterThanOrEqual(60)
  expect(counts.positions.filter((position) => position % 512 !== 0)).toEqual([])
})

it('reports a file that is shorter than its size said as truncated, not as an image', async () => {
  const archive = await dockerOciArchive([await buildImage({ layers: [items], tags: ['walk:2'] })])
  await expect(walk(archive, Math.floor(archive.length / 2))).rejects.toThrow(/stream ends inside/)
})
