// The walk of an archive file seeks past bodies no rule needs (file-reads.ts); a stream reads every
// byte. On seeded random layered images (the generator the umoci and overlay2 differentials use) whose
// files are given bodies of every size around the seek threshold, some of them executables and some
// captured, both must give the same image, or the same refusal.
// IPG_SEEK_IMAGES (default 40) images from seed IPG_REFERENCE_SEED (default 1).
import { expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { readImage } from '../../src/image/read.js'
import type { Image } from '../../src/image/types.js'
import { buildImage, dockerOciArchive } from '../../__fixtures__/archive.js'
import { randomLayers } from '../../__fixtures__/random-image.js'
import { random } from '../../__fixtures__/seeded.js'
import type { TarItem } from '../../__fixtures__/tar.js'

const COUNT = Number(process.env.IPG_SEEK_IMAGES ?? 40)
const FIRST_SEED = Number(process.env.IPG_REFERENCE_SEED ?? 1)
const KiB = 1024
const ELF = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0])

/** Gives about half the regular files a body of a random size up to 200 KiB, a few of them ELF files. */
function withBodies(layers: TarItem[][], seed: number): TarItem[][] {
  const draw = random(seed * 7919 + 13)
  return layers.map((items) =>
    items.map((item) => {
      if ((item.type ?? 'file') !== 'file' || item.name.includes('.wh.') || !draw.chance(0.5)) return item
      // Sizes cluster around the 32 KiB seek threshold and the 512-byte blocks, and reach past both.
      const size = draw.pick([draw.int(40 * KiB), 32 * KiB + draw.int(1024), draw.int(200 * KiB)])
      const body = draw.bytes(size)
      if (size >= ELF.length && draw.chance(0.2)) ELF.copy(body)
      return { ...item, content: body }
    })
  )
}

function summary(image: Image): unknown[] {
  return [...image.fs.entries()].map((entry) => [
    entry.path,
    entry.inode.type,
    entry.inode.size,
    entry.inode.exec?.format,
    entry.inode.content?.toString('base64'),
    entry.layerIndex
  ])
}

type Outcome = { ok: true; summary: unknown[] } | { ok: false; message: string }

async function outcome(read: () => Promise<Image>): Promise<Outcome> {
  try {
    return { ok: true, summary: summary(await read()) }
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) }
  }
}

it(`a file walked with seeks reads as a stream does (${COUNT} seeded images from seed ${FIRST_SEED})`, async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'ipg-seek-diff-'))
  // Captured paths keep bytes past the first block, so their bodies are not seeked past.
  const capture = (p: string, size: number) => (p.length % 3 === 0 ? Math.min(size, 40 * KiB) : 0)
  const problems: string[] = []
  let read = 0
  try {
    for (let seed = FIRST_SEED; seed < FIRST_SEED + COUNT; seed++) {
      const layers = withBodies(
        randomLayers(seed, {
          lowerLinks: seed % 3 === 0,
          refusals: seed % 5 === 0,
          impliedParents: false,
          linkAttributes: 'target',
          belowLowerNonDirectories: false,
          deviceWhiteouts: false
        }),
        seed
      )
      const archive = await dockerOciArchive([await buildImage({ layers })])
      const file = path.join(dir, `${seed}.tar`)
      await writeFile(file, archive)
      const fromStream = await outcome(() =>
        readImage({ kind: 'stream', stream: Readable.from([archive]), name: 'generated' }, { capture })
      )
      const fromFile = await outcome(() => readImage({ kind: 'file', path: file }, { capture }))
      if (fromStream.ok) read++
      if (JSON.stringify(fromFile) !== JSON.stringify(fromStream))
        problems.push(`seed ${seed}: the file and the stream differ`)
      await rm(file)
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  expect(problems).toEqual([])
  // Refusals are compared too, but most images must be read for the seeks to be tested.
  expect(read).toBeGreaterThan(COUNT / 2)
}, 600_000)
