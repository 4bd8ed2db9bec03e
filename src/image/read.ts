// Entry point of the reader: one streaming pass over the archive (file, stdin or `docker save`),
// then assembly. Nothing is written to disk and no layer is held whole in memory.
import { createReadStream } from 'node:fs'
import { type FileHandle, open } from 'node:fs/promises'
import type { Readable } from 'node:stream'
import { ImageReadError, LimitError } from '../common/errors.js'
import { type ArchiveContents, ArchiveCollector } from './archive.js'
import {
  type AssembleOptions,
  type ImageVisitor,
  type ImagesRead,
  assembleImage,
  assembleImages
} from './assemble.js'
import {
  PipeCursor,
  openArchiveFile,
  pipeChunks,
  pushChunk,
  readAtDescriptor,
  readFromDescriptor,
  readPipe,
  readSeekable
} from './file-reads.js'
import { Decompression, detectCompression } from './decompress.js'
import { DEFAULT_LIMITS, type ReadLimits, limitFlag } from './limits.js'
import { ReadAheadBudget } from './read-ahead.js'
import { checkTarStart } from './sniff.js'
import { BLOCK, TarFormatError } from './tar-header.js'
import { TarParser } from './tar-parser.js'
import type { CapturePredicate, Image } from './types.js'

/** An archive's bytes as the reader takes them: a file it may seek in, a pipe, or a stream. */
export type ArchiveInput =
  | { kind: 'file'; path: string }
  /**
   * A pipe or FIFO opened by path (`/dev/stdin`): read in order into one reused buffer, never seeking.
   * The reads block the main thread, so the writer must be another process.
   */
  | { kind: 'pipe'; path: string; name: string }
  /** A stream, or any async source of chunks (the engine's `docker save` body). */
  | { kind: 'stream'; stream: Readable | AsyncIterable<Buffer>; name: string }

export interface ReadProgress {
  /** Bytes of the archive read so far. */
  bytes: number
  /** Layer blobs fully indexed. */
  layersDone: number
}

export interface ReadOptions {
  /** Reference to select in an archive holding several images. */
  image?: string
  /** `all`, os/arch[/variant] or a comma list to select in a multi-platform archive; undefined: every one. */
  platform?: string
  /** Read the attestation statements the index attaches to each image (a rule asks for them). */
  attestations?: boolean
  capture?: CapturePredicate
  verifyDigests?: boolean
  limits?: Partial<ReadLimits>
  onProgress?: (progress: ReadProgress) => void
}

const NO_CAPTURE: CapturePredicate = () => 0

/** Reads the one image `options` select; an archive of several platforms needs `platform` to name one. */
export async function readImage(source: ArchiveInput, options: ReadOptions = {}): Promise<Image> {
  return readArchive(source, options, (contents, assembly) => assembleImage(contents, assembly))
}

/**
 * Reads every image `options` select (every platform of a multi-platform archive, unless `platform`
 * names some), handing each to `visit` as soon as it is merged, one after another.
 */
export async function readImages<T>(
  source: ArchiveInput,
  options: ReadOptions,
  visit: ImageVisitor<T>
): Promise<ImagesRead<T>> {
  return readArchive(source, options, (contents, assembly) => assembleImages(contents, assembly, visit))
}

