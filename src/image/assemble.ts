// Once the whole archive has streamed past: select the images (selection.ts), and for each in turn pair
// its config with the indexed layers, check that they agree, and merge the layers into the final
// filesystem. imageFromLayers does the pairing and merging for every source.
import { ImageReadError, LimitError, MissingBlobError } from '../common/errors.js'
import { type ArchiveContents, missingBlobError, resolveArchivePath } from './archive.js'
import { readAttestations } from './attestations.js'
import { historyIndexByLayer, parseImageConfig } from './config.js'
import type { LayerBlobResult } from './layer-blob.js'
import { type ReadLimits, limitFlag } from './limits.js'
import { mergeLayers, mergeLimits } from './merge.js'
import { type EntryBudget, retain } from './layer-index.js'
import { printableName } from './safe-path.js'
import {
  type Descriptor,
  type ImageCandidate,
  blobPath,
  dockerCandidates,
  ociCandidates,
  readMetadata,
  readMetadataBytes
} from './select.js'
import {
  type PlatformOf,
  type Selection,
  type UnreadablePlatform,
  onlyOne,
  selectImages
} from './selection.js'
import type { ArchiveLayout, Image, ImageConfig, Layer, Platform } from './types.js'

export interface AssembleOptions {
  image?: string
  /** `all`, os/arch[/variant] or a comma list of them; undefined: every platform (see selection.ts). */
  platform?: string
  verifyDigests: boolean
  limits: ReadLimits
  /** What the layers' indexing has kept so far: the merge charges the directories it implies to it too. */
  budget?: EntryBudget
  /**
   * Blobs whose entry lists must outlive this merge (shared with an image still to be read). Others'
   * lists are let go as they are applied.
   */
  keep?: ReadonlySet<LayerBlobResult>
  /** Read the attestation statements the index attaches to each image (a rule asks for them). */
  attestations?: boolean
}

/** What a read of several platforms gives: one result per platform gated, and those it could not read. */
export interface ImagesRead<T> {
  results: T[]
  unreadable: UnreadablePlatform[]
}

/** Receives each image as soon as it is merged; what it returns is kept, the image need not be. */
export type ImageVisitor<T> = (image: Image) => Promise<T> | T

export function archiveLayout(contents: ArchiveContents): ArchiveLayout {
  if (contents.metadata.has('manifest.json')) {
    return contents.metadata.has('index.json') || contents.metadata.has('oci-layout')
      ? 'docker-oci'
      : 'docker-legacy'
  }
  if (contents.metadata.has('index.json')) return 'oci'
  const seen = [...contents.metadata.keys(), ...contents.layers.keys(), ...contents.unrecognised]
    .slice(0, 5)
    .map((path) => printableName(path, 80))
    .join(', ')
  throw new ImageReadError(
    `unknown archive layout: no manifest.json or index.json${seen ? ` (found ${seen})` : ' (the archive holds no files)'}; ` +
      'expected the output of docker save, podman save or skopeo copy'
  )
}

/** The images the archive holds and which of them the options select. */
export async function selectArchiveImages(
  contents: ArchiveContents,
  options: Pick<AssembleOptions, 'image' | 'platform'>
): Promise<Selection> {
  const layout = archiveLayout(contents)
  const listed = layout === 'oci' ? await ociCandidates(contents) : await dockerCandidates(contents, layout)
  return selectImages(
    {
      ...listed,
      platformOf: configPlatforms(contents),
      missing: (candidate) => missingBlobs(contents, candidate)
    },
    options
  )
}

/**
 * Merges each selected image in turn and hands it to `visit` before the next is merged, so that only
 * one merged tree need be alive at a time. A layer blob shared by several platforms was indexed once;
 * its entries are kept until the last image that names it has been merged.
 */
