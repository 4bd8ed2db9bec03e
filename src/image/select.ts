// Finds the images an archive holds (Docker manifest.json, or OCI index.json recursing through
// indexes) and picks one by reference and platform.
import { printableName } from './safe-path.js'
import { ImageReadError } from '../common/errors.js'
import { type ArchiveContents, missingBlobError, resolveArchivePath } from './archive.js'
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
  const bytes = contents.metadata.get(resolveArchivePath(contents, path))
  if (!bytes) throw missingBlobError(what, path, contents)
  return parseJson(bytes, `${what} ${path}`)
}

/** Docker's manifest.json, enriched by index.json annotations when Docker 25+ wrote both. */
export async function dockerCandidates(
  contents: ArchiveContents,
  layout: ArchiveLayout
): Promise<ImageCandidate[]> {
  const document = readMetadata(contents, 'manifest.json', 'manifest')
  if (!Array.isArray(document)) throw new ImageReadError('manifest.json must be a JSON array')
  const ociByConfig = contents.metadata.has('index.json')
    ? await ociCandidatesByConfig(contents)
    : new Map<string, ImageCandidate>()
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
    const oci = ociByConfig.get(resolveArchivePath(contents, configPath))
    const candidate: ImageCandidate = {
      layout,
      refs: [...optionalStringArray(entry, 'RepoTags', what), ...(oci?.refs ?? [])],
      configPath,
      layers: oci && oci.layers.length === layers.length ? mergeLayerRefs(layers, oci.layers) : layers,
      annotations: oci?.annotations ?? {}
    }
    if (oci?.manifestDigest) candidate.manifestDigest = oci.manifestDigest
    if (oci?.platform) candidate.platform = oci.platform
    return candidate
  })
}

function mergeLayerRefs(docker: LayerRef[], oci: LayerRef[]): LayerRef[] {
  return docker.map((ref, index) => ({
    ...oci[index],
    ...ref,
    mediaType: ref.mediaType ?? oci[index].mediaType
  }))
}

async function ociCandidatesByConfig(contents: ArchiveContents): Promise<Map<string, ImageCandidate>> {
  const byConfig = new Map<string, ImageCandidate>()
  try {
    for (const candidate of await ociCandidates(contents)) byConfig.set(candidate.configPath, candidate)
  } catch {
    // manifest.json is authoritative for Docker archives; index.json only adds annotations.
  }
  return byConfig
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
export async function ociCandidates(contents: ArchiveContents): Promise<ImageCandidate[]> {
  const index = expectObject(readMetadata(contents, 'index.json', 'OCI index'), 'index.json')
  return indexCandidates(archiveManifests(contents), index, 'index.json', 'oci')
}

/**
 * The images an index leads to, through nested indexes, in the index's order. Sibling manifests are
 * asked for at once (a registry fetches them in parallel). Attestation manifests are never candidates.
 */
export async function indexCandidates(
  source: ManifestSource,
  index: JsonObject,
  what: string,
  layout: ArchiveLayout,
  inherited: Record<string, string> = {}
): Promise<ImageCandidate[]> {
  const out: ImageCandidate[] = []
  await walkIndex(source, index, what, inherited, out, 0, layout)
  return out
}

async function walkIndex(
  source: ManifestSource,
  index: JsonObject,
  what: string,
  inherited: Record<string, string>,
  out: ImageCandidate[],
  depth: number,
  layout: ArchiveLayout
): Promise<void> {
  if (depth > 8) throw new ImageReadError(`${what}: image indexes nested more than 8 deep`)
  const children = optionalArray(index, 'manifests', what).map((item, position) => {
    const descriptorWhat = `${what}.manifests[${position}]`
    const descriptor = expectObject(item, descriptorWhat)
    const digest = requiredString(descriptor, 'digest', descriptorWhat)
    const mediaType = optionalString(descriptor, 'mediaType', descriptorWhat) ?? ''
    const annotations = { ...inherited, ...optionalStringMap(descriptor, 'annotations', descriptorWhat) }
    const platform = parsePlatform(descriptor.platform)
    // Attestation manifests (BuildKit provenance/SBOM) sit beside images with platform unknown/unknown.
    if (platform?.os === 'unknown' || annotations['vnd.docker.reference.type'] === 'attestation-manifest')
      return undefined
    blobPath(digest)
    const size = typeof descriptor.size === 'number' ? descriptor.size : undefined
    const named: Descriptor = {
      digest,
      ...(mediaType ? { mediaType } : {}),
      ...(size !== undefined ? { size } : {})
    }
    return { named, mediaType, annotations, platform, fetched: Promise.resolve(source.manifest(named)) }
  })
  // Every fetch is started before any is awaited; a failure is reported in the index's order.
  for (const child of children) child?.fetched.catch(() => undefined)
  for (const child of children) {
    if (!child) continue
    const { document: parsed, where } = await child.fetched
    const document = expectObject(parsed, where)
    const documentType = optionalString(document, 'mediaType', where) ?? child.mediaType
    if (INDEX_TYPES.has(documentType) || (Array.isArray(document.manifests) && !document.config)) {
      await walkIndex(source, document, where, child.annotations, out, depth + 1, layout)
      continue
    }
    out.push(
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

function refsFromAnnotations(annotations: Record<string, string>): string[] {
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
