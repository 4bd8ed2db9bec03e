// The outer archive: every entry is classified by its bytes as it streams past. Layer blobs are
// indexed at once (blob order is not layer order); JSON documents are kept until the manifest,
// which comes last, says how they fit together.
import { ImageReadError, LimitError, MissingBlobError } from '../common/errors.js'
import { detectCompression } from './decompress.js'
import { type LayerBlobContext, type LayerBlobResult, LayerBlobSink } from './layer-blob.js'
import { retain } from './layer-index.js'
import { limitFlag } from './limits.js'
import { normalisePath, parentPath, printableName } from './safe-path.js'
import { BLOCK, checksumMatches, isZeroBlock } from './tar-header.js'
import type { BodySink, TarEntryHeader, TarVisitor } from './tar-parser.js'

const METADATA_NAMES = new Set(['manifest.json', 'index.json', 'repositories', 'oci-layout'])

/** What the outer archive held, by path inside the archive (no leading slash). */
export interface ArchiveContents {
  metadata: Map<string, Buffer>
  layers: Map<string, Promise<LayerBlobResult>>
  /** Archive paths that are symlinks or hard links to another archive path. */
  aliases: Map<string, string>
  blobSizes: Map<string, number>
  /** Regular files that are neither JSON nor tar/gzip/zstd data, so cannot be a layer or a document. */
  unrecognised: Set<string>
  /**
   * JSON documents over the metadata limit, by size, left unread: an error only if the image needs
   * one (an SBOM statement can be larger than any manifest, and is not needed to gate the image).
   */
  oversized: Map<string, { size: number; limit: number }>
}

export class ArchiveCollector implements TarVisitor {
  readonly contents: ArchiveContents = {
    metadata: new Map(),
    layers: new Map(),
    aliases: new Map(),
    blobSizes: new Map(),
    unrecognised: new Set(),
    oversized: new Map()
  }
  /** Blobs still being read; a finished one is let go so its indexer's entries can be collected after the merge. */
  private readonly sinks = new Set<LayerBlobSink>()
  private blobCount = 0
  /** Layer blobs fully indexed so far, for progress reports. */
  layersDone = 0
  private limitHit: LimitError | undefined

  constructor(private readonly context: LayerBlobContext) {}

  entry(header: TarEntryHeader): BodySink | undefined {
    const path = normalisePath(header.name).slice(1)
    if (header.kind === 'symlink') {
      const target = header.linkname.startsWith('/')
        ? header.linkname
        : `${parentPath('/' + path)}/${header.linkname}`
      this.contents.aliases.set(path, normalisePath(target).slice(1))
      return undefined
    }
    if (header.kind === 'hardlink') {
      this.contents.aliases.set(path, normalisePath(header.linkname).slice(1))
      return undefined
    }
    if (header.kind !== 'file') return undefined
    this.contents.blobSizes.set(path, header.size)
    return new ClassifyingSink(path, header.size, (head) =>
      this.sinkFor(path, header.size, head, header.bodyOffset)
    )
  }

  /**
   * With random access to the archive, a compressed layer blob is read by its own task from its
   * offset, so several layers decompress at once on the thread pool while the archive walk seeks on.
   */
  detachCompressedBlobs(reader: (offset: number, size: number, sink: LayerBlobSink) => void): void {
    this.detachedReader = reader
  }

  /**
   * Promises for decompressors that are behind; the reader awaits them before pushing more input.
   * A limit hit anywhere in the archive is hostile input: it rejects at once instead of letting the
   * rest of the archive stream past.
   */
  pendingDrains(): Promise<unknown>[] {
    if (this.limitHit) return [Promise.reject(this.limitHit)]
    const drains: Promise<unknown>[] = []
    for (const sink of this.sinks) {
      const drain = sink.drain
      if (drain) drains.push(drain)
    }
    return drains
  }

  /** True while a compressed layer blob read through this walk is decompressing on the thread pool. */
  get decompressing(): boolean {
    for (const sink of this.sinks) if (sink.compression !== 'none') return true
    return false
  }

  private detachedReader: ((offset: number, size: number, sink: LayerBlobSink) => void) | undefined

