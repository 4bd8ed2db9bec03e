// Whole image archives around layer tars given as raw bytes, so a layer can be anything at all.
import type { BuiltImage, LayerCompression } from '../../helpers/archive.js'
import { compress, sha256 } from '../../helpers/archive.js'

export interface RawImageSpec {
  /** Uncompressed layer tars (or any bytes standing in for one). */
  layers: Buffer[]
  compression?: LayerCompression
  /** Replaces the generated config document entirely. */
  config?: unknown
  tags?: string[]
}

export function rawImage(spec: RawImageSpec): BuiltImage {
  const layerTars = spec.layers
  const layerBlobs = layerTars.map((bytes) => compress(bytes, spec.compression ?? 'none'))
  const configBytes = Buffer.from(
    JSON.stringify(
      spec.config ?? {
        os: 'linux',
        architecture: 'amd64',
        config: {},
        rootfs: { type: 'layers', diff_ids: layerTars.map(sha256) },
        history: layerTars.map((_, index) => ({ created_by: `layer ${index}` }))
      }
    )
  )
  const manifestBytes = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: {
        mediaType: 'application/vnd.oci.image.config.v1+json',
        digest: sha256(configBytes),
        size: configBytes.length
      },
      layers: layerBlobs.map((blob) => ({
        mediaType: 'application/vnd.oci.image.layer.v1.tar',
        digest: sha256(blob),
        size: blob.length
      }))
    })
  )
  return { configBytes, layerTars, layerBlobs, manifestBytes, tags: spec.tags ?? ['hostile:latest'] }
}
