// A check that compares with a baseline: the baseline image read first when it is one (with the same
// policy, so that its violations are what this run would have said of it), then the image, evaluated
// with the baseline's facts (growth limits), then each violation marked new or existing. No @actions/*.
import { applyBaseline } from '../baseline/apply.js'
import { diffImages } from '../baseline/image-diff.js'
import { baselineForPlatform } from '../baseline/report.js'
import type { Baseline, BaselineComparison } from '../baseline/types.js'
import type { Image } from '../image/types.js'
import { loadPolicy } from '../policy/index.js'
import { compressedSize, imageName, imageSize, platformString } from '../report/facts.js'
import type { CheckRequest } from './request.js'
import { UserError } from '../common/errors.js'
import { type ScanOptions, type ScanResult, scan } from './scan.js'

export interface BaselineScan {
  result: ScanResult
  comparison?: BaselineComparison
  /** Things to tell the user (a baseline of another platform). */
  warnings: string[]
}

/**
 * Scans `options` (the request's image), compared with `request.baseline` when there is one.
 * `onBaselineRead` says when the baseline image has been read (the action logs it).
 */
export async function scanWithBaseline(
  request: Pick<CheckRequest, 'baseline' | 'newOnly' | 'platform' | 'verifyDigests'>,
  options: ScanOptions,
  onBaselineRead?: (image: Image) => void
): Promise<BaselineScan> {
  const wanted = request.baseline
  if (!wanted) return { result: await scanOne(options), warnings: [] }
  const policy = options.policy ?? (await loadPolicy(options.policyPath))
  let baselineImage: Image | undefined
  let baselines: Baseline[]
  if (wanted.kind === 'image') {
    const read = await scanOne({
      source: wanted.source,
      policy,
      ...(request.platform ? { platform: request.platform } : {}),
      verifyDigests: request.verifyDigests,
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.now ? { now: options.now } : {})
    })
    baselineImage = read.image
    onBaselineRead?.(read.image)
    baselines = [baselineOfImage(wanted.given, read)]
  } else baselines = wanted.baselines
  let chosen: Baseline | undefined
  const result = await scanOne({
    ...options,
    policy,
    baselineFor: (image) => {
      chosen = baselineForPlatform(baselines, platformString(image))
      return chosen.facts
    }
  })
  // baselineFor ran during the scan; the fallback keeps the types honest should a scan skip evaluation.
  const baseline = chosen ?? baselineForPlatform(baselines, platformString(result.image))
  const applied = applyBaseline(result.evaluation, result.image, baseline, {
    newOnly: request.newOnly,
    compressedSize: compressedSize(result.image),
    ...(baselineImage ? { diff: diffImages(baselineImage, result.image) } : {})
  })
  return {
    result: { ...result, evaluation: applied.evaluation },
    comparison: applied.comparison,
    warnings: baseline.warnings
  }
}

function baselineOfImage(given: string, read: ScanResult): Baseline {
  const { image, evaluation } = read
  const diffIds = image.layers.flatMap((layer) => (layer.diffId ? [layer.diffId] : []))
  return {
    kind: 'image',
    given,
    reference: imageName(image),
    platform: platformString(image),
    facts: {
      size: imageSize(image),
      compressedSize: compressedSize(image),
      layers: image.layers.length,
      ...(diffIds.length === image.layers.length ? { diffIds } : {})
    },
    violations: evaluation.violations.map((v) => ({
      rule: v.rule,
      severity: v.severity,
      message: v.message,
      ...(v.path !== undefined ? { path: v.path } : {}),
      ...(v.names ? { names: v.names } : {}),
      ...(v.label !== undefined ? { label: v.label } : {}),
      ...(v.subject !== undefined ? { subject: v.subject } : {}),
      ...(v.layer !== undefined ? { layer: v.layer } : {})
    })),
    warnings: []
  }
}

/** A baseline compares one image with one: an image of several platforms needs --platform to name one. */
async function scanOne(options: ScanOptions): Promise<ScanResult> {
  const { platforms, unreadable } = await scan(options)
  if (platforms.length === 1 && unreadable.length === 0) return platforms[0]
  throw new UserError(
    `a baseline compares one platform, and the image has ${platforms.length + unreadable.length}: name one with --platform (the action's platform)`
  )
}