  private sinkFor(path: string, size: number, head: Buffer, bodyOffset: number): BodySink | undefined {
    const name = path.slice(path.lastIndexOf('/') + 1)
    const firstByte = head.find((byte) => byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09)
    const looksJson = firstByte === 0x7b || firstByte === 0x5b
    if (
      METADATA_NAMES.has(path) ||
      name.endsWith('.json') ||
      name === 'json' ||
      name === 'VERSION' ||
      looksJson
    ) {
      if (size > this.context.limits.maxMetadataBytes) {
        if (METADATA_NAMES.has(path)) throw oversizedError(path, size, this.context.limits.maxMetadataBytes)
        if (looksJson)
          this.contents.oversized.set(path, { size, limit: this.context.limits.maxMetadataBytes })
        return undefined
      }
      return new BufferSink((bytes) => {
        retain(
          this.context.budget,
          this.context.limits,
          bytes.length,
          () => `archive entry ${printableName(path)}`
        )
        this.contents.metadata.set(path, bytes)
      })
    }
    const compression = detectCompression(head)
    const isTar =
      head.length >= BLOCK &&
      (isZeroBlock(head.subarray(0, BLOCK)) || checksumMatches(head.subarray(0, BLOCK)))
    if (compression === 'none' && !isTar) {
      this.contents.unrecognised.add(path)
      return undefined
    }
    if (++this.blobCount > this.context.limits.maxLayers * 4) {
      throw new LimitError(
        `more than ${this.context.limits.maxLayers * 4} layer blobs in the archive (limit ${limitFlag('maxLayers')})`
      )
    }
    const sink = new LayerBlobSink(path, compression, this.context)
    this.sinks.add(sink)
    sink.result.then(
      () => {
        this.layersDone++
        this.sinks.delete(sink)
      },
      (error: unknown) => {
        if (error instanceof LimitError) this.limitHit ??= error
        this.sinks.delete(sink)
      }
    )
    this.contents.layers.set(path, sink.result)
    if (compression !== 'none' && this.detachedReader) {
      this.detachedReader(bodyOffset, size, sink)
      return SKIP_BODY
    }
    return sink
  }
}

const noop = () => undefined

/** Lets the archive walk seek past a body that another task reads. */
const SKIP_BODY: BodySink = {
  write: noop,
  end: noop,
  skippable: () => Number.MAX_SAFE_INTEGER,
  skip: noop
}

/** Holds the first bytes of an entry until its kind is known, then replays them to the real sink. */
class ClassifyingSink implements BodySink {
  private held: Buffer[] = []
  private heldBytes = 0
  private target: BodySink | undefined
  private decided = false

  constructor(
    private readonly path: string,
    private readonly size: number,
    private readonly choose: (head: Buffer) => BodySink | undefined
  ) {}

  write(chunk: Buffer): void {
    if (this.decided) {
      this.target?.write(chunk)
      return
    }
    const wanted = Math.min(BLOCK, this.size)
    // Usually the whole head is in the first chunk: decide on a view, no copy of a 1 MiB chunk.
    if (this.heldBytes === 0 && chunk.length >= wanted) {
      this.decide(chunk.subarray(0, wanted), [chunk])
      return
    }
    // Chunks are reused by the reader once written: hold copies.
    this.held.push(Buffer.from(chunk))
    this.heldBytes += chunk.length
    if (this.heldBytes >= wanted) this.decideOnHeld()
  }

  end(): void {
    if (!this.decided) this.decideOnHeld()
    this.target?.end()
  }

  skippable(): number {
    if (!this.decided) return 0
    return this.target ? (this.target.skippable?.() ?? 0) : Number.MAX_SAFE_INTEGER
  }

  skip(length: number): void {
    this.target?.skip?.(length)
  }

  private decideOnHeld(): void {
    const held = this.held
    this.held = []
    this.decide(Buffer.concat(held), held)
  }

  private decide(head: Buffer, replay: Buffer[]): void {
    this.decided = true
    this.target = this.choose(head)
    if (!this.target) return
    for (const chunk of replay) if (chunk.length > 0) this.target.write(chunk)
  }

  toString(): string {
    return this.path
  }
}

class BufferSink implements BodySink {
  private chunks: Buffer[] = []
  constructor(private readonly done: (bytes: Buffer) => void) {}
  write(chunk: Buffer): void {
    this.chunks.push(Buffer.from(chunk))
  }
  end(): void {
    this.done(Buffer.concat(this.chunks))
    this.chunks = []
  }
}

export function oversizedError(path: string, size: number, limit: number): LimitError {
  return new LimitError(
    `archive entry ${printableName(path)} is ${size} bytes, over the metadata limit of ${limit} (limit ${limitFlag('maxMetadataBytes')})`
  )
}

/** Follows archive-level symlinks (legacy `layer.tar` → `../<id>/layer.tar`), bounded. */
export function resolveArchivePath(contents: ArchiveContents, path: string): string {
  let current = normalisePath(path).slice(1)
  for (let hops = 0; hops < 16 && contents.aliases.has(current); hops++) {
    current = contents.aliases.get(current) as string
  }
  return current
}

export function missingBlobError(what: string, path: string, contents?: ArchiveContents): ImageReadError {
  const resolved = contents ? resolveArchivePath(contents, path) : path
  if (contents?.unrecognised.has(resolved)) {
    return new ImageReadError(
      `${what} ${printableName(path)} named by the manifest is in the archive, but is neither a tar nor gzip or zstd data`
    )
  }
  if (what === 'layer' && contents?.metadata.has(resolved)) {
    return new ImageReadError(
      `layer ${printableName(path)} named by the manifest is a JSON document, not a layer`
    )
  }
  if (what === 'manifest') {
    return new MissingBlobError(
      `manifest ${printableName(path)} named by the index is not in the archive ` +
        '(docker save with the containerd image store writes only the platforms the engine has)'
    )
  }
  return new MissingBlobError(
    `${what} ${printableName(path)} named by the manifest is not in the archive ` +
      `(the containerd image store omits blobs shared with another image; save the image on its own)`
  )
}
