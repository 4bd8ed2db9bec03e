// size: ceilings on image, compressed, layer, file and wasted bytes; messages name the biggest contributors.
import type { Image, Layer } from '../../image/types.js'
import { describeCreatedBy } from '../../dockerfile/history.js'
import type { BaselineFacts, CheckContext, Finding, OptionReader, Rule } from '../rule.js'
import type { FindingFix } from '../types.js'
import { formatSize } from '../../common/size-format.js'

/**
 * gzip usually shrinks image layers to 35–50% of their tar size (Alpine's base layer: 43%, BusyBox: 50%).
 * The upper end is used so an estimate errs towards failing the gate rather than passing it.
 */
export const ESTIMATED_GZIP_RATIO = 0.5

/** Rule messages show one more digit on small values: limits are compared. */
const PRECISE = { precise: true }

/** Both sizes human-readable, or exact when rounding would make them look equal. */
function sizePair(actual: number, limit: number): [string, string] {
  const [a, b] = [formatSize(actual, PRECISE), formatSize(limit, PRECISE)]
  return a === b ? [`${actual} B`, `${limit} B`] : [a, b]
}

function describeLayer(layer: Layer, bytes: number): string {
  // As inspect and the reports show it: "COPY file:… in /srv/", not "/bin/sh -c #(nop) COPY …".
  const createdBy = describeCreatedBy(layer.createdBy).replace(/\s+/g, ' ').trim()
  const short = createdBy && createdBy.length > 60 ? `${createdBy.slice(0, 57)}…` : createdBy
  return `layer ${layer.index} ${formatSize(bytes, PRECISE)}${short ? ` (${short})` : ''}`
}

function topLayers(image: Image, sizeOf: (layer: Layer) => number, count = 3): Layer[] {
  return [...image.layers].sort((a, b) => sizeOf(b) - sizeOf(a)).slice(0, count)
}

function largestLayers(image: Image, sizeOf: (layer: Layer) => number, count = 3): string {
  return topLayers(image, sizeOf, count)
    .map((layer) => describeLayer(layer, sizeOf(layer)))
    .join(', ')
}

/** Shrinking advice naming the largest layers; the report says which instruction made each. */
function shrinkFix(image: Image, sizeOf: (layer: Layer) => number, what: string): FindingFix {
  const top = topLayers(image, sizeOf)
  return {
    text: `Shrink ${what}, starting with the largest layers (${top.map((layer) => `${layer.index}: ${formatSize(sizeOf(layer))}`).join(', ')}): build in a builder stage and copy only what runs, and clear package caches in the same RUN that fills them.`,
    layers: top.map((layer) => layer.index)
  }
}

function largestFiles(image: Image, count = 3): string {
  // Keep only the `count` largest while walking: sorting every file of a large image costs more.
  const top: { path: string; size: number }[] = []
  for (const entry of image.fs.files()) {
    const size = entry.inode.size
    if (top.length === count && size <= top[count - 1].size) continue
    let at = top.length
    while (at > 0 && top[at - 1].size < size) at--
    top.splice(at, 0, { path: entry.path, size })
    if (top.length > count) top.pop()
  }
  return top.map((file) => `${file.path} ${formatSize(file.size, PRECISE)}`).join(', ')
}

/** Compressed size of each layer: measured when stored compressed, otherwise estimated. */
export function compressedSizes(
  image: Image,
  context: CheckContext
): { sizes: Map<Layer, number>; estimated: number } {
  const sizes = new Map<Layer, number>()
  let estimated = 0
  for (const layer of image.layers) {
    if (layer.compression !== 'none') {
      sizes.set(layer, layer.compressedSize)
      continue
    }
    estimated++
    const measured = context.estimateCompressedSize?.(layer)
    sizes.set(layer, measured ?? Math.round(layer.uncompressedSize * ESTIMATED_GZIP_RATIO))
  }
  return { sizes, estimated }
}