export async function assembleImages<T>(
  contents: ArchiveContents,
  options: AssembleOptions,
  visit: ImageVisitor<T>
): Promise<ImagesRead<T>> {
  const selection = await selectArchiveImages(contents, options)
  const blobsOf = (candidate: ImageCandidate) =>
    candidate.layers.map((ref) => resolveArchivePath(contents, ref.archivePath))
  const usesLeft = new Map<string, number>()
  for (const candidate of selection.chosen)
    for (const path of new Set(blobsOf(candidate))) usesLeft.set(path, (usesLeft.get(path) ?? 0) + 1)
  const results: T[] = []
  for (const candidate of selection.chosen) {
    const shared = new Set<string>()
    for (const path of new Set(blobsOf(candidate))) {
      const left = (usesLeft.get(path) ?? 1) - 1
      usesLeft.set(path, left)
      if (left > 0) shared.add(path)
    }
    const keep = new Set<LayerBlobResult>()
    for (const path of shared) {
      const blob = contents.layers.get(path)
      if (blob) keep.add(await blob)
    }
    results.push(await visit(await assembleCandidate(contents, candidate, { ...options, keep })))
  }
  return { results, unreadable: selection.unreadable }
}

/** The one image the options select; several platforms are an error asking for one. */
export async function assembleImage(contents: ArchiveContents, options: AssembleOptions): Promise<Image> {
  const selection = await selectArchiveImages(contents, options)
  return assembleCandidate(contents, onlyOne(selection, configPlatforms(contents)), options)
}

/** One selected image of the archive: its config, its indexed layers, merged. */
async function assembleCandidate(
  contents: ArchiveContents,
  candidate: ImageCandidate,
  options: AssembleOptions
): Promise<Image> {
  const layout = archiveLayout(contents)
  const config = parseImageConfig(
    readMetadata(contents, candidate.configPath, 'image config'),
    candidate.configPath
  )
  checkLayerCounts(candidate, config, options.limits)
  const blobs = await Promise.all(
    candidate.layers.map(async (ref) => {
      const blob = contents.layers.get(resolveArchivePath(contents, ref.archivePath))
      if (!blob) throw missingBlobError('layer', ref.archivePath, contents)
      return blob
    })
  )
  if (options.verifyDigests) verifyMetadataDigests(contents, candidate)
  const image = imageFromLayers(layout, candidate, config, blobs, options)
  if (options.attestations) {
    image.attestations = await readAttestations(
      candidate.attestations,
      candidate.manifestDigest,
      (descriptor) =>
        Promise.resolve().then(() => archiveDocument(contents, descriptor, options.verifyDigests))
    )
  }
  return image
}

/** A document of the archive by its descriptor (an attestation manifest, a statement). */
function archiveDocument(contents: ArchiveContents, descriptor: Descriptor, verify: boolean): Buffer {
  const where = blobPath(descriptor.digest)
  const bytes = readMetadataBytes(contents, where, 'attestation')
  if (verify) checkDigest(bytes, descriptor.digest, `attestation document ${where}`)
  return bytes
}

/**
 * Why a candidate cannot be read because its config or a layer is absent from the archive, or
 * undefined when all are there; a blob that is there but is not what it should be fails the read.
 */
function missingBlobs(contents: ArchiveContents, candidate: ImageCandidate): string | undefined {
  const absent = (error: Error) => {
    if (error instanceof MissingBlobError) return error.message
    throw error
  }
  const config = resolveArchivePath(contents, candidate.configPath)
  if (!contents.metadata.has(config) && !contents.oversized.has(config))
    return absent(missingBlobError('image config', candidate.configPath, contents))
  for (const ref of candidate.layers) {
    if (contents.layers.has(resolveArchivePath(contents, ref.archivePath))) continue
    const error = missingBlobError('layer', ref.archivePath, contents)
    if (!(error instanceof MissingBlobError) || !candidate.platform) return absent(error)
    // One platform of an index: the store saved the platforms it has, not a blob shared with another image.
    return (
      `layer ${printableName(ref.archivePath)} named by the manifest is not in the archive ` +
      '(docker save with the containerd image store writes only the platforms the engine has pulled)'
    )
  }
  return undefined
}

