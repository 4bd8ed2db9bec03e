// Reading an archive by path: a regular file with seeking and parallel compressed-layer tasks, or a
// pipe read on the main thread into one reused buffer. Both feed the same synchronous tar parser as a
// stream does.
import { readSync } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import { ImageReadError } from '../common/errors.js'
import { compressedLayerReads } from '../runtime/parallelism.js'
import type { ArchiveCollector } from './archive.js'
import { detectCompression } from './decompress.js'
import type { LayerBlobSink } from './layer-blob.js'
import { FileCursor, type ReadAt } from './file-cursor.js'
import { BLOCK } from './tar-header.js'
import type { TarParser } from './tar-parser.js'

export const READ_BUFFER_BYTES = 1 << 20
/** The archive walk's reads: large enough that a run of small files costs few reads. */
const WALK_CHUNK_BYTES = 256 * 1024
/** Seeking past less than this costs more than copying it: a seek is one more read (docs/benchmarks.md). */
const MIN_SKIP_BYTES = 32 * 1024

export async function openArchiveFile(
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
 * How far to seek from `position` when `skippable` bytes may be passed over: to the last tar block
 * boundary before their end, so the chunks that follow stay word-aligned as the tar's blocks are and
 * their headers are checksummed a word at a time (tar-header.ts). The few body bytes before it are
 * read and passed over.
 */
export function blockAlignedSkip(position: number, skippable: number): number {
  return skippable - ((position + skippable) % BLOCK)
}

/** Synchronous positional reads on a file descriptor. */
export function readAtDescriptor(fd: number): ReadAt {
  return (buffer, offset, length, position) => readSync(fd, buffer, offset, length, position)
}

/**
 * An archive file walked forward, seeking past file bodies that no rule needs: only tar headers and the
 * bytes that rules or signatures read come off the disk. `readAt` reads for the walk; compressed layer
 * blobs are read through `handle` by their own tasks.
 */
export async function readSeekable(
  handle: Pick<FileHandle, 'read' | 'close'>,
  readAt: ReadAt,
  size: number,
  outer: TarParser,
  collector: ArchiveCollector,
  progress: () => void
): Promise<void> {
  const detached = new DetachedBlobReads(handle)
  collector.detachCompressedBlobs((offset, length, sink) => detached.start(offset, length, sink))
  const cursor = new FileCursor(readAt, size, WALK_CHUNK_BYTES)
  try {
    for (;;) {
      const skippable = outer.skippable()
      // Never seek past the end: a truncated archive must still be reported as truncated.
      if (skippable >= MIN_SKIP_BYTES && cursor.position + skippable <= size) {
        const length = blockAlignedSkip(cursor.position, skippable)
        outer.skip(length)
        cursor.skip(length)
        continue
      }
      const chunk = cursor.next()
      if (chunk.length === 0) break
      await pushChunk(outer, collector, chunk)
      progress()
    }
    await detached.finished()
  } finally {
    // On the way out of a failed read: the detached reads must end before the handle closes, and the
    // read's own error is the one to report, not theirs.
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
    private readonly handle: Pick<FileHandle, 'read'>,
    private readonly concurrency = compressedLayerReads()
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
        if (drain) await drain
      }
      if (!sink.hasFailed) sink.end()
      await sink.result.then(noop, noop)
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }
}

/** A blocking read of up to `length` bytes into `buffer` at `offset`, 0 at the end (fs.readSync or a fake). */
export type ReadNext = (buffer: Buffer, offset: number, length: number) => number

/** Blocking reads of a descriptor at its current position. */
export function readFromDescriptor(fd: number): ReadNext {
  return (buffer, offset, length) => readSync(fd, buffer, offset, length, null)
}

/**
 * A pipe read on the main thread into one reused buffer. A pipe holds 64 KiB unless its writer enlarged
 * it, so a 1 GiB archive is ~17,000 reads: handed to libuv's thread pool, each costs a round trip to
 * another thread and back while the main thread idles; read here, it is a system call, or a wait for
 * the writer that an asynchronous read would have waited as well.
 */
export class PipeCursor {
  private readonly buffer = Buffer.allocUnsafeSlow(READ_BUFFER_BYTES)

  constructor(private readonly read: ReadNext) {}

  /**
   * What the pipe holds now, waiting for the writer while it is empty, and for at least `minimum` bytes
   * unless the pipe ends first; empty at the end. The chunk stays valid until the next call.
   */
  next(minimum = 1): Buffer {
    let filled = 0
    while (filled < minimum) {
      const bytesRead = this.read(this.buffer, filled, this.buffer.length - filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return this.buffer.subarray(0, filled)
  }
}

/** One turn of the event loop: the thread pool's finished work (zlib's output) is handled meanwhile. */
export const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve))

/**
 * A plain (not whole-archive compressed) tar read from a pipe, starting with `head`, its first bytes.
 * The reads block the main thread, which is idle otherwise, except while layers decompress on the
 * thread pool: then each read is followed by a turn of the event loop so their output is parsed as it
 * comes and zlib is handed its next input.
 */
export async function readPipe(
  cursor: PipeCursor,
  head: Buffer,
  outer: TarParser,
  collector: ArchiveCollector,
  progress: () => void
): Promise<void> {
  for (let chunk = head; chunk.length > 0; chunk = cursor.next()) {
    outer.push(chunk)
    const drains = collector.pendingDrains()
    if (drains.length > 0) await Promise.all(drains)
    else if (collector.decompressing) await nextTurn()
    progress()
  }
}

/** The pipe's chunks as an async source, `head` first, for a decompressor of the whole archive. */
export async function* pipeChunks(cursor: PipeCursor, head: Buffer): AsyncGenerator<Buffer> {
  for (let chunk = head; chunk.length > 0; chunk = cursor.next()) {
    yield chunk
    await nextTurn()
  }
}

export async function pushChunk(outer: TarParser, collector: ArchiveCollector, chunk: Buffer): Promise<void> {
  outer.push(chunk)
  const drains = collector.pendingDrains()
  if (drains.length > 0) await Promise.all(drains)
}

const noop = () => undefined
