// Facts about an image that every reporter shows the same way.
import { redactCredentials } from '../analysis/credentials.js'
import { describeCreatedBy } from '../dockerfile/history.js'
import type { Image, Layer } from '../image/types.js'
import { describeOs, readOsRelease } from '../analysis/os-release.js'

/** Image size as `docker image ls` shows it and the size rule measures it: the sum of layer content sizes. */
export function imageSize(image: Image): number {
  return image.layers.reduce((sum, layer) => sum + layer.contentSize, 0)
}

export function compressedSize(image: Image): number {
  return image.layers.reduce((sum, layer) => sum + layer.compressedSize, 0)
}

export function platformString(image: Image): string {
  const { os, architecture, variant } = image.platform
  return [os, architecture, variant].filter(Boolean).join('/')
}

export function imageName(image: Image): string {
  return image.reference ?? image.repoTags[0] ?? image.configDigest ?? 'image'
}

/** The config user as the runtime sees it: empty means root. */
export function userDescription(image: Image): string {
  return image.config.user === '' ? 'root (no USER set)' : image.config.user
}

/** "Alpine Linux v3.20", or undefined when the image has no (captured) os-release. */
export function osName(image: Image): string | undefined {
  const release = readOsRelease(image.fs)
  return release ? describeOs(release) : undefined
}

/** The instruction that created a layer, else its history comment ("Imported from -"), else "". */
export function layerCreatedBy(image: Image, layer: Layer): string {
  // History is shown to whoever reads the report: credentials in it (RUN curl -H "token …") redacted.
  const described = redactCredentials(describeCreatedBy(layer.createdBy))
  if (described) return described
  const entry = layer.historyIndex !== undefined ? image.config.history[layer.historyIndex] : undefined
  return entry?.comment ?? ''
}

/** Hidden bytes per layer index (bytes a layer wrote that later layers deleted or overwrote). */
export function hiddenBytesByLayer(image: Image): Map<number, number> {
  const byLayer = new Map<number, number>()
  for (const file of image.hidden)
    byLayer.set(file.layerIndex, (byLayer.get(file.layerIndex) ?? 0) + file.size)
  return byLayer
}
