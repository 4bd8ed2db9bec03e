// A layer blob arriving by itself (from a layout directory's file or a registry's response): its first
// block decides what it is (gzip, zstd or tar, by magic bytes as in archives), then its bytes go to a
// LayerBlobSink. The source only writes; this is the LayerTarget it writes to.
import { ImageReadError } from '../common/errors.js'
import type { LayerTarget } from './blob-store.js'
import { detectCompression } from './decompress.js'
import { type LayerBlobContext, type LayerBlobResult, LayerBlobSink } from './layer-blob.js'
import { printableName } from './safe-path.js'
import { BLOCK, checksumMatches, isZeroBlock } from './tar-header.js'

export class LayerIntake implements LayerTarget {
  readonly result: Promise<LayerBlobResult>
  private resolve!: (value: LayerBlobResult) => void
  private reject!: (reason: unknown) => void
  private sink: LayerBlobSink | undefined
  private held: Buffer[] = []
  private heldBytes = 0
  private failure: unknown
  private ended = false

  constructor(
    /** The blob's name in messages and reports (blobs/sha256/…). */
    readonly archivePath: string,
    private readonly context: LayerBlobContext
  ) {
    this.result = new Promise((resolve, reject) => {
      this.resolve = resolve
      this.reject = reject
    })
    this.result.catch(() => undefined)
  }

  write(chunk: Buffer): void {
    if (this.hasFailed) return
    if (this.sink) {
      this.sink.write(chunk)
      return
    }
    if (this.heldBytes === 0 && chunk.length >= BLOCK) {
      this.decide(chunk.subarray(0, BLOCK))?.write(chunk)
      return
    }
    // The writer may reuse its buffer: hold a copy.
    this.held.push(Buffer.from(chunk))
    this.heldBytes += chunk.length
    if (this.heldBytes >= BLOCK) this.decideOnHeld()
  }

  end(): void {
    if (this.hasFailed || this.ended) return
    this.ended = true
    if (!this.sink) this.decideOnHeld()
    this.sink?.end()
  }

  get drain(): Promise<unknown> | undefined {
    return this.sink?.drain
  }

  skippable(): number {
    return this.sink?.skippable() ?? 0
  }

  skip(length: number): void {
    this.sink?.skip(length)
  }

  get hasFailed(): boolean {
    return this.failure !== undefined || (this.sink?.hasFailed ?? false)
  }

  abort(error: unknown): void {
    if (this.sink) this.sink.abort(error)
    else this.fail(error)
  }

  private decideOnHeld(): void {
    const held = Buffer.concat(this.held)
    this.held = []
    this.heldBytes = 0
    const sink = this.decide(held.subarray(0, BLOCK))
    if (held.length > 0) sink?.write(held)
  }

  private decide(head: Buffer): LayerBlobSink | undefined {
    const compression = detectCompression(head)
    const isTar =
      head.length >= BLOCK &&
      (isZeroBlock(head.subarray(0, BLOCK)) || checksumMatches(head.subarray(0, BLOCK)))
    if (compression === 'none' && !isTar) {
      this.fail(
        new ImageReadError(
          `layer ${printableName(this.archivePath)} named by the manifest is neither a tar nor gzip or zstd data`
        )
      )
      return undefined
    }
    const sink = new LayerBlobSink(this.archivePath, compression, this.context)
    this.sink = sink
    sink.result.then(this.resolve, this.reject)
    return sink
  }

  private fail(error: unknown): void {
    if (this.failure !== undefined) return
    this.failure = error ?? new Error('failed')
    this.reject(error)
  }
}
