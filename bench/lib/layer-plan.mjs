// Which files exist in which layer. Everything is a pure function of the scenario and a file's global
// index, so a later layer can delete or rewrite an earlier layer's file without remembering it.

import { createRng } from './prng.mjs'

const TOP_DIRS = [
  'usr/lib',
  'usr/share',
  'opt/app',
  'usr/local/lib',
  'srv/data',
  'var/lib',
  'opt/tools',
  'usr/libexec'
]
const EXTENSIONS = ['so', 'py', 'js', 'txt', 'json', 'dat', 'h', 'go']
const FILES_PER_DIR = 16
const DIRS_PER_PACKAGE = 16
/** Uneven layer weights like a real image: a big base, small config layers, a big app layer. */
const LAYER_WEIGHTS = [0.3, 0.05, 0.2, 0.1, 0.15, 0.05, 0.1, 0.05]

export function layerWeights(layerCount) {
  const weights = Array.from({ length: layerCount }, (_, i) => LAYER_WEIGHTS[i % LAYER_WEIGHTS.length])
  const total = weights.reduce((a, b) => a + b, 0)
  return weights.map((w) => w / total)
}

/** First global file index of each layer, plus the end. */
export function layerBoundaries(fileCount, layerCount) {
  const weights = layerWeights(layerCount)
  const bounds = [0]
  let acc = 0
  for (const w of weights) {
    acc += w
    bounds.push(Math.round(acc * fileCount))
  }
  bounds[layerCount] = fileCount
  return bounds
}

export function layerOfFile(bounds, index) {
  let layer = 0
  while (bounds[layer + 1] <= index) layer++
  return layer
}

/** Base layer (docker import) names carry a './' prefix; layers built on top do not, as Docker writes them. */
export function namePrefix(layer) {
  return layer === 0 ? './' : ''
}

export function fileLocation(index, layer) {
  const top = TOP_DIRS[layer % TOP_DIRS.length]
  const pkg = Math.floor(index / (FILES_PER_DIR * DIRS_PER_PACKAGE))
  const sub = Math.floor(index / FILES_PER_DIR) % DIRS_PER_PACKAGE
  const dir = `${top}/pkg${pkg}/m${sub}`
  return {
    top,
    packageDir: `${top}/pkg${pkg}`,
    dir,
    base: `f${index}.${EXTENSIONS[index % EXTENSIONS.length]}`
  }
}

/**
 * File sizes for the whole image, drawn from a log-normal distribution and scaled so they add up to
 * `contentBytes` exactly.
 */
export function fileSizes(fileCount, contentBytes, sigma, seed) {
  const rng = createRng(seed ^ 0x51e5)
  const raw = new Float64Array(fileCount)
  let sum = 0
  for (let i = 0; i < fileCount; i++) {
    const u = 1 - rng.float()
    const v = rng.float()
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v)
    raw[i] = Math.exp(sigma * normal)
    sum += raw[i]
  }
  const sizes = new Float64Array(fileCount)
  let assigned = 0
  for (let i = 0; i < fileCount; i++) {
    sizes[i] = Math.floor((raw[i] / sum) * contentBytes)
    assigned += sizes[i]
  }
  sizes[fileCount - 1] += contentBytes - assigned
  return sizes
}

/** Later layers delete every 97th file of the layer three below them and rewrite every 211th of the layer two below. */
export function laterLayerChanges(bounds, layer) {
  const deleted = []
  const rewritten = []
  if (layer >= 3) {
    for (let i = bounds[layer - 3]; i < bounds[layer - 2]; i += 97) deleted.push(i)
  }
  if (layer >= 2) {
    for (let i = bounds[layer - 2] + 5; i < bounds[layer - 1]; i += 211) rewritten.push(i)
  }
  return { deleted, rewritten }
}
