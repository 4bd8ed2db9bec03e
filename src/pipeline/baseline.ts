// A check that compares with a baseline: the baseline image read first when it is one (with the same
// policy, so that its violations are what this run would have said of it), then the image, evaluated
// with the baseline's facts (growth limits), then each violation marked new or existing, platform by
// platform. No @actions/*.
import { applyBaseline } from '../baseline/apply.js'
import { baselineViolation } from '../baseline/compare.js'
import { diffImages } from '../baseline/image-diff.js'
import { baselineForPlatform } from '../baseline/report.js'
import type { Baseline, BaselineComparison } from '../baseline/types.js'
import type { Image } from '../image/types.js'
import { evaluate, loadPolicy } from '../policy/index.js'
import { compressedSize, imageName, imageSize, platformString } from '../report/facts.js'
import type { CheckRequest } from './request.js'
import { UserError } from '../common/errors.js'
import { type ScanOptions, type ScanResult, type ScanResults, scan } from './scan.js'

export interface BaselineScan {
  /** Every platform gated, as `scan()` gives them, each evaluation marked new or existing. */
  results: ScanResults
  /** One per platform of `results.platforms`, in its order. */
  comparisons: BaselineComparison[]
  /** Things to tell the user (a baseline of another platform). */
  warnings: string[]
}

/**
 * Scans `options` (the request's image), compared with `request.baseline` when there is one, platform
 * by platform: each platform with the baseline's same platform (a report's result, or the baseline
 * image's manifest); a platform the baseline lacks is compared with nothing, so all its violations are
 * new. A run of one platform against a baseline of one is compared whatever their platforms, as before.
 * `onBaselineRead` says, once the baseline image is read, each platform read, and whether it had several
 * (the action logs them).
 */
export async function scanWithBaseline(
  request: Pick<CheckRequest, 'baseline' | 'newOnly' | 'platform' | 'verifyDigests'>,
  options: ScanOptions,
  onBaselineRead?: (image: Image, several: boolean) => void
): Promise<BaselineScan> {
  const wanted = request.baseline
  if (!wanted) return { results: await scan(options), comparisons: [], warnings: [] }
  const policy = options.policy ?? (await loadPolicy(options.policyPath))
  const baselineImages = new Map<string, Image>()
  let baselines: Baseline[]
  if (wanted.kind === 'image') {
    const read = await scan({
      source: wanted.source,
      policy,
      ...(request.platform ? { platform: request.platform } : {}),
      verifyDigests: request.verifyDigests,
      ...(options.limits ? { limits: options.limits } : {}),
      ...(options.now ? { now: options.now } : {})
    })
    if (read.platforms.length === 0)
      throw new UserError(
        `the baseline ${wanted.given} has no platform that could be read: ${read.unreadable.map((u) => `${u.platform} (${u.reason})`).join('; ')}`
      )
    for (const platform of read.platforms) {
      baselineImages.set(platformString(platform.image), platform.image)
      onBaselineRead?.(platform.image, read.platforms.length > 1)
    }
    baselines = read.platforms.map((platform) => baselineOfImage(wanted.given, platform))
  } else baselines = wanted.baselines
  // During the scan a platform's baseline is chosen for its growth limits before the run knows how many
  // platforms it has; a lone baseline of another platform is then taken tentatively (see below).
  const chosen = new Map<string, Baseline | undefined>()
  const pick = (platform: string): Baseline | undefined =>
    baselines.find((b) => b.platform === platform) ?? (baselines.length === 1 ? baselines[0] : undefined)
  const results = await scan({
    ...options,
    policy,
    baselineFor: (image) => {
      const platform = platformString(image)
      if (!chosen.has(platform)) chosen.set(platform, pick(platform))
      return chosen.get(platform)?.facts
    }
  })
  const single = results.platforms.length === 1 && results.unreadable.length === 0
  const warnings: string[] = []
  const comparisons: BaselineComparison[] = []
  const platforms = results.platforms.map((result) => {
    const platform = platformString(result.image)
    let baseline: Baseline | undefined
    let evaluation = result.evaluation
    if (single) {
      // One platform against the baseline: as it always was (another platform's lone report, with a warning).
      baseline = baselineForPlatform(baselines, platform)
    } else {
      baseline = baselines.find((b) => b.platform === platform)
      // Evaluated with a lone baseline of another platform: evaluated again with no baseline's facts.
      if (!baseline && chosen.get(platform))
        evaluation = evaluate(result.image, policy, options.now ? { now: options.now } : {})
    }
    warnings.push(...(baseline?.warnings ?? []))
    const against = baseline ?? absentBaseline(wanted.given, platform, baselines)
    const baselineImage = baseline ? baselineImages.get(baseline.platform) : undefined
    const applied = applyBaseline(evaluation, result.image, against, {
      newOnly: request.newOnly,
      compressedSize: compressedSize(result.image),
      ...(baselineImage ? { diff: diffImages(baselineImage, result.image) } : {})
    })
    comparisons.push(applied.comparison)
    return { ...result, evaluation: applied.evaluation }
  })
  return { results: { ...results, platforms }, comparisons, warnings }
}

/** What a platform the baseline lacks is compared with: nothing, so that every violation of it is new. */
function absentBaseline(given: string, platform: string, baselines: readonly Baseline[]): Baseline {
  return {
    kind: baselines[0].kind,
    given,
    reference: baselines[0].reference,
    platform,
    facts: { size: 0, compressedSize: 0, layers: 0 },
    violations: [],
    warnings: [],
    absent: `the baseline ${given} has no ${platform} (it has ${baselines.map((b) => b.platform).join(', ')}): every violation of ${platform} is new`
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
    violations: evaluation.violations.map(baselineViolation),
    warnings: []
  }
}
