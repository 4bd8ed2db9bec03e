// Finds the images an archive holds (Docker manifest.json, or OCI index.json recursing through
// indexes) and picks one by reference and platform.
import { printableName } from './safe-path.js'
import { ImageReadError, MissingBlobError } from '../common/errors.js'
import { type ArchiveContents, missingBlobError, oversizedError, resolveArchivePath } from './archive.js'
import {
  type JsonObject,
  expectObject,
  isObject,
  optionalArray,
  optionalString,
  optionalStringArray,
  optionalStringMap,
  parseJson,
  requiredString
} from './json.js'
import type { ArchiveLayout, Platform } from './types.js'

export interface LayerRef {
  archivePath: string
  digest?: string
  mediaType?: string
  /** The descriptor's size, where a manifest gives one. */
  size?: number
}

export interface ImageCandidate {
  layout: ArchiveLayout
  refs: string[]
  configPath: string
  /** The config's descriptor, where an OCI manifest names it. */
  config?: Descriptor
  layers: LayerRef[]
  platform?: Platform
  manifestDigest?: string
  annotations: Record<string, string>
  /**
   * The attestation manifests its index lists for it (none: an empty list); undefined when it did not
   * come from an index, which then could not carry any.
   */
  attestations?: AttestationRef[]
}

const INDEX_TYPES = new Set([
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json'
])

export function blobPath(digest: string): string {
  const [algorithm, hex] = digest.split(':')
  if (!algorithm || !hex || !/^[a-z0-9]+$/.test(algorithm) || !/^[a-zA-Z0-9=_-]+$/.test(hex)) {
    throw new ImageReadError(`invalid digest "${printableName(digest, 80)}"`)
  }
  return `blobs/${algorithm}/${hex}`
}

export function readMetadata(contents: ArchiveContents, path: string, what: string): unknown {
  return parseJson(readMetadataBytes(contents, path, what), `${what} ${path}`)
}

/** A document of the archive, whole; absent or over the metadata limit is an error naming it. */
export function readMetadataBytes(contents: ArchiveContents, path: string, what: string): Buffer {
  const resolved = resolveArchivePath(contents, path)
  const bytes = contents.metadata.get(resolved)
  if (bytes) return bytes
  const oversized = contents.oversized.get(resolved)
  if (oversized) throw oversizedError(path, oversized.size, oversized.limit)
  throw missingBlobError(what, path, contents)
}

/**
 * A Docker archive's images. Docker 25+ writes index.json beside manifest.json: with the containerd image
 * store it holds the image's whole index (every platform, and the attestation manifests), while
 * manifest.json names one platform only; so the index's images come first, with the tags manifest.json
 * gives them, then what manifest.json names that the index lacks. An index.json that cannot be walked
 * adds nothing: manifest.json alone is what `docker load` reads.
 */
export async function dockerCandidates(
  contents: ArchiveContents,
  layout: ArchiveLayout
): Promise<IndexContents> {
  const docker = manifestJsonCandidates(contents, layout)
  const oci = contents.metadata.has('index.json')
    ? await ociCandidates(contents).catch(() => undefined)
    : undefined
  if (!oci) return { candidates: docker, attestations: [], unreadable: [] }
  const byConfig = new Map(
    docker.map((candidate) => [resolveArchivePath(contents, candidate.configPath), candidate])
  )
  const named = new Set<ImageCandidate>()
  const candidates = oci.candidates.map((fromIndex) => {
    const listed = byConfig.get(fromIndex.configPath)
    if (!listed) return fromIndex
    named.add(listed)
    return withIndexFacts(listed, fromIndex)
  })
  candidates.push(...docker.filter((candidate) => !named.has(candidate)))
  return { candidates, attestations: oci.attestations, unreadable: oci.unreadable }
}