export const size: Rule = {
  doc: {
    id: 'size',
    title: 'Size ceilings',
    description:
      'Ceilings on the image size as `docker image ls` shows it (max), the sum of compressed layer sizes (maxCompressed, measured or estimated), the number of layers (maxLayers), any one layer (maxLayer), any one file (maxFile), and the bytes hidden by later layers (maxWasted); with a baseline, how much the image grew (maxGrowth, in bytes or percent) and how many layers it gained (maxLayersAdded).',
    defaultSeverity: 'error'
  },
  example: `size: { max: 50MB, maxCompressed: 20MB, maxLayers: 12, maxLayer: 30MB, maxFile: 20MB, maxWasted: 5MB, maxGrowth: 10%, maxLayersAdded: 2 }`,
  configure(options) {
    const limits = {
      max: options.size('max'),
      maxCompressed: options.size('maxCompressed'),
      maxLayers: options.integer('maxLayers'),
      maxLayer: options.size('maxLayer'),
      maxFile: options.size('maxFile'),
      maxWasted: options.size('maxWasted'),
      maxGrowth: growthLimit(options),
      maxLayersAdded: options.integer('maxLayersAdded')
    }
    if (Object.values(limits).every((limit) => limit === undefined)) {
      options.fail(
        'max',
        'the size rule needs at least one of max, maxCompressed, maxLayers, maxLayer, maxFile, maxWasted, maxGrowth, maxLayersAdded'
      )
    }
    const needsBaseline = (['maxGrowth', 'maxLayersAdded'] as const).filter((k) => limits[k] !== undefined)
    return {
      ...(needsBaseline.length > 0 ? { needsBaseline } : {}),
      run: (image, context) => [
        ...(limits.maxGrowth !== undefined && context.baseline
          ? grewTooMuch(image, context.baseline, limits.maxGrowth)
          : []),
        ...(limits.maxLayersAdded !== undefined && context.baseline
          ? tooManyLayersAdded(image, context.baseline, limits.maxLayersAdded)
          : []),
        ...(limits.max !== undefined ? imageOverMax(image, limits.max) : []),
        ...(limits.maxCompressed !== undefined
          ? compressedOverMax(image, context, limits.maxCompressed)
          : []),
        ...(limits.maxLayers !== undefined ? tooManyLayers(image, limits.maxLayers) : []),
        ...(limits.maxLayer !== undefined ? bigLayers(image, limits.maxLayer) : []),
        ...(limits.maxFile !== undefined ? bigFiles(image, limits.maxFile) : []),
        ...(limits.maxWasted !== undefined ? wastedOverMax(image, limits.maxWasted) : [])
      ]
    }
  }
}

const contentSize = (layer: Layer) => layer.contentSize

function imageOverMax(image: Image, max: number): Finding[] {
  const total = image.layers.reduce((sum, layer) => sum + layer.contentSize, 0)
  if (total <= max) return []
  return [
    {
      message: `image size ${sizePair(total, max).join(' exceeds max ')}; largest layers: ${largestLayers(image, contentSize)}; largest files: ${largestFiles(image)}`,
      fix: shrinkFix(image, contentSize, `the image by ${formatSize(total - max, PRECISE)}`),
      subject: 'max'
    }
  ]
}

function compressedOverMax(image: Image, context: CheckContext, max: number): Finding[] {
  const { sizes, estimated } = compressedSizes(image, context)
  const total = [...sizes.values()].reduce((sum, bytes) => sum + bytes, 0)
  if (total <= max) return []
  const how =
    estimated === 0
      ? 'measured from the archive'
      : `estimated: ${estimated} of ${image.layers.length} layers are stored uncompressed in the archive${context.estimateCompressedSize ? '' : `, counted at ${ESTIMATED_GZIP_RATIO * 100}% of their tar size`}`
  const [shown, limit] = sizePair(total, max)
  return [
    {
      message: `compressed size ${shown} (${how}) exceeds maxCompressed ${limit}; largest layers: ${largestLayers(image, (layer) => sizes.get(layer) ?? 0)}`,
      fix: shrinkFix(
        image,
        (layer) => sizes.get(layer) ?? 0,
        `the compressed image by ${formatSize(total - max, PRECISE)}`
      ),
      subject: 'maxCompressed'
    }
  ]
}

function tooManyLayers(image: Image, max: number): Finding[] {
  if (image.layers.length <= max) return []
  return [
    {
      message: `${image.layers.length} layers exceed maxLayers ${max}; largest layers: ${largestLayers(image, contentSize)}`,
      fix: {
        text: `Make ${image.layers.length - max} fewer layers: join consecutive RUNs with &&, copy several files in one COPY, or build in a stage and copy its result in one layer.`
      },
      subject: 'maxLayers'
    }
  ]
}

function bigLayers(image: Image, max: number): Finding[] {
  return image.layers
    .filter((layer) => layer.contentSize > max)
    .map((layer) => ({
      message: `${describeLayer(layer, layer.contentSize)} exceeds maxLayer ${sizePair(layer.contentSize, max)[1]}`,
      layer: layer.index,
      // The same layer in a baseline is the same diff ID, wherever it sits.
      subject: `maxLayer ${layer.diffId ?? `#${layer.index}`}`,
      fix: {
        text: `Shrink layer ${layer.index} by ${formatSize(layer.contentSize - max, PRECISE)}${largestFilesOf(image, layer.index)}, or split it across steps; clear caches in the same RUN that fills them.`
      }
    }))
}

