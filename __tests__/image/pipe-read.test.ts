// The pipe path (`docker save IMAGE | check --archive -`) reads on the main thread into one reused
// buffer. Whatever the pieces a pipe hands over, the image must be the one the file path reads.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { tmpdir } from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import fc from 'fast-check'
import { ArchiveCollector } from '../../src/image/archive.js'
import { assembleImage } from '../../src/image/assemble.js'
import { PipeCursor, type ReadNext, readPipe } from '../../src/image/file-reads.js'
import { DEFAULT_LIMITS } from '../../src/image/limits.js'
import { ReadAheadBudget } from '../../src/image/read-ahead.js'
import { type ReadOptions, readImage } from '../../src/image/read.js'
import type { Image } from '../../src/image/types.js'
import { TarParser } from '../../src/image/tar-parser.js'
import { buildImage, dockerOciArchive, type LayerCompression } from '../../__fixtures__/archive.js'
import type { TarItem } from '../../__fixtures__/tar.js'

const capture = (p: string) => (p.startsWith('/small/') || p === '/etc/os-release' ? 4096 : 0)

/** Large bodies (skipped by the file path), small captured files, an executable, a link and a whiteout. */
function layers(): TarItem[][] {
  const base: TarItem[] = [
    { name: 'bin/', type: 'directory' },
    { name: 'bin/tool', content: Buffer.concat([Buffer.from('\x7fELF'), randomBytes(70_000)]), mode: 0o755 },
    { name: 'bin/sh', linkname: 'tool' },
    { name: 'etc/', type: 'directory' },
    { name: 'etc/os-release', content: 'ID=pipe\n' }
  ]
  for (let index = 0; index < 12; index++) {
    base.push({ name: `big/${index}`, content: randomBytes(90_000 + index * 4099) })
    base.push({ name: `small/${index}`, content: `small ${index} ${'y'.repeat(index * 31)}` })
  }
  const upper: TarItem[] = [
    { name: 'big/.wh.3', content: '' },
    { name: 'small/5', content: 'rewritten' },
    { name: 'app/', type: 'directory' },
    { name: 'app/data', content: randomBytes(300_000) }
  ]
  return [base, upper]
}

/** What a rule could see of an image. */
function summary(image: Image) {
  return {
    entries: [...image.fs.entries()].map((e) => [
      e.path,
      e.layerIndex,
      e.inode.type,
      e.inode.mode,
      e.inode.size,
      e.inode.linkTarget,
      e.inode.exec?.format,
      e.inode.content?.toString('latin1')
    ]),
    layers: image.layers.map((l) => [l.compression, l.compressedSize, l.uncompressedSize]),
    hiddenBytes: image.hiddenBytes,
    config: image.config,
    warnings: image.warnings
  }
}

/** A pipe that hands over the archive in the given pieces (cycled), never more than asked for. */
function piecewise(archive: Buffer, pieces: number[]): ReadNext {
  let position = 0
  let next = 0
  return (buffer, offset, length) => {
    const piece = pieces[next++ % pieces.length]
    const n = Math.min(piece, length, archive.length - position)
    archive.copy(buffer, offset, position, position + n)
    position += n
    return n
  }
}

/** readImage's pipe path, on a fake pipe. */
async function readFakePipe(read: ReadNext, options: ReadOptions): Promise<Image> {
  const limits = DEFAULT_LIMITS
  const collector = new ArchiveCollector({
    capture: options.capture ?? (() => 0),
    limits,
    budget: { entries: 0 },
    verifyDigests: options.verifyDigests ?? false,
    readAhead: new ReadAheadBudget()
  })
  const outer = new TarParser(collector)
  const cursor = new PipeCursor(read)
  await readPipe(cursor, cursor.next(512), outer, collector, () => undefined)
  outer.end()
  return assembleImage(collector.contents, { verifyDigests: options.verifyDigests ?? false, limits })
}

describe('the pipe path reads the image the file path reads', () => {
  let dir: string
  const archives = new Map<
    LayerCompression,
    { bytes: Buffer; file: string; fromFile: ReturnType<typeof summary> }
  >()

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ipg-pipe-'))
    const content = layers()
    for (const compression of ['none', 'gzip', 'zstd'] as LayerCompression[]) {
      const bytes = await dockerOciArchive([
        await buildImage({ layers: content, compression, tags: [`pipe:${compression}`] })
      ])
      const file = path.join(dir, `${compression}.tar`)
      await writeFile(file, bytes)
      archives.set(compression, {
        bytes,
        file,
        fromFile: summary(await readImage({ kind: 'file', path: file }, { capture }))
      })
    }
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('for random pieces, plain, gzip and zstd layers, with and without digest checks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom<LayerCompression>('none', 'gzip', 'zstd'),
        fc.array(fc.oneof(fc.integer({ min: 1, max: 4096 }), fc.integer({ min: 1, max: 1 << 20 })), {
          minLength: 1,
          maxLength: 12
        }),
        fc.boolean(),
        async (compression, pieces, verifyDigests) => {
          const archive = archives.get(compression)!
          const image = await readFakePipe(piecewise(archive.bytes, pieces), { capture, verifyDigests })
          expect(summary(image)).toEqual(archive.fromFile)
        }
      ),
      { numRuns: 40, seed: 20261201 }
    )
  })

  it('through a real FIFO written by another process, and a whole archive gzipped', async () => {
    for (const [compression, archive] of archives) {
      const gzipped = path.join(dir, `${compression}.tar.gz`)
      await writeFile(gzipped, zlib.gzipSync(archive.bytes))
      for (const source of [archive.file, gzipped]) {
        const fifo = path.join(dir, 'fifo')
        await rm(fifo, { force: true })
        await run('mkfifo', [fifo])
        // The read blocks the main thread: the writer must be another process, as it is for stdin.
        const writer = run('sh', ['-c', 'cat "$1" > "$2"', 'sh', source, fifo])
        const image = await readImage({ kind: 'pipe', path: fifo, name: 'fifo' }, { capture })
        await writer
        expect(summary(image)).toEqual(archive.fromFile)
      }
    }
  })

  it('a pipe that ends inside the archive is reported as truncated', async () => {
    const archive = archives.get('none')!
    const cut = archive.bytes.subarray(0, Math.floor(archive.bytes.length / 2))
    await expect(readFakePipe(piecewise(cut, [65536]), { capture })).rejects.toThrow(/stream ends inside/)
  })
})

describe('PipeCursor', () => {
  it('hands over what one read returns, waits for a minimum when asked, and is empty at the end', () => {
    const bytes = Buffer.from('abcdefghij')
    const cursor = new PipeCursor(piecewise(bytes, [3]))
    expect(cursor.next(5).toString()).toBe('abcdef')
    expect(cursor.next().toString()).toBe('ghi')
    expect(cursor.next(512).toString()).toBe('j')
    expect(cursor.next().length).toBe(0)
  })
})

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'ignore' })
    child.on('error', reject)
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${command} exited ${code}`))))
  })
}