/** Before any layer is read: the manifest's layers within the limit, and as many as the config's diff_ids. */
export function checkLayerCounts(candidate: ImageCandidate, config: ImageConfig, limits: ReadLimits): void {
  if (candidate.layers.length > limits.maxLayers) {
    throw new LimitError(
      `the image has ${candidate.layers.length} layers, over the limit of ${limits.maxLayers} (limit ${limitFlag('maxLayers')})`
    )
  }
  if (config.diffIds.length !== candidate.layers.length) {
    throw new ImageReadError(
      `the manifest lists ${candidate.layers.length} layers but the config's rootfs.diff_ids lists ${config.diffIds.length}`
    )
  }
}

/**
 * The image from its selected candidate, its config and its indexed layer blobs, whatever they were
 * read from (an archive, a layout directory, a registry). The blobs' entry lists are consumed by the
 * merge: a blob shared with another image must be indexed again for it (or its lists kept).
 */
export function imageFromLayers(
  layout: ArchiveLayout,
  candidate: ImageCandidate,
  config: ImageConfig,
  blobs: LayerBlobResult[],
  options: AssembleOptions
): Image {
  // A blob named many times is indexed once but merged each time: count its entries each time.
  const mergedEntries = blobs.reduce((sum, blob) => sum + blob.entries.length, 0)
  if (mergedEntries > options.limits.maxEntries) {
    throw new LimitError(
      `the image's layers hold ${mergedEntries} entries, over the limit of ${options.limits.maxEntries} (limit ${limitFlag('maxEntries')})`
    )
  }
  if (options.verifyDigests) verifyDigests(candidate, blobs, config.diffIds)
  const historyIndexes = historyIndexByLayer(config.history, blobs.length)
  const warnings: string[] = []
  if (blobs.length === 0) warnings.push('the image has no layers: its filesystem is empty')
  const producing = config.history.filter((entry) => !entry.emptyLayer).length
  if (config.history.length > 0 && producing !== blobs.length) {
    warnings.push(
      `history has ${producing} layer-producing entries for ${blobs.length} layers; created_by may be misaligned`
    )
  }
  const layers = blobs.map((blob, index): Layer => {
    const ref = candidate.layers[index]
    const historyIndex = historyIndexes[index]
    const layer: Layer = {
      index,
      diffId: config.diffIds[index],
      compression: blob.compression,
      compressedSize: blob.compressedSize,
      uncompressedSize: blob.uncompressedSize,
      contentSize: blob.contentSize,
      entryCount: blob.entries.length,
      archivePath: ref.archivePath
    }
    if (ref.digest) layer.digest = ref.digest
    if (ref.mediaType) layer.mediaType = ref.mediaType
    if (historyIndex !== undefined) {
      layer.historyIndex = historyIndex
      const createdBy = config.history[historyIndex]?.createdBy
      if (createdBy !== undefined) layer.createdBy = createdBy
    }
    return layer
  })
  // The merged tree replaces the per-layer lists: let each go once applied, to halve the peak memory.
  const entryLists = blobs.map((blob) => blob.entries)
  for (const blob of blobs) if (!options.keep?.has(blob)) blob.entries = []
  const budget = options.budget ?? { entries: 0 }
  const merged = mergeLayers(entryLists, {
    release: true,
    limits: mergeLimits({
      maxEntries: options.limits.maxEntries,
      maxSymlinkSteps: options.limits.maxSymlinkSteps,
      retain: (bytes, what) => retain(budget, options.limits, bytes, what)
    })
  })
  warnings.push(...merged.warnings)
  const platform: Platform = candidate.platform ?? { os: config.os, architecture: config.architecture }
  if (!candidate.platform && config.variant) platform.variant = config.variant
  const image: Image = {
    layout,
    repoTags: candidate.refs,
    configDigest: candidate.config?.digest ?? configDigestOf(candidate.configPath),
    platform,
    config,
    annotations: candidate.annotations,
    layers,
    fs: merged.fs,
    hidden: merged.hidden,
    hiddenBytes: merged.hiddenBytes,
    warnings
  }
  const reference = options.image ?? candidate.refs[0]
  if (reference) image.reference = reference
  if (candidate.manifestDigest) image.manifestDigest = candidate.manifestDigest
  return image
}

