import { describe, expect, it } from '@jest/globals'
import zlib from 'node:zlib'
import { ZstdFrameSplitter } from '../../src/image/zstd-frames.js'

function skippableFrame(payload: Buffer): Buffer {
  const header = Buffer.alloc(8)
  header.writeUInt32LE(0x184d2a5e, 0)
  header.writeUInt32LE(payload.length, 4)
  return Buffer.concat([header, payload])
}

describe('ZstdFrameSplitter', () => {
  const parts = [Buffer.alloc(70000, 'a'), Buffer.from('second frame'), Buffer.alloc(5000, 'c')]
  const frames = [
    zlib.zstdCompressSync(parts[0], { params: { [zlib.constants.ZSTD_c_checksumFlag]: 1 } }),
    skippableFrame(Buffer.from('table of contents')),
    zlib.zstdCompressSync(parts[1]),
    zlib.zstdCompressSync(parts[2]),
    skippableFrame(Buffer.alloc(0))
  ]
  const stream = Buffer.concat(frames)
  const withoutSkippable = Buffer.concat([frames[0], frames[2], frames[3]])

  it.each([1, 2, 3, 5, 7, 64, 1000, stream.length])(
    'cuts at frame ends and drops skippable frames (chunks of %i)',
    (size) => {
      const splitter = new ZstdFrameSplitter()
      const pieces: Buffer[] = []
      for (let offset = 0; offset < stream.length; offset += size)
        pieces.push(...splitter.push(stream.subarray(offset, offset + size)))
      expect(Buffer.concat(pieces).equals(withoutSkippable)).toBe(true)
      // Every frame end is a piece end.
      const ends = new Set<number>()
      let position = 0
      for (const piece of pieces) ends.add((position += piece.length))
      expect(ends.has(frames[0].length)).toBe(true)
      expect(ends.has(frames[0].length + frames[2].length)).toBe(true)
    }
  )

  it('lets Node decode every frame when the pieces are written one by one', async () => {
    const splitter = new ZstdFrameSplitter()
    const decompressor = zlib.createZstdDecompress()
    const output: Buffer[] = []
    decompressor.on('data', (chunk: Buffer) => output.push(chunk))
    const done = new Promise((resolve) => decompressor.on('end', resolve))
    for (const piece of splitter.push(stream)) decompressor.write(piece)
    decompressor.end()
    await done
    expect(Buffer.concat(output).equals(Buffer.concat(parts))).toBe(true)
  })
})