function wastedOverMax(image: Image, max: number): Finding[] {
  if (image.hiddenBytes <= max) return []
  const largest = [...image.hidden].sort((a, b) => b.size - a.size).slice(0, 3)
  const biggest = largest
    .map(
      (file) => `${file.path} ${formatSize(file.size, PRECISE)} (layer ${file.layerIndex}, ${file.reason})`
    )
    .join(', ')
  const first = largest[0]
  const hiddenBy = first?.hiddenBy
  return [
    {
      message: `${sizePair(image.hiddenBytes, max).join(' written by layers and hidden by later ones exceeds maxWasted ')}; largest: ${biggest}`,
      ...(hiddenBy !== undefined ? { hiddenBy } : {}),
      subject: 'maxWasted',
      fix: first
        ? {
            text: `Delete ${first.path} (${formatSize(first.size, PRECISE)}) in the same RUN that writes it, not in a later one: layer ${first.layerIndex} writes it, layer ${first.hiddenBy} ${first.reason === 'deleted' ? 'deletes' : 'hides'} it; merge the two RUNs, or build in a stage and copy the result.`,
            layers: [first.layerIndex, first.hiddenBy]
          }
        : { text: 'Delete files in the same RUN that writes them, or build in a stage and copy the result.' }
    }
  ]
}

/** " (largest files: /a 3 MB, /b 1 MB)": the biggest files the layer itself wrote that are in the final filesystem. */
function largestFilesOf(image: Image, layerIndex: number, count = 3): string {
  const top: { path: string; size: number }[] = []
  for (const entry of image.fs.files()) {
    if (entry.layerIndex !== layerIndex) continue
    top.push({ path: entry.path, size: entry.inode.size })
    top.sort((a, b) => b.size - a.size)
    if (top.length > count) top.pop()
  }
  return top.length === 0
    ? ''
    : ` (largest files: ${top.map((file) => `${file.path} ${formatSize(file.size, PRECISE)}`).join(', ')})`
}

function bigFiles(image: Image, max: number): Finding[] {
  const findings: Finding[] = []
  for (const entry of image.fs.files()) {
    const inode = entry.inode
    if (inode.size <= max) continue
    const realPaths = image.fs.hardLinks(inode)
    const others = realPaths.filter((path) => path !== entry.path)
    findings.push({
      message: `${entry.path} is ${sizePair(inode.size, max).join(', over maxFile ')}${others.length ? ` (hard-linked as ${others.join(', ')})` : ''}`,
      path: entry.path,
      layer: entry.layerIndex,
      realPaths: realPaths.length ? realPaths : [entry.path],
      fix: {
        text: `Keep ${entry.path} (${formatSize(inode.size, PRECISE)}) out of the image or shrink it (strip debug symbols, compress it, fetch it at run time).`,
        inLayer: { kind: 'leave-out' }
      }
    })
  }
  return findings
}

/** maxGrowth: bytes (`20MB`) or a share of the baseline's size (`10%`). */
export type GrowthLimit = { bytes: number } | { percent: number }

function growthLimit(options: OptionReader): GrowthLimit | undefined {
  const value = options.value.maxGrowth
  if (value === undefined) return undefined
  const percent = typeof value === 'string' ? /^\s*(\d+(?:\.\d+)?)\s*%\s*$/.exec(value) : null
  if (percent) return { percent: Number(percent[1]) }
  return { bytes: options.size('maxGrowth') ?? 0 }
}

function describeGrowth(limit: GrowthLimit): string {
  return 'percent' in limit ? `${limit.percent}%` : formatSize(limit.bytes, PRECISE)
}

function grewTooMuch(image: Image, baseline: BaselineFacts, limit: GrowthLimit): Finding[] {
  const now = image.layers.reduce((sum, layer) => sum + layer.contentSize, 0)
  const growth = now - baseline.size
  const allowed = 'percent' in limit ? (baseline.size * limit.percent) / 100 : limit.bytes
  if (growth <= allowed) return []
  const share = baseline.size > 0 ? ` (+${((growth / baseline.size) * 100).toFixed(1)}%)` : ''
  return [
    {
      message: `image grew ${formatSize(growth, PRECISE)}${share} from ${formatSize(baseline.size, PRECISE)} on the baseline to ${formatSize(now, PRECISE)}, over maxGrowth ${describeGrowth(limit)}; largest layers: ${largestLayers(image, contentSize)}`,
      subject: 'maxGrowth',
      fix: shrinkFix(
        image,
        contentSize,
        `the image by ${formatSize(growth - Math.floor(allowed), PRECISE)} to grow within maxGrowth (or raise maxGrowth when the growth is meant)`
      )
    }
  ]
}

function tooManyLayersAdded(image: Image, baseline: BaselineFacts, max: number): Finding[] {
  // Layers the baseline lacks, by diff ID when both sides know them; else the difference in count.
  const known = baseline.diffIds ? new Set(baseline.diffIds) : undefined
  const added =
    known && image.layers.every((layer) => layer.diffId !== undefined)
      ? image.layers.filter((layer) => !known.has(layer.diffId ?? '')).length
      : image.layers.length - baseline.layers
  if (added <= max) return []
  return [
    {
      message: `${added} layers added (${baseline.layers} on the baseline, ${image.layers.length} now), over maxLayersAdded ${max}`,
      subject: 'maxLayersAdded',
      fix: {
        text: `Add ${added - max} fewer layers than now: join the new RUNs with &&, copy several files in one COPY, or build in a stage and copy its result in one layer.`
      }
    }
  ]
}