async function readArchive<R>(
  source: ArchiveInput,
  options: ReadOptions,
  assemble: (contents: ArchiveContents, options: AssembleOptions) => Promise<R>
): Promise<R> {
  const limits: ReadLimits = { ...DEFAULT_LIMITS, ...options.limits }
  const budget = { entries: 0 }
  const collector = new ArchiveCollector({
    capture: options.capture ?? NO_CAPTURE,
    limits,
    budget,
    verifyDigests: options.verifyDigests ?? false,
    readAhead: new ReadAheadBudget()
  })
  const outer = new TarParser(collector, { maxMetaBytes: limits.maxTarMetaBytes })
  const sourceName = source.kind === 'file' ? source.path : source.name
  let input: Readable | AsyncIterable<Buffer> | undefined
  let pipe: FileHandle | undefined
  const progress = () => options.onProgress?.({ bytes: outer.bytesRead, layersDone: collector.layersDone })
  try {
    const file = source.kind === 'file' ? await openArchiveFile(source.path) : undefined
    if (file && !file.compressed) {
      const head = Buffer.alloc(Math.min(file.size, BLOCK))
      await file.handle.read(head, 0, head.length, 0).catch(async (error: unknown) => {
        await file.handle.close()
        throw error
      })
      try {
        checkTarStart(head, sourceName, undefined)
      } catch (error) {
        await file.handle.close()
        throw error
      }
      await readSeekable(file.handle, readAtDescriptor(file.handle.fd), file.size, outer, collector, progress)
    } else {
      await file?.handle.close()
      let chunks: AsyncIterable<Buffer> | undefined
      if (source.kind === 'pipe') {
        // Opened by path on the thread pool (a FIFO's open waits for its writer), so the descriptor is
        // ours and blocking whatever flags the shell's stdin has; then read on the main thread.
        pipe = await open(source.path, 'r')
        const cursor = new PipeCursor(readFromDescriptor(pipe.fd))
        const head = cursor.next(BLOCK)
        if (detectCompression(head) === 'none') {
          checkTarStart(head, sourceName, undefined)
          await readPipe(cursor, head, outer, collector, progress)
        } else chunks = pipeChunks(cursor, head)
      } else {
        input =
          source.kind === 'file' ? createReadStream(source.path, { highWaterMark: 1 << 20 }) : source.stream
        chunks = input
      }
      if (chunks) {
        for await (const chunk of archiveChunks(chunks, limits, sourceName)) {
          await pushChunk(outer, collector, chunk)
          progress()
        }
      }
    }
    outer.end()
    return await assemble(collector.contents, {
      verifyDigests: options.verifyDigests ?? false,
      limits,
      budget,
      ...(options.image ? { image: options.image } : {}),
      ...(options.platform ? { platform: options.platform } : {}),
      ...(options.attestations ? { attestations: true } : {})
    })
  } catch (error) {
    if (input && 'destroy' in input) input.destroy()
    throw asReadError(error, sourceName)
  } finally {
    await pipe?.close()
  }
}

/**
 * The archive's tar bytes: `docker save img | gzip` (or zstd) is decompressed on the fly, under the
 * same expansion-ratio limit as layers so a small compressed archive cannot expand without end.
 */
async function* archiveChunks(
  input: AsyncIterable<Buffer>,
  limits: ReadLimits,
  sourceName: string
): AsyncGenerator<Buffer> {
  const chunks = input[Symbol.asyncIterator]()
  const first = await chunks.next()
  if (first.done) {
    checkTarStart(Buffer.alloc(0), sourceName, undefined)
    return
  }
  const compression = detectCompression(first.value)
  if (compression === 'none') {
    try {
      yield* checkedTarStart(
        (async function* () {
          yield first.value
          for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value
        })(),
        sourceName,
        undefined
      )
    } finally {
      await chunks.return?.()
    }
    return
  }
  yield* checkedTarStart(decompressed(first, chunks, compression, limits), sourceName, compression)
}

/** Passes `chunks` through once their first block has been seen to start a tar archive. */
async function* checkedTarStart(
  chunks: AsyncIterable<Buffer>,
  sourceName: string,
  compression: string | undefined
): AsyncGenerator<Buffer> {
  const held: Buffer[] = []
  let heldBytes = 0
  let checked = false
  for await (const chunk of chunks) {
    if (checked) {
      yield chunk
      continue
    }
    held.push(chunk)
    heldBytes += chunk.length
    if (heldBytes < BLOCK) continue
    checkTarStart(held.length === 1 ? held[0] : Buffer.concat(held), sourceName, compression)
    checked = true
    yield* held
    held.length = 0
  }
  if (!checked) {
    checkTarStart(Buffer.concat(held), sourceName, compression)
    yield* held
  }
}

async function* decompressed(
  first: IteratorResult<Buffer>,
  chunks: AsyncIterator<Buffer>,
  compression: Exclude<ReturnType<typeof detectCompression>, 'none'>,
  limits: ReadLimits
): AsyncGenerator<Buffer> {
  // A few MiB ahead of the decompressor: reading more would only hold memory.
  const budget = new ReadAheadBudget(4 * 2 ** 20)
  const decompression = new Decompression(compression, budget)
  let compressedBytes = 0
  const feed = async () => {
    for (let next: IteratorResult<Buffer> = first; !next.done; next = await chunks.next()) {
      compressedBytes += next.value.length
      decompression.write(next.value)
      if (budget.full) await budget.room()
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