function configDigestOf(configPath: string): string | undefined {
  const blob = /^blobs\/([a-z0-9]+)\/([a-f0-9]+)$/.exec(configPath)
  if (blob) return `${blob[1]}:${blob[2]}`
  const legacy = /^([a-f0-9]{64})\.json$/.exec(configPath)
  return legacy ? `sha256:${legacy[1]}` : undefined
}

/**
 * The platform of each candidate: its index descriptor's, else its config's os/architecture/variant
 * (`docker save` writes no platform into manifest.json). Undefined when neither says.
 */
function configPlatforms(contents: ArchiveContents): PlatformOf {
  const known = new Map<string, Platform | undefined>()
  return (candidate) => {
    if (candidate.platform) return candidate.platform
    if (known.has(candidate.configPath)) return known.get(candidate.configPath)
    let platform: Platform | undefined
    try {
      const config = readMetadata(contents, candidate.configPath, 'image config')
      platform = platformOfConfig(config)
    } catch {
      // A candidate whose config cannot be read has no platform to offer; if it is the one
      // selected, assembling it reports the problem.
    }
    known.set(candidate.configPath, platform)
    return platform
  }
}

export function platformOfConfig(config: unknown): Platform | undefined {
  if (typeof config !== 'object' || config === null) return undefined
  const { os, architecture, variant } = config as Record<string, unknown>
  if (typeof os !== 'string' || typeof architecture !== 'string' || os === '' || architecture === '')
    return undefined
  return typeof variant === 'string' && variant !== '' ? { os, architecture, variant } : { os, architecture }
}

/** The config and (OCI) manifest blobs are named by their digests: check the bytes match. */
function verifyMetadataDigests(contents: ArchiveContents, candidate: ImageCandidate): void {
  const documents: [string, string, string | undefined][] = [
    ['image config', candidate.configPath, configDigestOf(candidate.configPath)]
  ]
  if (candidate.manifestDigest) {
    documents.push(['manifest', blobPath(candidate.manifestDigest), candidate.manifestDigest])
  }
  for (const [what, path, expected] of documents) {
    const bytes = contents.metadata.get(resolveArchivePath(contents, path))
    if (expected && bytes) checkDigest(bytes, expected, `${what} ${printableName(path)}`)
  }
}

/** sha256 digests are checked; other algorithms are left to the registry reader, which checks them all. */
function checkDigest(bytes: Buffer, expected: string, what: string): void {
  if (!expected.startsWith('sha256:')) return
  // Loaded only when digests are verified: most reads never load node:crypto.
  const { createHash } = process.getBuiltinModule('node:crypto')
  const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
  if (actual !== expected)
    throw new ImageReadError(`${what}: content digest is ${actual}, expected ${printableName(expected)}`)
}

export function verifyDigests(candidate: ImageCandidate, blobs: LayerBlobResult[], diffIds: string[]): void {
  blobs.forEach((blob, index) => {
    const expectedBlob = candidate.layers[index].digest
    if (expectedBlob && blob.blobDigest && expectedBlob !== blob.blobDigest) {
      throw new ImageReadError(
        `layer ${printableName(blob.archivePath)}: content digest is ${blob.blobDigest}, expected ${printableName(expectedBlob)}`
      )
    }
    if (blob.diffId && diffIds[index] !== blob.diffId) {
      throw new ImageReadError(
        `layer ${printableName(blob.archivePath)}: uncompressed digest is ${blob.diffId}, but rootfs.diff_ids[${index}] is ${printableName(diffIds[index])}`
      )
    }
  })
}
