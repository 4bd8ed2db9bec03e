// Compression by magic bytes, never by names or media types, and decompressors fed safely.
import zlib from 'node:zlib'
import type { Transform } from 'node:stream'
import { ImageReadError } from '../errors.js'
import type { Compression } from './types.js'
import { ZstdFrameSplitter } from './zstd-frames.js'

export function detectCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip'
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd'
  return 'none'
}

/**
 * A decompressor with its input side: chunks are copied (zlib reads them later, on its thread
 * pool, after the reader may have reused its buffer) and zstd input is written frame by frame.
 */
export class Decompression {
  readonly output: Transform
  private readonly frames: ZstdFrameSplitter | undefined

  constructor(compression: Exclude<Compression, 'none'>) {
    const options = { chunkSize: 256 * 1024 }
    if (compression === 'gzip') this.output = zlib.createGunzip(options)
    else if (typeof zlib.createZstdDecompress !== 'function') {
      throw new ImageReadError('this archive has zstd-compressed data, which needs Node.js 22.15 or newer')
    } else {
      this.output = zlib.createZstdDecompress(options)
      this.frames = new ZstdFrameSplitter()
    }
  }

  /** Returns false when the decompressor wants the writer to wait for 'drain'. */
  write(chunk: Buffer): boolean {
    if (!this.frames) return this.output.write(Buffer.from(chunk))
    let ready = true
    for (const piece of this.frames.push(chunk)) ready = this.output.write(Buffer.from(piece))
    return ready
  }

  end(): void {
    this.output.end()
  }
}
