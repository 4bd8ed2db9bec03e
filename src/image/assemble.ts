// Once the whole archive has streamed past: pick the image, pair its config with the indexed
// layers, check that they agree, and merge the layers into the final filesystem.
import { ImageReadError, LimitError } from '../common/errors.js'
import { type ArchiveContents, missingBlobError, resolveArchivePath } from './archive.js'
import { historyIndexByLayer, parseImageConfig } from './config.js'
import type { LayerBlobResult } from './layer-blob.js'
import { type ReadLimits, limitFlag } from './limits.js'
import { mergeLayers, mergeLimits } from './merge.js'
import { type EntryBudget, retain } from './layer-index.js'
import { parsePlatform, platformMatches } from './platform.js'
import { printableName } from './safe-path.js'
import {
  type ImageCandidate,
  blobPath,
  dockerCandidates,
  formatPlatform,
  normaliseReference,
  ociCandidates,
  readMetadata
} from './select.js'
import type { ArchiveLayout, Image, ImageConfig, Layer, Platform } from './types.js'

export interface AssembleOptions {
  image?: string
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
}

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

export async function assembleImage(contents: ArchiveContents, options: AssembleOptions): Promise<Image> {
  const layout = archiveLayout(contents)
  const all = layout === 'oci' ? await ociCandidates(contents) : await dockerCandidates(contents, layout)
  const candidate = selectCandidate(all, options, configPlatforms(contents))
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
  return imageFromLayers(layout, candidate, config, blobs, options)
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
export type PlatformOf = (candidate: ImageCandidate) => Platform | undefined

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

export function selectCandidate(
  all: ImageCandidate[],
  options: Pick<AssembleOptions, 'image' | 'platform'>,
  platformOf: PlatformOf = (candidate) => candidate.platform
): ImageCandidate {
  if (all.length === 0) throw new ImageReadError('the archive holds no image')
  let matching = all
  if (options.image) {
    const wanted = normaliseReference(options.image)
    matching = all.filter((candidate) => candidate.refs.some((ref) => normaliseReference(ref) === wanted))
    if (matching.length === 0) {
      throw new ImageReadError(
        `no image "${printableName(options.image)}" in the archive; it holds ${describeChoices(all, platformOf)}`
      )
    }
  }
  if (options.platform) {
    const wanted = parsePlatform(options.platform)
    // A candidate must show the platform asked for: one that names none is not taken on trust.
    const onPlatform = matching.filter((candidate) => {
      const platform = platformOf(candidate)
      return platform !== undefined && platformMatches(platform, wanted)
    })
    if (onPlatform.length === 0) {
      throw new ImageReadError(
        `no image for platform ${options.platform} in the archive; it holds ${describeChoices(matching, platformOf)}`
      )
    }
    matching = onPlatform
  }
  const distinct = new Map(matching.map((candidate) => [candidate.configPath, candidate]))
  if (distinct.size === 1) return matching[0]
  const host = parsePlatform(hostPlatformName())
  const hostPlatform = matching.filter((candidate) => {
    const platform = candidate.platform
    return platform !== undefined && platformMatches(platform, host)
  })
  if (
    !options.platform &&
    hostPlatform.length > 0 &&
    new Set(hostPlatform.map((c) => c.configPath)).size === 1
  ) {
    const refs = new Set(hostPlatform.flatMap((c) => c.refs))
    if (options.image || refs.size <= 1) return hostPlatform[0]
  }
  throw new ImageReadError(
    `the archive holds several images; choose one with --image or --platform: ${describeChoices(matching, platformOf)}`
  )
}

function hostPlatformName(): string {
  const architectures: Record<string, string> = {
    x64: 'amd64',
    arm64: 'arm64',
    arm: 'arm',
    ppc64: 'ppc64le',
    s390x: 's390x'
  }
  return `linux/${architectures[process.arch] ?? process.arch}`
}

function describeChoices(candidates: ImageCandidate[], platformOf: PlatformOf): string {
  return candidates
    .map((candidate) => {
      const name =
        candidate.refs.map((ref) => printableName(ref)).join(', ') ||
        `untagged ${printableName(candidate.configPath)}`
      const platform = platformOf(candidate)
      return `${name} (${platform ? printableName(formatPlatform(platform)) : 'no platform in its config'})`
    })
    .join('; ')
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
    if (!expected || !bytes || !expected.startsWith('sha256:')) continue
    // Loaded only when digests are verified: most reads never load node:crypto.
    const { createHash } = process.getBuiltinModule('node:crypto')
    const actual = `sha256:${createHash('sha256').update(bytes).digest('hex')}`
    if (actual !== expected) {
      throw new ImageReadError(
        `${what} ${printableName(path)}: content digest is ${actual}, expected ${printableName(expected)}`
      )
    }
  }
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
