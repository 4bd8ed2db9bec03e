// Entry point of the reader: one streaming pass over the archive (file, stdin or `docker save`),
// then assembly. Nothing is written to disk and no layer is held whole in memory.
import { once } from 'node:events'
import { createReadStream } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { ImageReadError, LimitError } from '../errors.js'
import { ArchiveCollector } from './archive.js'
import type { LayerBlobSink } from './layer-blob.js'
import { assembleImage } from './assemble.js'
import { Decompression, detectCompression } from './decompress.js'
import { DEFAULT_LIMITS, type ReadLimits, limitFlag } from './limits.js'
import { TarFormatError } from './tar-header.js'
import { TarParser } from './tar-parser.js'
import type { CapturePredicate, Image } from './types.js'

export type ImageSource =
  | { kind: 'file'; path: string }
  /** A pipe or FIFO opened by path (`/dev/stdin`): read in order, with reused buffers, never seeking. */
  | { kind: 'pipe'; path: string; name: string }
  | { kind: 'stream'; stream: Readable; name: string }

export interface ReadProgress {
  /** Bytes of the archive read so far. */
  bytes: number
  /** Layer blobs fully indexed. */
  layersDone: number
}

export interface ReadOptions {
  /** Reference to select in an archive holding several images. */
  image?: string
  /** os/arch[/variant] to select in a multi-platform archive. */
  platform?: string
  capture?: CapturePredicate
  verifyDigests?: boolean
  limits?: Partial<ReadLimits>
  onProgress?: (progress: ReadProgress) => void
}

const NO_CAPTURE: CapturePredicate = () => 0

export async function readImage(source: ImageSource, options: ReadOptions = {}): Promise<Image> {
  const limits: ReadLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const collector = new ArchiveCollector({
    capture: options.capture ?? NO_CAPTURE,
    limits,
    budget: { entries: 0 },
    verifyDigests: options.verifyDigests ?? false
  })
  const outer = new TarParser(collector, { maxMetaBytes: limits.maxTarMetaBytes })
  const sourceName = source.kind === 'file' ? source.path : source.name
  let input: Readable | undefined
  let pipe: FileHandle | undefined
  const progress = () => options.onProgress?.({ bytes: outer.bytesRead, layersDone: collector.layersDone })
  try {
    const file = source.kind === 'file' ? await openArchiveFile(source.path) : undefined
    if (file && !file.compressed) await readSeekable(file.handle, file.size, outer, collector, progress)
    else {
      await file?.handle.close()
      let chunks: AsyncIterable<Buffer>
      if (source.kind === 'pipe') {
        pipe = await open(source.path, 'r')
        chunks = pipeChunks(pipe)
      } else {
        input =
          source.kind === 'file' ? createReadStream(source.path, { highWaterMark: 1 << 20 }) : source.stream
        chunks = input
      }
      for await (const chunk of archiveChunks(chunks, limits)) {
        await pushChunk(outer, collector, chunk)
        progress()
      }
    }
    outer.end()
    return await assembleImage(collector.contents, {
      verifyDigests: options.verifyDigests ?? false,
      limits,
      ...(options.image ? { image: options.image } : {}),
      ...(options.platform ? { platform: options.platform } : {})
    })
  } catch (error) {
    input?.destroy()
    throw asReadError(error, sourceName)
  } finally {
    await pipe?.close()
  }
}

/**
 * A pipe read with two reused buffers, the next read in flight while a chunk is parsed: no buffer
 * per read for the garbage collector, unlike a stream's 64 KiB chunks.
 */
async function* pipeChunks(handle: FileHandle): AsyncGenerator<Buffer> {
  const buffers = [Buffer.allocUnsafe(READ_BUFFER_BYTES), Buffer.allocUnsafe(READ_BUFFER_BYTES)]
  let filling = 0
  const readInto = (buffer: Buffer) => {
    const read = handle.read(buffer, 0, READ_BUFFER_BYTES, null)
    // A read still in flight when the consumer stops must not surface as an unhandled rejection.
    read.catch(() => undefined)
    return read
  }
  let pending = readInto(buffers[0])
  try {
    for (;;) {
      const { bytesRead } = await pending
      if (bytesRead === 0) return
      const chunk = buffers[filling].subarray(0, bytesRead)
      filling ^= 1
      pending = readInto(buffers[filling])
      yield chunk
    }
  } finally {
    await pending.catch(() => undefined)
  }
}

/**
 * The archive's tar bytes: `docker save img | gzip` (or zstd) is decompressed on the fly, under the
 * same expansion-ratio limit as layers so a small compressed archive cannot expand without end.
 */
async function* archiveChunks(input: AsyncIterable<Buffer>, limits: ReadLimits): AsyncGenerator<Buffer> {
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer>
  const first = await chunks.next()
  if (first.done) return
  const compression = detectCompression(first.value)
  if (compression === 'none') {
    try {
      yield first.value
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value
    } finally {
      await chunks.return?.()
    }
    return
  }
  const decompression = new Decompression(compression)
  let compressedBytes = 0
  const feed = async () => {
    for (let next: IteratorResult<Buffer> = first; !next.done; next = await chunks.next()) {
      compressedBytes += next.value.length
      if (!decompression.write(next.value)) await once(decompression.output, 'drain')
    }
    decompression.end()
  }
  feed().catch((error: unknown) => decompression.output.destroy(error as Error))
  let expandedBytes = 0
  for await (const chunk of decompression.output) {
    expandedBytes += (chunk as Buffer).length
    if (
      expandedBytes > limits.ratioCheckAfterBytes &&
      expandedBytes > compressedBytes * limits.maxCompressionRatio
    ) {
      decompression.output.destroy()
      throw new LimitError(
        `the ${compression}-compressed archive expands more than ${limits.maxCompressionRatio}:1 ` +
          `(${expandedBytes} bytes from ${compressedBytes}): a compression bomb? (limit ${limitFlag('maxCompressionRatio')})`
      )
    }
    yield chunk as Buffer
  }
}

