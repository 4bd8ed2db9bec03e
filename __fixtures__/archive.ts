// Builds whole image archives in memory (layers and archives written by tar.ts's buildTar), for reader
// tests; and counts what a real archive holds with tar-stream's extract, to hold the reader's figures
// against.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import zlib from 'node:zlib'
import tar from 'tar-stream'
import { buildTar, type TarItem } from './tar.js'

export const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`

export type LayerCompression = 'none' | 'gzip' | 'zstd'

export function compress(bytes: Buffer, compression: LayerCompression): Buffer {
  if (compression === 'gzip') return zlib.gzipSync(bytes)
  if (compression === 'zstd') return zlib.zstdCompressSync(bytes)
  return bytes
}

export interface ImageSpec {
  layers: TarItem[][]
  config?: Record<string, unknown>
  history?: { created_by: string; empty_layer?: boolean }[]
  tags?: string[]
  compression?: LayerCompression
  platform?: { os: string; architecture: string; variant?: string }
}

export interface BuiltImage {
  configBytes: Buffer
  layerTars: Buffer[]
  layerBlobs: Buffer[]
  manifestBytes: Buffer
  tags: string[]
}

export async function buildImage(spec: ImageSpec): Promise<BuiltImage> {
  const layerTars = await Promise.all(spec.layers.map((items) => buildTar(items)))
  return imageFromTars(layerTars, spec)
}

/**
 * An image around layer tars given as bytes (which may be anything at all). `configDocument`
 * replaces the generated config entirely.
 */
export function imageFromTars(
  layerTars: Buffer[],
  spec: Omit<ImageSpec, 'layers'> & { configDocument?: unknown } = {}
): BuiltImage {
  const layerBlobs = layerTars.map((bytes) => compress(bytes, spec.compression ?? 'none'))
  const platform = spec.platform ?? { os: 'linux', architecture: 'amd64' }
  const configBytes = Buffer.from(
    JSON.stringify(
      spec.configDocument ?? {
        ...platform,
        config: spec.config ?? {},
        rootfs: { type: 'layers', diff_ids: layerTars.map(sha256) },
        history: spec.history ?? layerTars.map((_, index) => ({ created_by: `layer ${index}` }))
      }
    )
  )
  const mediaType =
    spec.compression === 'gzip'
      ? 'application/vnd.oci.image.layer.v1.tar+gzip'
      : spec.compression === 'zstd'
        ? 'application/vnd.oci.image.layer.v1.tar+zstd'
        : 'application/vnd.oci.image.layer.v1.tar'
  const manifestBytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256(configBytes),
        size: configBytes.length
      },
      layers: layerBlobs.map((blob) => ({ mediaType, digest: sha256(blob), size: blob.length }))
    })
  )
  return { configBytes, layerTars, layerBlobs, manifestBytes, tags: spec.tags ?? ['test:latest'] }
}

export interface RawImageSpec {
  /** Uncompressed layer tars (or any bytes standing in for one). */
  layers: Buffer[]
  compression?: LayerCompression
  /** Replaces the generated config document entirely. */
  config?: unknown
  tags?: string[]
}

/** An image around layer tars given as raw bytes, so a layer can be anything at all. */
export function rawImage(spec: RawImageSpec): BuiltImage {
  return imageFromTars(spec.layers, {
    ...(spec.compression ? { compression: spec.compression } : {}),
    ...(spec.config !== undefined ? { configDocument: spec.config } : {}),
    tags: spec.tags ?? ['hostile:latest']
  })
}

const blob = (bytes: Buffer): TarItem => ({ name: `blobs/sha256/${sha256(bytes).slice(7)}`, content: bytes })

/** Docker 25+ layout: OCI blobs first, then index.json, manifest.json, oci-layout, repositories. */
export async function dockerOciArchive(
  images: BuiltImage[],
  options: { omitBlobs?: Buffer[] } = {}
): Promise<Buffer> {
  const items: TarItem[] = [
    { name: 'blobs/', type: 'directory' },
    { name: 'blobs/sha256/', type: 'directory' }
  ]
  const seen = new Set<string>()
  for (const image of images) {
    for (const bytes of [...image.layerBlobs, image.configBytes, image.manifestBytes]) {
      if (options.omitBlobs?.includes(bytes) || seen.has(sha256(bytes))) continue
      seen.add(sha256(bytes))
      items.push(blob(bytes))
    }
  }
  const index = {
    schemaVersion: 2,
    manifests: images.map((image) => ({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha256(image.manifestBytes),
      size: image.manifestBytes.length,
      annotations: { 'io.containerd.image.name': `docker.io/library/${image.tags[0]}` }
    }))
  }
  const manifest = images.map((image) => ({
    Config: `blobs/sha256/${sha256(image.configBytes).slice(7)}`,
    RepoTags: image.tags,
    Layers: image.layerBlobs.map((bytes) => `blobs/sha256/${sha256(bytes).slice(7)}`)
  }))
  items.push({ name: 'index.json', content: JSON.stringify(index) })
  items.push({ name: 'manifest.json', content: JSON.stringify(manifest) })
  items.push({ name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' })
  return buildTar(items)
}

/** Docker <= 24: <id>/layer.tar (a later image's may be a symlink to an earlier one), <config>.json, manifest.json. */
export async function dockerLegacyArchive(
  image: BuiltImage,
  options: { symlinkFirstLayer?: boolean } = {}
): Promise<Buffer> {
  const ids = image.layerTars.map((bytes, index) =>
    sha256(Buffer.concat([bytes, Buffer.from([index])])).slice(7)
  )
  const items: TarItem[] = []
  if (options.symlinkFirstLayer) {
    // The symlink comes before its target, as Docker writes it for a layer shared with another image.
    items.push(
      { name: 'aaaa/', type: 'directory' },
      { name: 'aaaa/layer.tar', linkname: `../${ids[0]}/layer.tar` }
    )
  }
  image.layerTars.forEach((bytes, index) => {
    items.push({ name: `${ids[index]}/`, type: 'directory' })
    items.push({ name: `${ids[index]}/VERSION`, content: '1.0' })
    items.push({ name: `${ids[index]}/json`, content: '{}' })
    items.push({ name: `${ids[index]}/layer.tar`, content: bytes })
  })
  const configName = `${sha256(image.configBytes).slice(7)}.json`
  items.push({ name: configName, content: image.configBytes })
  const layers = ids.map((id, index) =>
    index === 0 && options.symlinkFirstLayer ? 'aaaa/layer.tar' : `${id}/layer.tar`
  )
  items.push({
    name: 'manifest.json',
    content: JSON.stringify([{ Config: configName, RepoTags: image.tags, Layers: layers }])
  })
  items.push({ name: 'repositories', content: '{}' })
  return buildTar(items)
}

/** skopeo/podman oci-archive: index.json only, optionally through a multi-platform image index. */
export async function ociArchive(
  images: BuiltImage[],
  options: { nestedIndex?: boolean; attestation?: boolean; refName?: string } = {}
): Promise<Buffer> {
  const items: TarItem[] = []
  for (const image of images)
    for (const bytes of [...image.layerBlobs, image.configBytes, image.manifestBytes]) items.push(blob(bytes))
  const descriptors: Record<string, unknown>[] = images.map((image) => {
    const config = JSON.parse(image.configBytes.toString()) as {
      os: string
      architecture: string
      variant?: string
    }
    return {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha256(image.manifestBytes),
      size: image.manifestBytes.length,
      platform: {
        os: config.os,
        architecture: config.architecture,
        ...(config.variant ? { variant: config.variant } : {})
      }
    }
  })
  if (options.attestation) {
    const attestation = Buffer.from(
      JSON.stringify({ schemaVersion: 2, config: { digest: sha256(Buffer.from('{}')) }, layers: [] })
    )
    items.push(blob(attestation))
    descriptors.push({
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha256(attestation),
      size: attestation.length,
      platform: { os: 'unknown', architecture: 'unknown' },
      annotations: { 'vnd.docker.reference.type': 'attestation-manifest' }
    })
  }
  const annotations = { 'org.opencontainers.image.ref.name': options.refName ?? images[0].tags[0] }
  let topLevel: Record<string, unknown>[] = descriptors.map((descriptor) => ({
    ...descriptor,
    annotations: { ...annotations, ...(descriptor.annotations as object) }
  }))
  if (options.nestedIndex) {
    const nested = Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: descriptors
      })
    )
    items.push(blob(nested))
    topLevel = [
      {
        mediaType: 'application/vnd.oci.image.index.v1+json',
        digest: sha256(nested),
        size: nested.length,
        annotations
      }
    ]
  }
  items.push({ name: 'index.json', content: JSON.stringify({ schemaVersion: 2, manifests: topLevel }) })
  items.push({ name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' })
  return buildTar(items)
}

/**
 * Sum of regular-file sizes over the layer tars of a legacy (`<id>/layer.tar`) archive, counted
 * independently of the reader: what `docker image ls` reports as the image size.
 */
export async function legacyContentSize(file: string): Promise<number> {
  let total = 0
  const outer = tar.extract()
  outer.on('entry', (header, stream, next) => {
    if (!header.name.endsWith('/layer.tar') || header.type !== 'file') {
      stream.on('end', next)
      stream.resume()
      return
    }
    const inner = tar.extract()
    inner.on('entry', (innerHeader, innerStream, innerNext) => {
      if (innerHeader.type === 'file' || innerHeader.type === 'contiguous-file')
        total += innerHeader.size ?? 0
      innerStream.on('end', innerNext)
      innerStream.resume()
    })
    inner.on('finish', next)
    stream.pipe(inner)
  })
  await new Promise<void>((resolve, reject) => {
    outer.on('finish', resolve)
    outer.on('error', reject)
    createReadStream(file).pipe(outer)
  })
  return total
}
