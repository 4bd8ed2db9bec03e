// What the reader asks of a source that holds an image as separate blobs named by digest (an OCI layout
// directory, a registry) instead of one archive to stream through. The sources (src/source/) do the I/O;
// the reader walks the documents, selects the image and decides which layers to read, and how many at once.
import type { Descriptor } from './select.js'
import type { ArchiveLayout } from './types.js'

/** The document a read starts from. */
export interface RootDocument {
  bytes: Buffer
  /** Where it is, for messages: "index.json", or the reference a registry was asked for. */
  where: string
  /** Its digest when it is known to be one (a registry's manifest): the image's manifest digest. */
  digest?: string
  /** The media type the source declared (a registry's Content-Type), when the document may not say. */
  mediaType?: string
  /** Names the image is known by when the document has none of its own (a registry reference). */
  refs: string[]
}

/**
 * Receives one layer blob's bytes in order. A source writes, awaits `drain` when it is set (the
 * decompressors are behind), and ends; a seekable source may skip what `skippable()` allows.
 */
export interface LayerTarget {
  write(chunk: Buffer): void
  end(): void
  /** A promise to await before the next write, or undefined. */
  readonly drain: Promise<unknown> | undefined
  /** Bytes that may be skipped instead of written (an uncompressed layer's file bodies no rule reads). */
  skippable(): number
  skip(length: number): void
  /** True once the blob failed (a limit, corrupt data): reading on is pointless. */
  readonly hasFailed: boolean
  /** Ends the blob with the source's own error. */
  abort(error: unknown): void
}

export interface BlobStore {
  /** Names the store in messages: "layout ./image", "registry docker.io, repository library/alpine". */
  readonly name: string
  /** The layout the image reports ('oci' for a layout directory, 'registry'). */
  readonly layout: ArchiveLayout
  /**
   * True when the bytes cross an untrusted transport: every document and blob is then checked against
   * its digest whether or not --verify-digests was given.
   */
  readonly untrusted: boolean
  /** Layer blobs read at once. */
  readonly parallelLayers: number
  root(maxBytes: number): Promise<RootDocument>
  /**
   * A manifest, index or config, whole; refused above `maxBytes` before it is read. `what` is
   * `manifest` (or `attestation manifest`) for a manifest or index, which a registry serves apart.
   */
  document(descriptor: Descriptor, what: string, maxBytes: number): Promise<Buffer>
  /** Streams a layer blob into `target`, settling when it has all been written (or failed). */
  layer(descriptor: Descriptor, target: LayerTarget, signal: AbortSignal): Promise<void>
  /**
   * Why an image's config or a layer is absent from the store, or undefined when all are there. A
   * layout written with some platforms only answers; a registry, which must have what it lists, need not.
   */
  missing?(candidate: {
    configPath: string
    layers: readonly { archivePath: string }[]
  }): Promise<string | undefined>
  /** Releases what the store holds open (connections, descriptors). */
  close?(): Promise<void>
}
