// Reading an archive by path: a regular file with seeking and parallel compressed-layer tasks, or a
// pipe with reused buffers. Both feed the same synchronous tar parser as a stream does.
import { type FileHandle, open } from 'node:fs/promises'
import { ImageReadError } from '../errors.js'
import type { ArchiveCollector } from './archive.js'
import { detectCompression } from './decompress.js'
import type { LayerBlobSink } from './layer-blob.js'
import { ReadWindow } from './read-window.js'
import type { TarParser } from './tar-parser.js'

export const READ_BUFFER_BYTES = 1 << 20
/** Seeking past less than this costs more in extra reads than it saves. */
const MIN_SKIP_BYTES = 256 * 1024
/** Reads ahead of the parser: page-cache copies are cheap, a parser waiting on one is not. */
const SEEKABLE_READS_IN_FLIGHT = 4

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
 * An archive file read through a window of reused buffers, seeking past file bodies that no rule
 * needs: only tar headers and the bytes that rules or signatures read come off the disk.
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
  const reads = new ReadWindow(handle, size, READ_BUFFER_BYTES, SEEKABLE_READS_IN_FLIGHT)
  let position = 0
  try {
    for (;;) {
      const skippable = outer.skippable()
      // Never seek past the end: a truncated archive must still be reported as truncated.
      if (skippable >= MIN_SKIP_BYTES && position + skippable <= size) {
        outer.skip(skippable)
        reads.skip(skippable)
        position += skippable
        continue
      }
      const chunk = await reads.next()
      if (chunk.length === 0) break
      position += chunk.length
      await pushChunk(outer, collector, chunk)
      progress()
    }
    await detached.finished()
  } finally {
    await reads.settled()
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