function manifestJsonCandidates(contents: ArchiveContents, layout: ArchiveLayout): ImageCandidate[] {
  const document = readMetadata(contents, 'manifest.json', 'manifest')
  if (!Array.isArray(document)) throw new ImageReadError('manifest.json must be a JSON array')
  return document.map((item, index) => {
    const what = `manifest.json[${index}]`
    const entry = expectObject(item, what)
    const configPath = requiredString(entry, 'Config', what)
    const layerSources = isObject(entry.LayerSources) ? entry.LayerSources : {}
    const layers = optionalStringArray(entry, 'Layers', what).map((archivePath): LayerRef => {
      const ref: LayerRef = { archivePath }
      const digest = digestFromBlobPath(archivePath)
      if (digest) {
        ref.digest = digest
        const source = layerSources[digest]
        if (isObject(source) && typeof source.mediaType === 'string') ref.mediaType = source.mediaType
      }
      return ref
    })
    return {
      layout,
      refs: optionalStringArray(entry, 'RepoTags', what),
      configPath,
      layers,
      annotations: {}
    }
  })
}

/** A manifest.json image with what its index entry adds: names, digests, media types, platform. */
function withIndexFacts(listed: ImageCandidate, oci: ImageCandidate): ImageCandidate {
  const candidate: ImageCandidate = {
    ...listed,
    refs: [...listed.refs, ...oci.refs.filter((ref) => !listed.refs.includes(ref))],
    layers:
      oci.layers.length === listed.layers.length ? mergeLayerRefs(listed.layers, oci.layers) : listed.layers,
    annotations: oci.annotations
  }
  if (oci.manifestDigest) candidate.manifestDigest = oci.manifestDigest
  if (oci.platform) candidate.platform = oci.platform
  if (oci.attestations) candidate.attestations = oci.attestations
  return candidate
}

function mergeLayerRefs(docker: LayerRef[], oci: LayerRef[]): LayerRef[] {
  return docker.map((ref, index) => ({
    ...oci[index],
    ...ref,
    mediaType: ref.mediaType ?? oci[index].mediaType
  }))
}

function digestFromBlobPath(path: string): string | undefined {
  const match = /^blobs\/([a-z0-9]+)\/([a-f0-9]+)$/.exec(path)
  return match ? `${match[1]}:${match[2]}` : undefined
}

/**
 * Where the walk gets the manifests and indexes that descriptors name: an archive's documents, or a
 * blob store (a layout directory, a registry) that fetches them.
 */
export interface ManifestSource {
  /** The document a descriptor names, parsed; `where` names it in messages. */
  manifest(
    descriptor: Descriptor
  ): Promise<{ document: unknown; where: string }> | { document: unknown; where: string }
}

/** An OCI content descriptor as an index or a manifest gives it (untrusted: checked where used). */
export interface Descriptor {
  digest: string
  mediaType?: string
  size?: number
}

/** The documents of an archive, by their blob paths. */
export function archiveManifests(contents: ArchiveContents): ManifestSource {
  return {
    manifest: ({ digest }) => {
      const where = blobPath(digest)
      return { document: readMetadata(contents, where, 'manifest'), where }
    }
  }
}

/** OCI image layout: follow index.json through nested indexes to image manifests. */
export async function ociCandidates(contents: ArchiveContents): Promise<IndexContents> {
  const index = expectObject(readMetadata(contents, 'index.json', 'OCI index'), 'index.json')
  return indexCandidates(
    archiveManifests(contents),
    index,
    'index.json',
    'oci',
    {},
    { tolerateMissing: true }
  )
}

/** A BuildKit attestation manifest beside the images of an index (never an image itself). */
export interface AttestationRef {
  descriptor: Descriptor
  /** The manifest it attests (`vnd.docker.reference.digest`), when the index says. */
  target?: string
}

/** An image an index names whose manifest could not be read from the source (its blob is absent). */
export interface UnreadableImage {
  platform?: Platform
  refs: string[]
  manifestDigest: string
  reason: string
}