async function pushChunk(outer: TarParser, collector: ArchiveCollector, chunk: Buffer): Promise<void> {
  outer.push(chunk)
  const drains = collector.pendingDrains()
  if (drains.length > 0) await Promise.all(drains)
}

const READ_BUFFER_BYTES = 1 << 20
/** Seeking past less than this costs more in extra reads than it saves. */
const MIN_SKIP_BYTES = 256 * 1024

async function openArchiveFile(
  path: string
): Promise<{ handle: FileHandle; size: number; compressed: boolean }> {
  const handle = await open(path, 'r')
  try {
    const { size } = await handle.stat()
    const head = Buffer.alloc(4)
    await handle.read(head, 0, 4, 0)
    return { handle, size, compressed: detectCompression(head) !== 'none' }
  } catch (error) {
    await handle.close()
    throw error
  }
}

/**
 * An archive file read with one reused buffer, seeking past file bodies that no rule needs:
 * only tar headers and the bytes that rules or signatures read come off the disk.
 */
export async function readSeekable(
  handle: FileHandle,
  size: number,
  outer: TarParser,
  collector: ArchiveCollector,
  progress: () => void
): Promise<void> {
  const detached = new DetachedBlobReads(handle)
  collector.detachCompressedBlobs((offset, length, sink) => detached.start(offset, length, sink))
  // Two buffers: the next read is in flight while the current chunk is parsed. A read made useless by
  // a seek is not waited for; its buffer is reused only once it has landed.
  const buffers = [Buffer.allocUnsafe(READ_BUFFER_BYTES), Buffer.allocUnsafe(READ_BUFFER_BYTES)]
  const landed: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()]
  let filling = 0
  let position = 0
  const readAt = (at: number) => {
    const index = filling
    // Chained at once, so every read into a buffer starts only after the one before it has landed.
    const read = landed[index].then(() => handle.read(buffers[index], 0, READ_BUFFER_BYTES, at))
    landed[index] = read.catch(() => undefined)
    return read
  }
  let pending = readAt(0)
  try {
    for (;;) {
      const skippable = outer.skippable()
      // Never seek past the end: a truncated archive must still be reported as truncated.
      if (skippable >= MIN_SKIP_BYTES && position + skippable <= size) {
        outer.skip(skippable)
        position += skippable
        pending.catch(() => undefined)
        filling ^= 1
        pending = readAt(position)
        continue
      }
      const { bytesRead } = await pending
      if (bytesRead === 0) break
      const chunk = buffers[filling].subarray(0, bytesRead)
      position += bytesRead
      filling ^= 1
      pending = readAt(position)
      await pushChunk(outer, collector, chunk)
      progress()
    }
    await detached.finished()
  } finally {
    await Promise.all([pending.catch(() => undefined), ...landed])
    await detached.finished().catch(() => undefined)
    await handle.close()
  }
}

/**
 * Compressed layer blobs read from their own offsets, a few at a time: their decompression runs on
 * libuv's thread pool, so layers decompress in parallel while the main thread parses their tars.
 */
class DetachedBlobReads {
  private readonly tasks: Promise<void>[] = []
  private running = 0
  private readonly waiting: (() => void)[] = []

  constructor(
    private readonly handle: FileHandle,
    private readonly concurrency = 3
  ) {}

  start(offset: number, length: number, sink: LayerBlobSink): void {
    const task = this.run(offset, length, sink)
    // The sink's result carries the failure; the task itself must not reject unobserved.
    this.tasks.push(task.catch((error: unknown) => sink.abort(error)))
  }

  async finished(): Promise<void> {
    await Promise.all(this.tasks)
  }

  private async run(offset: number, length: number, sink: LayerBlobSink): Promise<void> {
    if (this.running >= this.concurrency) await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.running++
    try {
      const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES)
      for (let done = 0; done < length && !sink.hasFailed;) {
        const { bytesRead } = await this.handle.read(
          buffer,
          0,
          Math.min(READ_BUFFER_BYTES, length - done),
          offset + done
        )
        if (bytesRead === 0)
          throw new ImageReadError(`layer ${sink.archivePath}: archive ends inside the blob`)
        done += bytesRead
        sink.write(buffer.subarray(0, bytesRead))
        const drain = sink.drain
        if (drain) await Promise.race([drain, sink.result.then(noop, noop)])
      }
      if (!sink.hasFailed) sink.end()
      await sink.result.then(noop, noop)
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }
}

const noop = () => undefined

function asReadError(error: unknown, sourceName: string): Error {
  if (error instanceof ImageReadError) return error
  if (error instanceof TarFormatError) return new ImageReadError(`${sourceName}: ${error.message}`)
  const code = (error as NodeJS.ErrnoException | undefined)?.code
  if (code === 'ENOENT') return new ImageReadError(`${sourceName}: no such file`)
  if (code === 'EACCES') return new ImageReadError(`${sourceName}: permission denied`)
  if (code === 'EISDIR') return new ImageReadError(`${sourceName}: is a directory, not an archive`)
  if (code === 'Z_DATA_ERROR' || code === 'Z_BUF_ERROR' || code === 'ERR_ZSTD_INVALID_PARAM') {
    return new ImageReadError(`${sourceName}: compressed archive is corrupt: ${(error as Error).message}`)
  }
  if (error instanceof Error && /unexpected end of file/i.test(error.message)) {
    return new ImageReadError(`${sourceName}: compressed archive is truncated`)
  }
  return error instanceof Error ? error : new Error(String(error))
}
