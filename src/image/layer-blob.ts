// One layer blob of the archive: detect its compression by magic bytes, decompress as it streams
// (zlib runs on libuv's thread pool, so layers decompress in parallel), and index its tar entries.
import { printableName } from './safe-path.js'
import type { Hash } from 'node:crypto'
import { ImageReadError, LimitError } from '../common/errors.js'
import { Decompression } from './decompress.js'
import { ReadAheadBudget } from './read-ahead.js'
import { type EntryBudget, LayerIndexer } from './layer-index.js'
import type { ReadLimits } from './limits.js'
import { type BodySink, TarParser } from './tar-parser.js'
import type { LayerEntries } from './merge.js'
import type { CapturePredicate, Compression } from './types.js'

export interface LayerBlobResult {
  archivePath: string
  compression: Compression
  compressedSize: number
  uncompressedSize: number
  contentSize: number
  entries: LayerEntries
  /** sha256 of the blob and of the uncompressed tar, when digests are verified. */
  blobDigest?: string
  diffId?: string
}

const settled = () => undefined

export interface LayerBlobContext {
  capture: CapturePredicate
  limits: ReadLimits
  budget: EntryBudget
  verifyDigests: boolean
  /** Compressed bytes that may be read ahead of the decompressors, shared by every blob of one read. */
  readAhead?: ReadAheadBudget
}

/** Receives a layer blob's bytes from the outer archive; `result` settles when it is fully indexed. */
export class LayerBlobSink implements BodySink {
  readonly result: Promise<LayerBlobResult>
  private resolve!: (value: LayerBlobResult) => void
  private reject!: (reason: unknown) => void
  private readonly indexer: LayerIndexer
  private readonly parser: TarParser
  private readonly decompression: Decompression | undefined
  private readonly budget: ReadAheadBudget | undefined
  private readonly blobHash: Hash | undefined
  private readonly tarHash: Hash | undefined
  private compressedSize = 0
  private uncompressedSize = 0
  private failed = false

  constructor(
    readonly archivePath: string,
    readonly compression: Compression,
    private readonly context: LayerBlobContext
  ) {
    this.result = new Promise((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
    // Callers may never await a result whose blob no manifest names; keep its failure from going unhandled.
    this.result.catch(() => undefined)
    this.indexer = new LayerIndexer(context.capture, context.limits, context.budget)
    this.parser = new TarParser(this.indexer, { maxMetaBytes: context.limits.maxTarMetaBytes })
    if (context.verifyDigests) {
      // Loaded only when digests are verified: most reads never load node:crypto.
      const { createHash } = process.getBuiltinModule('node:crypto')
      this.blobHash = createHash('sha256')
      this.tarHash = compression === 'none' ? this.blobHash : createHash('sha256')
    }
    if (compression !== 'none') {
      this.budget = context.readAhead ?? new ReadAheadBudget()
      this.decompression = new Decompression(compression, this.budget)
      this.decompression.deliverTo({
        chunk: (bytes) => this.onTarBytes(bytes),
        end: () => this.finish(),
        error: (error) =>
          this.fail(
            new ImageReadError(
              `layer ${printableName(archivePath)}: ${compression} data is corrupt: ${error.message}`
            )
          )
      })
    }
  }

  /**
   * A promise to await before feeding more input, when the compressed bytes read ahead of the
   * decompressors reach their bound. A sink that fails gives its bytes back and settles its result,
   * so the promise also settles when the blob does.
   */
  get drain(): Promise<unknown> | undefined {
    if (!this.budget?.full || this.failed || !this.decompression?.heldBytes) return undefined
    return Promise.race([this.budget.room(), this.result.then(settled, settled)])
  }

  write(chunk: Buffer): void {
    if (this.failed) return
    this.compressedSize += chunk.length
    if (this.decompression) {
      this.blobHash?.update(chunk)
      this.decompression.write(chunk)
    } else this.onTarBytes(chunk)
  }

  /** An uncompressed layer, not being hashed, needs only the bytes its tar parser needs. */
  skippable(): number {
    if (this.decompression || this.tarHash || this.failed) return 0
    return this.parser.skippable()
  }

  skip(length: number): void {
    this.compressedSize += length
    this.uncompressedSize += length
    this.parser.skip(length)
  }

  end(): void {
    if (this.failed) return
    if (this.decompression) this.decompression.end()
    else this.finish()
  }

  private onTarBytes(chunk: Buffer): void {
    if (this.failed) return
    this.uncompressedSize += chunk.length
    const limits = this.context.limits
    try {
      if (this.uncompressedSize > limits.maxLayerBytes) {
        throw new LimitError(
          `layer ${printableName(this.archivePath)} expands past ${limits.maxLayerBytes} bytes (limit --max-layer-bytes)`
        )
      }
      if (
        this.decompression &&
        this.uncompressedSize > limits.ratioCheckAfterBytes &&
        this.uncompressedSize > this.decompression.consumedBytes * limits.maxCompressionRatio
      ) {
        // Against the bytes inflated so far, not those read ahead: the ratio of what came out so far.
        throw new LimitError(
          `layer ${printableName(this.archivePath)} expands more than ${limits.maxCompressionRatio}:1 ` +
            `(${this.uncompressedSize} bytes from ${this.decompression.consumedBytes}): a compression bomb? (limit --max-compression-ratio)`
        )
      }
      this.tarHash?.update(chunk)
      this.parser.push(chunk)
    } catch (error) {
      this.fail(error)
    }
  }

  private finish(): void {
    if (this.failed) return
    try {
      this.parser.end()
    } catch (error) {
      this.fail(error)
      return
    }
    const blobDigest = this.blobHash ? `sha256:${this.blobHash.digest('hex')}` : undefined
    const diffId =
      this.tarHash === this.blobHash
        ? blobDigest
        : this.tarHash
          ? `sha256:${this.tarHash.digest('hex')}`
          : undefined
    this.resolve({
      archivePath: this.archivePath,
      compression: this.compression,
      compressedSize: this.compressedSize,
      uncompressedSize: this.uncompressedSize,
      contentSize: this.indexer.contentSize,
      entries: this.indexer.entries,
      ...(blobDigest ? { blobDigest } : {}),
      ...(diffId ? { diffId } : {})
    })
  }

  /** Ends the blob with an error that came from outside (its reader failed). */
  abort(error: unknown): void {
    this.fail(error)
  }

  /** True once the blob failed: feeding it more is pointless. */
  get hasFailed(): boolean {
    return this.failed
  }

  private fail(error: unknown): void {
    if (this.failed) return
    this.failed = true
    this.decompression?.destroy()
    const message = error instanceof Error ? error.message : String(error)
    this.reject(
      error instanceof ImageReadError
        ? error
        : new ImageReadError(`layer ${printableName(this.archivePath)}: ${message}`)
    )
  }
}