/** What an index leads to: its images, the attestation manifests beside them, the images it lacks. */
export interface IndexContents {
  candidates: ImageCandidate[]
  attestations: AttestationRef[]
  unreadable: UnreadableImage[]
}

export interface WalkOptions {
  /**
   * A child manifest whose blob is absent (`MissingBlobError`) is recorded as unreadable instead of
   * failing the walk: the containerd image store's `docker save` keeps a multi-platform index whole but
   * writes only the platforms it has.
   */
  tolerateMissing?: boolean
}

/** BuildKit's attestation manifests: `vnd.docker.reference.type`, or, as OCI artifacts, this type. */
const ATTESTATION_ARTIFACT = 'application/vnd.docker.attestation.manifest.v1+json'

/**
 * The images an index leads to, through nested indexes, in the index's order. Sibling manifests are
 * asked for at once (a registry fetches them in parallel). Attestation manifests are never candidates:
 * they are listed beside them, unread.
 */
export async function indexCandidates(
  source: ManifestSource,
  index: JsonObject,
  what: string,
  layout: ArchiveLayout,
  inherited: Record<string, string> = {},
  options: WalkOptions = {}
): Promise<IndexContents> {
  const out: IndexContents = { candidates: [], attestations: [], unreadable: [] }
  await walkIndex(source, index, what, inherited, out, 0, layout, options)
  for (const candidate of out.candidates) {
    if (!candidate.manifestDigest) continue
    candidate.attestations = out.attestations.filter((ref) => ref.target === candidate.manifestDigest)
  }
  return out
}

interface IndexChild {
  named: Descriptor
  mediaType: string
  annotations: Record<string, string>
  platform: Platform | undefined
  fetched: Promise<{ document: unknown; where: string }>
}

/** One descriptor of an index: a child to walk, an attestation manifest, or something to ignore. */
function indexChild(
  source: ManifestSource,
  item: unknown,
  what: string,
  inherited: Record<string, string>,
  attestations: AttestationRef[]
): IndexChild | undefined {
  const descriptor = expectObject(item, what)
  const digest = requiredString(descriptor, 'digest', what)
  const mediaType = optionalString(descriptor, 'mediaType', what) ?? ''
  const own = optionalStringMap(descriptor, 'annotations', what)
  const annotations = { ...inherited, ...own }
  const platform = parsePlatform(descriptor.platform)
  const size = typeof descriptor.size === 'number' ? descriptor.size : undefined
  const named: Descriptor = {
    digest,
    ...(mediaType ? { mediaType } : {}),
    ...(size !== undefined ? { size } : {})
  }
  // BuildKit's attestation manifests sit beside the images with platform unknown/unknown; a descriptor
  // of another reference type is to be ignored whole (BuildKit's attestation-storage document).
  const referenceType = own['vnd.docker.reference.type']
  if (referenceType === 'attestation-manifest' || descriptor.artifactType === ATTESTATION_ARTIFACT) {
    blobPath(digest)
    const target = own['vnd.docker.reference.digest']
    attestations.push({ descriptor: named, ...(target ? { target } : {}) })
    return undefined
  }
  if (platform?.os === 'unknown' || referenceType !== undefined) return undefined
  blobPath(digest)
  return {
    named,
    mediaType,
    annotations,
    platform,
    fetched: Promise.resolve().then(() => source.manifest(named))
  }
}

