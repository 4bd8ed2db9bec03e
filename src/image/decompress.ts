// Compression by magic bytes, never by names or media types, and decompressors fed safely.
import type { Transform } from 'node:stream'
import { ImageReadError } from '../common/errors.js'
import type { Compression } from './types.js'
import { type HeldCopy, ReadAheadBudget, SLAB_BYTES } from './read-ahead.js'
import { ZstdFrameSplitter } from './zstd-frames.js'

export function detectCompression(head: Buffer): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip'
  if (head.length >= 4 && head.readUInt32LE(0) === 0xfd2fb528) return 'zstd'
  return 'none'
}

/** Decompressed bytes waiting for the parser before the decompressor is paused. */
const OUTPUT_QUEUE_BYTES = 2 * 2 ** 20

export interface DecompressedSink {
  chunk(bytes: Buffer): void
  end(): void
  error(error: Error): void
}

/**
 * A decompressor with its input side and its output side. Input chunks are copied (zlib reads them
 * later, on its thread pool, after the reader may have reused its buffer), counted against the shared
 * read-ahead budget until consumed, and zstd input is written frame by frame. Output is handed to the
 * sink on a later turn of the event loop, never inside zlib's callback: zlib starts inflating the next
 * chunk on its thread as soon as that callback returns, so inflating and parsing overlap instead of
 * taking turns. The output queue is bounded by pausing the decompressor.
 */
export class Decompression {
  readonly output: Transform
  private readonly frames: ZstdFrameSplitter | undefined
  /** Copies written to the decompressor and not yet consumed, each given back to the budget once. */
  private readonly held = new Set<HeldCopy>()
  /** Small input pieces gathered while zlib is busy, not yet written to it. */
  private gathered: HeldCopy | undefined
  private readonly queue: Buffer[] = []
  private queuedBytes = 0
  private scheduled = false
  private ended = false
  private sink: DecompressedSink | undefined

  constructor(
    compression: Exclude<Compression, 'none'>,
    private readonly budget: ReadAheadBudget = new ReadAheadBudget()
  ) {
    const options = { chunkSize: 256 * 1024 }
    // Loaded on the first compressed layer: a plain archive never pays for zlib's start-up.
    const zlib = process.getBuiltinModule('node:zlib')
    if (compression === 'gzip') this.output = zlib.createGunzip(options)
    else if (typeof zlib.createZstdDecompress !== 'function') {
      throw new ImageReadError('this archive has zstd-compressed data, which needs Node.js 22.15 or newer')
    } else {
      this.output = zlib.createZstdDecompress(options)
      this.frames = new ZstdFrameSplitter()
    }
  }

  /** Compressed bytes the decompressor has consumed so far (not those still queued for it). */
  get consumedBytes(): number {
    return (this.output as Transform & { bytesWritten: number }).bytesWritten
  }

  /** Compressed bytes written but not yet consumed. */
  get heldBytes(): number {
    let bytes = this.gathered?.size ?? 0
    for (const copy of this.held) bytes += copy.size
    return bytes
  }

  /** Decompressed bytes waiting for the sink. */
  get queuedOutputBytes(): number {
    return this.queuedBytes
  }

  /** Takes a copy of `chunk`; the caller may reuse its buffer at once. */
  write(chunk: Buffer): void {
    if (this.frames) for (const piece of this.frames.push(chunk)) this.writeCopy(this.budget.copy(piece))
    else this.gather(chunk)
  }

  end(): void {
    this.submitGathered()
    this.output.end()
  }

  /**
   * gzip input from a pipe comes in pieces of 64 KiB or less. Each write to zlib costs a round trip to
   * its thread, so while zlib is busy small pieces are gathered into one slab and written together.
   * (zstd input is not: its pieces must stay split at frame boundaries.)
   */
  private gather(chunk: Buffer): void {
    if (this.held.size === 0 && !this.gathered) {
      this.writeCopy(this.budget.copy(chunk))
      return
    }
    if (chunk.length > SLAB_BYTES / 2) {
      this.submitGathered()
      this.writeCopy(this.budget.copy(chunk))
      return
    }
    if (this.gathered && this.gathered.bytes.length + chunk.length > SLAB_BYTES) this.submitGathered()
    const gathered = (this.gathered ??= this.budget.emptySlab())
    const slab = gathered.slab as Buffer
    const length = gathered.bytes.length
    chunk.copy(slab, length)
    gathered.bytes = slab.subarray(0, length + chunk.length)
  }

  private submitGathered(): void {
    const gathered = this.gathered
    this.gathered = undefined
    if (gathered) this.writeCopy(gathered)
  }

  /** Delivers the decompressed bytes, in order, each on a later turn than zlib produced it. */
  deliverTo(sink: DecompressedSink): void {
    this.sink = sink
    this.output.on('data', (chunk: Buffer) => {
      this.queue.push(chunk)
      this.queuedBytes += chunk.length
      if (this.queuedBytes >= OUTPUT_QUEUE_BYTES) this.output.pause()
      this.schedule()
    })
    this.output.on('end', () => {
      this.ended = true
      this.schedule()
    })
    this.output.on('error', (error: Error) => {
      this.discard()
      sink.error(error)
    })
  }

  /** Stops decompressing and gives back the read-ahead this blob held. */
  destroy(): void {
    this.discard()
    this.output.destroy()
  }

  private writeCopy(copy: HeldCopy): void {
    this.held.add(copy)
    this.output.write(copy.bytes, (error) => {
      // A destroyed stream calls back too (with an error), its copy maybe still read by zlib's thread.
      if (!this.held.delete(copy)) return
      this.budget.give(copy, !error)
      if (this.held.size === 0 && !error) this.submitGathered()
    })
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    setImmediate(() => this.flush())
  }

  private flush(): void {
    this.scheduled = false
    const sink = this.sink
    if (!sink) return
    while (this.queue.length > 0) {
      const chunk = this.queue.shift() as Buffer
      this.queuedBytes -= chunk.length
      sink.chunk(chunk)
    }
    if (this.ended) {
      this.ended = false
      sink.end()
    } else if (this.output.isPaused() && !this.output.destroyed) this.output.resume()
  }

  private discard(): void {
    this.queue.length = 0
    this.queuedBytes = 0
    this.sink = undefined
    for (const copy of this.held) this.budget.give(copy, false)
    this.held.clear()
    if (this.gathered) this.budget.give(this.gathered, true)
    this.gathered = undefined
  }
}
