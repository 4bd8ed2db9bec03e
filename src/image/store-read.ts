// Reading an image from a blob store (an OCI layout directory, a registry): walk the documents from the
// root, select the image, then stream only the layers it needs into their indexers, several at once,
// and merge. The store does the I/O; this decides what is read, checks it, and assembles.
import { ImageReadError, LimitError } from '../common/errors.js'
import {
  type ImageVisitor,
  type ImagesRead,
  checkLayerCounts,
  imageFromLayers,
  platformOfConfig
} from './assemble.js'
import { readAttestations } from './attestations.js'
import type { BlobStore } from './blob-store.js'
import { parseImageConfig } from './config.js'
import { expectObject, optionalString, parseJson } from './json.js'
import type { LayerBlobContext, LayerBlobResult } from './layer-blob.js'
import { LayerIntake } from './layer-intake.js'
import { DEFAULT_LIMITS, type ReadLimits, limitFlag } from './limits.js'
import { ReadAheadBudget } from './read-ahead.js'
import type { ReadOptions } from './read.js'
import { printableName } from './safe-path.js'
import {
  type Descriptor,
  type ImageCandidate,
  type IndexContents,
  type ManifestSource,
  blobPath,
  indexCandidates,
  manifestCandidate
} from './select.js'
import { type PlatformOf, type Selection, onlyOne, selectImages } from './selection.js'
import type { CapturePredicate, Image, Platform } from './types.js'

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
])
const SCHEMA1_TYPES = new Set([
  'application/vnd.docker.distribution.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v1+prettyjws'
])

const NO_CAPTURE: CapturePredicate = () => 0

/**
 * One read of a store. Documents and layer blobs are kept by digest for the whole read, so several
 * images of one index (platforms) can be read in turn with each shared blob fetched and indexed once:
 * say which with `expect(candidates)` first, and a blob's entry lists are kept until the last image
 * that names it has been merged (without it, each merge lets its blobs' lists go).
 */
export class StoreReader {
  readonly limits: ReadLimits
  readonly verify: boolean
  private readonly documents = new Map<string, Promise<Buffer>>()
  private readonly layers = new Map<string, Promise<LayerBlobResult>>()
  private readonly context: LayerBlobContext
  /** Bytes kept across the whole read: every layer's index and every merge. */
  private readonly budget = { entries: 0 }
  private readonly abort = new AbortController()
  /** Images still to be read that name each layer digest (see `expect`). */
  private readonly pendingUses = new Map<string, number>()
  private running = 0
  private readonly waiting: (() => void)[] = []
  private bytes = 0
  private layersDone = 0

  constructor(
    readonly store: BlobStore,
    private readonly options: ReadOptions = {}
  ) {
    this.limits = { ...DEFAULT_LIMITS, ...options.limits }
    this.verify = store.untrusted || (options.verifyDigests ?? false)
    this.context = {
      capture: options.capture ?? NO_CAPTURE,
      limits: this.limits,
      budget: this.budget,
      verifyDigests: this.verify,
      readAhead: new ReadAheadBudget()
    }
  }

  /** Every image the store's root leads to (attestation manifests excluded), in the root's order. */
  async candidates(): Promise<ImageCandidate[]> {
    return (await this.listing()).candidates
  }

  /** What the store's root leads to: its images, the attestation manifests beside them, what is absent. */
  async listing(): Promise<IndexContents> {
    const root = await this.store.root(this.limits.maxMetadataBytes)
    if (root.digest) this.verifyBytes(root.bytes, root.digest, `manifest ${root.where}`)
    const document = expectObject(parseJson(root.bytes, root.where), root.where)
    const mediaType = optionalString(document, 'mediaType', root.where) ?? root.mediaType ?? ''
    refuseSchema1(document, mediaType, this.store.name)
    if (INDEX_TYPES.has(mediaType) || (Array.isArray(document.manifests) && !document.config)) {
      const found = await indexCandidates(
        this.manifests(),
        document,
        root.where,
        this.store.layout,
        {},
        {
          tolerateMissing: true
        }
      )
      return {
        ...found,
        candidates:
          root.refs.length > 0
            ? found.candidates.map((candidate) => withRefs(candidate, root.refs))
            : found.candidates
      }
    }
    return {
      candidates: [
        withRefs(manifestCandidate(document, root.where, root.digest, {}, this.store.layout), root.refs)
      ],
      attestations: [],
      unreadable: []
    }
  }