async function walkIndex(
  source: ManifestSource,
  index: JsonObject,
  what: string,
  inherited: Record<string, string>,
  out: IndexContents,
  depth: number,
  layout: ArchiveLayout,
  options: WalkOptions
): Promise<void> {
  if (depth > 8) throw new ImageReadError(`${what}: image indexes nested more than 8 deep`)
  const children = optionalArray(index, 'manifests', what).map((item, position) =>
    indexChild(source, item, `${what}.manifests[${position}]`, inherited, out.attestations)
  )
  // Every fetch is started before any is awaited; a failure is reported in the index's order.
  for (const child of children) child?.fetched.catch(() => undefined)
  for (const child of children) {
    if (!child) continue
    let fetched: { document: unknown; where: string }
    try {
      fetched = await child.fetched
    } catch (error) {
      if (!options.tolerateMissing || !(error instanceof MissingBlobError)) throw error
      out.unreadable.push({
        ...(child.platform ? { platform: child.platform } : {}),
        refs: refsFromAnnotations(child.annotations),
        manifestDigest: child.named.digest,
        reason: error.message
      })
      continue
    }
    const { document: parsed, where } = fetched
    const document = expectObject(parsed, where)
    const documentType = optionalString(document, 'mediaType', where) ?? child.mediaType
    if (INDEX_TYPES.has(documentType) || (Array.isArray(document.manifests) && !document.config)) {
      await walkIndex(source, document, where, child.annotations, out, depth + 1, layout, options)
      continue
    }
    out.candidates.push(
      manifestCandidate(document, where, child.named.digest, child.annotations, layout, child.platform)
    )
  }
}

/** The image an image manifest describes. */
export function manifestCandidate(
  document: JsonObject,
  where: string,
  digest: string | undefined,
  annotations: Record<string, string>,
  layout: ArchiveLayout,
  platform?: Platform
): ImageCandidate {
  const config = expectObject(document.config, `${where}.config`)
  const layers = optionalArray(document, 'layers', where).map((layerItem, layerIndex): LayerRef => {
    const layer = expectObject(layerItem, `${where}.layers[${layerIndex}]`)
    const layerDigest = requiredString(layer, 'digest', `${where}.layers[${layerIndex}]`)
    const ref: LayerRef = { archivePath: blobPath(layerDigest), digest: layerDigest }
    const layerType = optionalString(layer, 'mediaType', `${where}.layers[${layerIndex}]`)
    if (layerType) ref.mediaType = layerType
    if (typeof layer.size === 'number') ref.size = layer.size
    return ref
  })
  const allAnnotations = { ...annotations, ...optionalStringMap(document, 'annotations', where) }
  const configDigest = requiredString(config, 'digest', `${where}.config`)
  const candidate: ImageCandidate = {
    layout,
    refs: refsFromAnnotations(allAnnotations),
    configPath: blobPath(configDigest),
    config: {
      digest: configDigest,
      ...(typeof config.size === 'number' ? { size: config.size } : {})
    },
    layers,
    annotations: allAnnotations
  }
  if (digest) candidate.manifestDigest = digest
  if (platform) candidate.platform = platform
  return candidate
}

export function refsFromAnnotations(annotations: Record<string, string>): string[] {
  const refs: string[] = []
  const containerdName = annotations['io.containerd.image.name']
  if (containerdName) refs.push(containerdName)
  const refName = annotations['org.opencontainers.image.ref.name']
  // A bare tag ("3.20") in ref.name only means something next to a full name.
  if (refName && (refName.includes('/') || refName.includes(':') || !containerdName)) refs.push(refName)
  return refs
}

function parsePlatform(value: unknown): Platform | undefined {
  if (!isObject(value) || typeof value.os !== 'string' || typeof value.architecture !== 'string')
    return undefined
  const platform: Platform = { os: value.os, architecture: value.architecture }
  if (typeof value.variant === 'string') platform.variant = value.variant
  return platform
}

/** docker.io/library/alpine → alpine:latest; keeps digests and other registries. */
export function normaliseReference(reference: string): string {
  let ref = reference.trim()
  for (const prefix of ['docker.io/library/', 'index.docker.io/library/', 'docker.io/', 'index.docker.io/']) {
    if (ref.startsWith(prefix)) {
      ref = ref.slice(prefix.length)
      break
    }
  }
  const lastSlash = ref.lastIndexOf('/')
  if (!ref.includes('@') && !ref.slice(lastSlash + 1).includes(':')) ref += ':latest'
  return ref
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/')
}
