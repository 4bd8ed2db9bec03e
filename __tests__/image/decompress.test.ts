// Decompression hands its output over on a later turn and holds a bounded amount of input: the bytes
// that come out must be exactly those that went in, however the input is cut, and the read-ahead
// budget must bound what is held and come back whole when a stream fails.
import { describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import zlib from 'node:zlib'
import { Decompression } from '../../src/image/decompress.js'
import { seeded } from '../../__fixtures__/seeded.js'
import { LayerBlobSink } from '../../src/image/layer-blob.js'
import { DEFAULT_LIMITS } from '../../src/image/limits.js'
import { ReadAheadBudget } from '../../src/image/read-ahead.js'
import { buildTar } from '../../__fixtures__/tar.js'

/** Cuts `bytes` into pieces from 1 byte to ~1.5 MiB, the mix a pipe and a file reader produce. */
function pieces(bytes: Buffer, random: () => number): Buffer[] {
  const out: Buffer[] = []
  for (let offset = 0; offset < bytes.length;) {
    const length = Math.max(1, Math.floor(random() ** 3 * 1.5 * 2 ** 20))
    out.push(bytes.subarray(offset, offset + length))
    offset += length
  }
  return out
}

/** Feeds pieces the way the readers do: one reused buffer, waiting whenever the budget is full. */
async function feed(decompression: Decompression, budget: ReadAheadBudget, input: Buffer[], peaks: number[]) {
  const reused = Buffer.alloc(2 * 2 ** 20)
  for (const piece of input) {
    piece.copy(reused)
    decompression.write(reused.subarray(0, piece.length))
    reused.fill(0xaa, 0, piece.length)
    peaks.push(budget.bytesHeld)
    if (budget.full) await budget.room()
  }
  decompression.end()
}

describe('Decompression', () => {
  const content = Buffer.concat([
    randomBytes(3 * 2 ** 20),
    Buffer.alloc(6 * 2 ** 20, 7),
    randomBytes(2 ** 20)
  ])

  for (const [name, compress] of [
    ['gzip', (bytes: Buffer) => zlib.gzipSync(bytes, { level: 1 })],
    ['zstd', (bytes: Buffer) => zlib.zstdCompressSync(bytes)]
  ] as const) {
    it(`delivers exactly the ${name} content, in order, from input cut anyhow, within its budget`, async () => {
      const compressed = compress(content)
      for (let round = 0; round < 3; round++) {
        const budget = new ReadAheadBudget(2 * 2 ** 20)
        const decompression = new Decompression(name, budget)
        const out: Buffer[] = []
        const done = new Promise<void>((resolve, reject) =>
          decompression.deliverTo({
            chunk: (bytes) => out.push(Buffer.from(bytes)),
            end: resolve,
            error: reject
          })
        )
        const peaks: number[] = []
        await feed(decompression, budget, pieces(compressed, seeded(round + 3)), peaks)
        await done
        expect(Buffer.concat(out).equals(content)).toBe(true)
        // One piece (or one gathering slab) may pass the limit; never more.
        expect(Math.max(...peaks)).toBeLessThanOrEqual(budget.limit + 2 * 2 ** 20)
        expect(budget.bytesHeld).toBe(0)
      }
    })
  }

  it('never hands over output inside the call that produced it', async () => {
    const budget = new ReadAheadBudget()
    const decompression = new Decompression('gzip', budget)
    let inside = true
    let deliveredInside = false
    const done = new Promise<void>((resolve, reject) =>
      decompression.deliverTo({
        chunk: () => {
          if (inside) deliveredInside = true
        },
        end: resolve,
        error: reject
      })
    )
    decompression.output.on('data', () => {
      inside = true
      queueMicrotask(() => (inside = false))
    })
    decompression.write(zlib.gzipSync(randomBytes(2 ** 20)))
    decompression.end()
    await done
    expect(deliveredInside).toBe(false)
  })

  it('gives the whole budget back when the data is corrupt', async () => {
    const budget = new ReadAheadBudget(2 ** 20)
    const decompression = new Decompression('gzip', budget)
    const failed = new Promise<Error>((resolve) =>
      decompression.deliverTo({
        chunk: () => undefined,
        end: () => resolve(new Error('ended')),
        error: resolve
      })
    )
    const compressed = zlib.gzipSync(randomBytes(4 * 2 ** 20))
    compressed.fill(0x55, 1000, 200_000)
    for (const piece of pieces(compressed, seeded(9))) decompression.write(piece)
    expect((await failed).message).toMatch(/invalid|incorrect|unknown/i)
    expect(budget.bytesHeld).toBe(0)
  })
})

describe('LayerBlobSink with a shared read-ahead budget', () => {
  it('indexes the same entries as before and settles its drain when the blob fails', async () => {
    const entries = Array.from({ length: 200 }, (_, index) => ({
      name: `dir/file-${index}`,
      content: randomBytes(20_000 + index)
    }))
    const layer = zlib.gzipSync(await buildTar(entries))
    const readAhead = new ReadAheadBudget(256 * 1024)
    const context = {
      capture: () => 0,
      limits: DEFAULT_LIMITS,
      budget: { entries: 0 },
      verifyDigests: true,
      readAhead
    }
    const sink = new LayerBlobSink('blobs/a', 'gzip', context)
    for (const piece of pieces(layer, seeded(5))) {
      sink.write(piece)
      const drain = sink.drain
      if (drain) await drain
    }
    sink.end()
    const result = await sink.result
    expect([...result.entries].filter((entry) => entry.path.startsWith('/dir/file-'))).toHaveLength(200)
    expect(result.compressedSize).toBe(layer.length)
    expect(readAhead.bytesHeld).toBe(0)

    // A corrupt blob that fails while the budget is full must not leave a reader waiting.
    const corrupt = Buffer.from(layer)
    corrupt.fill(0x55, 2000, corrupt.length - 2000)
    const failing = new LayerBlobSink('blobs/b', 'gzip', context)
    for (const piece of pieces(corrupt, seeded(6))) {
      failing.write(piece)
      const drain = failing.drain
      if (drain) await drain
    }
    failing.end()
    await expect(failing.result).rejects.toThrow(/^layer blobs\/b: /)
    expect(readAhead.bytesHeld).toBe(0)
  })
})