  /** Selects the images to read by --image and --platform as an archive would (selection.ts). */
  async select(listing: IndexContents, image: string | undefined): Promise<Selection> {
    const platformOf = await this.platforms(listing.candidates)
    const absent = new Map<ImageCandidate, string>()
    if (this.store.missing) {
      const store = this.store
      await Promise.all(
        listing.candidates.map(async (candidate) => {
          const reason = await store.missing?.(candidate)
          if (reason !== undefined) absent.set(candidate, reason)
        })
      )
    }
    return selectImages(
      {
        ...listing,
        platformOf,
        missing: (candidate) => absent.get(candidate),
        where: this.store.name
      },
      {
        ...(image ? { image } : {}),
        ...(this.options.platform ? { platform: this.options.platform } : {})
      }
    )
  }

  /**
   * The platform of each candidate: its index descriptor's, else its config's (fetched only when there
   * is a choice to make).
   */
  async platforms(candidates: ImageCandidate[]): Promise<PlatformOf> {
    const needConfigs = candidates.length > 1 || this.options.platform !== undefined
    const platforms = new Map<ImageCandidate, Platform | undefined>()
    if (needConfigs) {
      await Promise.all(
        candidates.map(async (candidate) => {
          if (candidate.platform) return
          // A candidate whose config cannot be read offers no platform; if selected, reading it says why.
          platforms.set(
            candidate,
            await this.config(candidate).then(
              (bytes) => platformOfConfig(parseJson(bytes, 'image config')),
              () => undefined
            )
          )
        })
      )
    }
    return (candidate) => candidate.platform ?? platforms.get(candidate)
  }

  /**
   * Reads the selected images one after another, handing each to `visit` before the next is merged;
   * a layer blob they share is fetched and indexed once.
   */
  async readAll<T>(
    selection: Selection,
    reference: string | undefined,
    visit: ImageVisitor<T>
  ): Promise<T[]> {
    this.expect(selection.chosen)
    const results: T[] = []
    for (const candidate of selection.chosen) results.push(await visit(await this.read(candidate, reference)))
    return results
  }

  /** Reads the image a candidate describes: its config, then its layers, several at once. */
  async read(candidate: ImageCandidate, reference?: string): Promise<Image> {
    try {
      if (candidate.layers.length > this.limits.maxLayers) {
        throw new LimitError(
          `the image has ${candidate.layers.length} layers, over the limit of ${this.limits.maxLayers} (limit ${limitFlag('maxLayers')})`
        )
      }
      // The layers start at once, while the config is fetched (a round trip to a registry).
      const indexed = Promise.all(candidate.layers.map((ref) => this.layerBlob(ref)))
      indexed.catch(() => undefined)
      const config = parseImageConfig(
        parseJson(await this.config(candidate), `image config ${candidate.configPath}`),
        candidate.configPath
      )
      checkLayerCounts(candidate, config, this.limits)
      const blobs = await indexed
      const keep = new Set<LayerBlobResult>()
      candidate.layers.forEach((ref, index) => {
        const digest = ref.digest ?? digestOfBlobPath(ref.archivePath)
        const left = (this.pendingUses.get(digest) ?? 1) - 1
        this.pendingUses.set(digest, left)
        if (left > 0) keep.add(blobs[index])
      })
      const image = imageFromLayers(this.store.layout, candidate, config, blobs, {
        verifyDigests: this.verify,
        limits: this.limits,
        budget: this.budget,
        keep,
        ...(reference ? { image: reference } : {})
      })
      if (this.options.attestations) {
        image.attestations = await readAttestations(
          candidate.attestations,
          candidate.manifestDigest,
          (descriptor, what) => this.document(descriptor, what)
        )
      }
      return image
    } catch (error) {
      this.abort.abort(error)
      throw error
    }
  }

