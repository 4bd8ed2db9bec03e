// Reading an archive by path: a regular file with seeking and parallel compressed-layer tasks, or a
// pipe with reused buffers. Both feed the same synchronous tar parser as a stream does.
import { readSync } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import { ImageReadError } from '../errors.js'
import type { ArchiveCollector } from './archive.js'
import { detectCompression } from './decompress.js'
import type { LayerBlobSink } from './layer-blob.js'
import { FileCursor, type ReadAt } from './file-cursor.js'
import type { TarParser } from './tar-parser.js'

export const READ_BUFFER_BYTES = 1 << 20
/** The archive walk's reads: large enough that a run of small files costs few reads. */
const WALK_CHUNK_BYTES = 256 * 1024
/**
 * Seeking past less than this costs more than copying it: a read costs ~5 µs more, a page-cache copy
 * ~0.2 µs a KiB.
 */
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
        outer.skip(skippable)
        cursor.skip(skippable)
        continue
      }
      const chunk = cursor.next()
      if (chunk.length === 0) break
      await pushChunk(outer, collector, chunk)
      progress()
    }
    await detached.finished()
  } finally {
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

/**
 * A pipe read with two reused buffers, the next read in flight while a chunk is parsed: no buffer
 * per read for the garbage collector, unlike a stream's 64 KiB chunks.
 */
export async function* pipeChunks(handle: FileHandle): AsyncGenerator<Buffer> {
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

export async function pushChunk(outer: TarParser, collector: ArchiveCollector, chunk: Buffer): Promise<void> {
  outer.push(chunk)
  const drains = collector.pendingDrains()
  if (drains.length > 0) await Promise.all(drains)
}

const noop = () => undefined
