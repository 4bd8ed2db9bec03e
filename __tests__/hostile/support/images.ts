// Whole image archives around layer tars given as raw bytes, so a layer can be anything at all.
import type { BuiltImage, LayerCompression } from '../../helpers/archive.js'
import { imageFromTars } from '../../helpers/archive.js'

export interface RawImageSpec {
  /** Uncompressed layer tars (or any bytes standing in for one). */
  layers: Buffer[]
  compression?: LayerCompression
  /** Replaces the generated config document entirely. */
  config?: unknown
  tags?: string[]
}

export function rawImage(spec: RawImageSpec): BuiltImage {
  return imageFromTars(spec.layers, {
    ...(spec.compression ? { compression: spec.compression } : {}),
    ...(spec.config !== undefined ? { configDocument: spec.config } : {}),
    tags: spec.tags ?? ['hostile:latest']
  })
}