  /**
   * Declares the images that will be read (each once), so that a layer blob they share is indexed once
   * and its entries kept until the last of them is merged.
   */
  expect(candidates: readonly ImageCandidate[]): void {
    for (const candidate of candidates) {
      for (const ref of candidate.layers) {
        const digest = ref.digest ?? digestOfBlobPath(ref.archivePath)
        this.pendingUses.set(digest, (this.pendingUses.get(digest) ?? 0) + 1)
      }
    }
  }

  /** A candidate's config, fetched once and checked against its digest when verifying. */
  config(candidate: ImageCandidate): Promise<Buffer> {
    const digest = candidate.config?.digest ?? digestOfBlobPath(candidate.configPath)
    return this.document(
      { digest, ...(candidate.config?.size !== undefined ? { size: candidate.config.size } : {}) },
      'image config'
    )
  }

  /** A layer blob indexed, started at most once per digest, with at most `parallelLayers` at a time. */
  layerBlob(ref: { archivePath: string; digest?: string; size?: number }): Promise<LayerBlobResult> {
    const digest = ref.digest ?? digestOfBlobPath(ref.archivePath)
    let result = this.layers.get(digest)
    if (!result) {
      if (this.layers.size >= this.limits.maxLayers * 4) {
        throw new LimitError(
          `more than ${this.limits.maxLayers * 4} layer blobs in one read (limit ${limitFlag('maxLayers')})`
        )
      }
      result = this.startLayer({ digest, ...(ref.size !== undefined ? { size: ref.size } : {}) })
      this.layers.set(digest, result)
    }
    return result
  }

  /** Bytes of layer blobs received so far and layers indexed, for progress reports. */
  progress(): { bytes: number; layersDone: number } {
    return { bytes: this.bytes, layersDone: this.layersDone }
  }

  private async startLayer(descriptor: Descriptor): Promise<LayerBlobResult> {
    if (this.running >= this.store.parallelLayers)
      await new Promise<void>((resolve) => this.waiting.push(resolve))
    this.running++
    const intake = new LayerIntake(blobPath(descriptor.digest), this.context)
    const counted = new CountingTarget(intake, (bytes) => {
      this.bytes += bytes
      this.options.onProgress?.(this.progress())
    })
    try {
      if (this.abort.signal.aborted) throw this.abort.signal.reason
      await this.store
        .layer(descriptor, counted, this.abort.signal)
        .catch((error: unknown) => intake.abort(error))
      const result = await intake.result
      // Checked as soon as the blob is in, naming where it came from; imageFromLayers checks diff_ids.
      if (this.verify && result.blobDigest !== descriptor.digest) {
        throw new ImageReadError(
          `${this.store.name}: layer ${blobPath(descriptor.digest)}: content digest is ${result.blobDigest ?? 'not sha256'}, expected ${printableName(descriptor.digest)}`
        )
      }
      this.layersDone++
      this.options.onProgress?.(this.progress())
      return result
    } finally {
      this.running--
      this.waiting.shift()?.()
    }
  }

  private manifests(): ManifestSource {
    return {
      manifest: async (descriptor) => {
        const bytes = await this.document(descriptor, 'manifest')
        const where = blobPath(descriptor.digest)
        const document = expectObject(parseJson(bytes, `manifest ${where}`), where)
        refuseSchema1(
          document,
          optionalString(document, 'mediaType', where) ?? descriptor.mediaType ?? '',
          this.store.name
        )
        return { document, where }
      }
    }
  }

  private document(descriptor: Descriptor, what: string): Promise<Buffer> {
    blobPath(descriptor.digest)
    let bytes = this.documents.get(descriptor.digest)
    if (!bytes) {
      if (descriptor.size !== undefined && descriptor.size > this.limits.maxMetadataBytes) {
        return Promise.reject(
          new LimitError(
            `${what} ${printableName(descriptor.digest)} is ${descriptor.size} bytes, over the metadata limit of ${this.limits.maxMetadataBytes} (limit ${limitFlag('maxMetadataBytes')})`
          )
        )
      }
      bytes = this.store.document(descriptor, what, this.limits.maxMetadataBytes).then((read) => {
        if (this.verify) this.verifyBytes(read, descriptor.digest, `${what} ${blobPath(descriptor.digest)}`)
        return read
      })
      bytes.catch(() => undefined)
      this.documents.set(descriptor.digest, bytes)
    }
    return bytes
  }

  private verifyBytes(bytes: Buffer, digest: string, what: string): void {
    const algorithm = digest.slice(0, digest.indexOf(':'))
    if (algorithm !== 'sha256' && algorithm !== 'sha512') {
      throw new ImageReadError(`${what}: unsupported digest algorithm "${printableName(algorithm, 40)}"`)
    }
    // Loaded only when digests are verified.
    const { createHash } = process.getBuiltinModule('node:crypto')
    const actual = `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`
    if (actual !== digest) {
      throw new ImageReadError(
        `${this.store.name}: ${printableName(what)}: content digest is ${actual}, expected ${printableName(digest)}`
      )
    }
  }
}

/** Reads the one image `options` select from a store; several platforms are an error asking for one. */
export async function readStoreImage(store: BlobStore, options: ReadOptions = {}): Promise<Image> {
  const reader = new StoreReader(store, options)
  try {
    const listing = await reader.listing()
    const selection = await reader.select(listing, options.image)
    const candidate = onlyOne(selection, await reader.platforms(selection.chosen), store.name)
    return await reader.read(candidate, options.image)
  } finally {
    await store.close?.()
  }
}

/** Reads every image `options` select from a store (every platform, unless one is named), in turn. */
export async function readStoreImages<T>(
  store: BlobStore,
  options: ReadOptions,
  visit: ImageVisitor<T>
): Promise<ImagesRead<T>> {
  const reader = new StoreReader(store, options)
  try {
    const selection = await reader.select(await reader.listing(), options.image)
    return {
      results: await reader.readAll(selection, options.image, visit),
      unreadable: selection.unreadable
    }
  } finally {
    await store.close?.()
  }
}

/** Counts the bytes a source writes; everything else goes to the intake. */
class CountingTarget {
  constructor(
    private readonly intake: LayerIntake,
    private readonly count: (bytes: number) => void
  ) {}
  write(chunk: Buffer): void {
    this.count(chunk.length)
    this.intake.write(chunk)
  }
  end(): void {
    this.intake.end()
  }
  get drain(): Promise<unknown> | undefined {
    return this.intake.drain
  }
  skippable(): number {
    return this.intake.skippable()
  }
  skip(length: number): void {
    this.count(length)
    this.intake.skip(length)
  }
  get hasFailed(): boolean {
    return this.intake.hasFailed
  }
  abort(error: unknown): void {
    this.intake.abort(error)
  }
}

function withRefs(candidate: ImageCandidate, refs: string[]): ImageCandidate {
  return refs.length === 0
    ? candidate
    : { ...candidate, refs: [...refs, ...candidate.refs.filter((ref) => !refs.includes(ref))] }
}

function digestOfBlobPath(path: string): string {
  const match = /^blobs\/([a-z0-9]+)\/([a-zA-Z0-9=_-]+)$/.exec(path)
  if (!match) throw new ImageReadError(`${printableName(path)} is not a blob path`)
  return `${match[1]}:${match[2]}`
}

function refuseSchema1(document: unknown, mediaType: string, storeName: string): void {
  const schemaVersion =
    typeof document === 'object' && document !== null
      ? (document as { schemaVersion?: unknown }).schemaVersion
      : undefined
  if (SCHEMA1_TYPES.has(mediaType) || schemaVersion === 1) {
    throw new ImageReadError(
      `${storeName}: the image is a Docker schema 1 manifest, which is deprecated and not read; push it again with a current Docker or skopeo (schema 2 or OCI)`
    )
  }
}
