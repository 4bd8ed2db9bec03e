// The JSON report: what `check --format json` prints and the action writes to its `report` file.
import { baselineViolation } from '../baseline/compare.js'
import type { ImageDiff } from '../baseline/image-diff.js'
import type { BaselineComparison, BaselineViolation, Change } from '../baseline/types.js'
import type { BaselineState, Severity, Violation } from '../policy/types.js'
import { compressedSize, imageName, imageSize, osName, platformString } from './facts.js'
import { fixString, violationFix } from './fix.js'
import { sortViolations } from './format.js'
import { type ReportInput, type ReportSet, type Reporter, singleReport } from './model.js'
import { type Counts, countViolations, verdict, type FailOn, type Result } from './verdict.js'

export interface JsonViolation {
  rule: string
  severity: Severity
  message: string
  path?: string
  /** Every name of the file (hard links, names reaching it), when the path is not its only one. */
  names?: string[]
  /** The image label concerned. */
  label?: string
  /** Which check of the rule, for violations without a path or label (`max`, `maxLayer sha256:…`). */
  subject?: string
  layer?: number
  /** With a baseline: whether the baseline had it already. */
  baseline?: BaselineState
  /** The Dockerfile instruction it is placed on, when a matching Dockerfile was given. */
  dockerfile?: { file: string; line: number; instruction: string }
  waived?: { reason: string; expires?: string }
  /**
   * How to fix it, for this image and its Dockerfile: the remedy, lines to paste (indented), and a waiver
   * line to paste under `waivers:` (src/report/fix.ts). Never empty; names from the image are printable.
   */
  fix: string
  /** The suggested waiver alone (also the last line of `fix`), absent for a waived violation. */
  waiver?: string
}

export interface JsonReport {
  image: {
    reference: string
    repoTags: string[]
    digest?: string
    manifestDigest?: string
    platform: string
    layout: string
    os?: string
    user: string
    size: number
    compressedSize: number
    layers: number
    /** Layer diff IDs, base first (a later run's growth limits and base comparison use them). */
    diffIds: string[]
    hiddenBytes: number
  }
  violations: JsonViolation[]
  summary: {
    result: Result
    failOn: FailOn
    violations: number
    errors: number
    warnings: number
    notices: number
    waived: number
    rulesEvaluated: string[]
    /** With a baseline: the sizes then and now, the counts of new and existing, the fixed violations. */
    baseline?: JsonBaseline
  }
}

export interface JsonBaseline {
  kind: 'report' | 'image'
  /** The report file or image reference as given. */
  given: string
  reference: string
  platform: string
  newOnly: boolean
  new: number
  existing: number
  fixed: BaselineViolation[]
  size: Change
  compressedSize: Change
  layers: Change
  /** The full diff, when the baseline is an image. */
  diff?: ImageDiff
  /** The baseline lacks this platform: compared with nothing (sizes from 0), every violation new. */
  absent?: string
}

export function buildJsonReport(input: ReportInput): JsonReport {
  const { image, evaluation, failOn } = input
  const counts = countViolations(evaluation.violations)
  return {
    image: {
      reference: imageName(image),
      repoTags: image.repoTags,
      ...(image.configDigest ? { digest: image.configDigest } : {}),
      ...(image.manifestDigest ? { manifestDigest: image.manifestDigest } : {}),
      platform: platformString(image),
      layout: image.layout,
      ...(osName(image) ? { os: osName(image) } : {}),
      user: image.config.user,
      size: imageSize(image),
      compressedSize: compressedSize(image),
      layers: image.layers.length,
      diffIds: image.layers.flatMap((layer) => (layer.diffId ? [layer.diffId] : [])),
      hiddenBytes: image.hiddenBytes
    },
    violations: sortViolations(evaluation.violations).map((v) => ({
      ...baselineViolation(v),
      ...(v.baseline ? { baseline: v.baseline } : {}),
      ...dockerfileField(input, v),
      ...(v.waived
        ? { waived: { reason: v.waived.reason, ...(v.waived.expires ? { expires: v.waived.expires } : {}) } }
        : {}),
      ...fixFields(input, v)
    })),
    summary: {
      result: verdict(evaluation, failOn),
      failOn,
      ...counts,
      rulesEvaluated: evaluation.rulesEvaluated,
      ...(input.baseline ? { baseline: jsonBaseline(input.baseline) } : {})
    }
  }
}

function fixFields(input: ReportInput, violation: Violation): Pick<JsonViolation, 'fix' | 'waiver'> {
  const fix = violationFix(violation, input)
  return { fix: fixString(fix), ...(fix.waiver ? { waiver: fix.waiver } : {}) }
}

function jsonBaseline(comparison: BaselineComparison): JsonBaseline {
  const { kind, given, reference, platform, newOnly, fixed, size, compressedSize, layers, diff, absent } =
    comparison
  return {
    kind,
    given,
    reference,
    platform,
    newOnly,
    new: comparison.new,
    existing: comparison.existing,
    // What they were about, without the names of their files: a report of a fix stays short.
    fixed: fixed.map(({ names: _names, ...rest }) => rest),
    size,
    compressedSize,
    layers,
    ...(diff ? { diff } : {}),
    ...(absent !== undefined ? { absent } : {})
  }
}

function dockerfileField(input: ReportInput, violation: Violation): Pick<JsonViolation, 'dockerfile'> {
  const located = input.locate(violation)
  if (located.source !== 'dockerfile' || !located.location) return {}
  const { file, line } = located.location
  return { dockerfile: { file, line, instruction: located.instruction ?? '' } }
}

export const jsonReporter: Reporter = {
  format: 'json',
  render: (input) => `${JSON.stringify(buildJsonReport(input), null, 2)}\n`,
  renderAll: (set) => `${JSON.stringify(buildJsonReports(set), null, 2)}\n`
}

/** The JSON report of a run that gated several platforms: one single-image report per platform. */
export interface JsonPlatformsReport {
  results: JsonReport[]
  summary: {
    result: Result
    failOn: FailOn
    /** Every platform gated, in the order of `results`. */
    platforms: string[]
    /** The platforms whose result is fail. */
    failed: string[]
    /** Platforms the source names but could not give: not gated. */
    unreadable: { platform: string; manifestDigest?: string; reason: string }[]
  } & Counts
}

/** A single image's report as it always was; several platforms as `results` with one summary. */
export function buildJsonReports(set: ReportSet): JsonReport | JsonPlatformsReport {
  const single = singleReport(set)
  if (single) return buildJsonReport(single)
  const results = set.reports.map(buildJsonReport)
  const totals = countViolations(set.reports.flatMap((input) => input.evaluation.violations))
  return {
    results,
    summary: {
      result: results.some((report) => report.summary.result === 'fail') ? 'fail' : 'pass',
      failOn: set.reports[0]?.failOn ?? 'error',
      platforms: results.map((report) => report.image.platform),
      failed: results
        .filter((report) => report.summary.result === 'fail')
        .map((report) => report.image.platform),
      unreadable: set.unreadable.map((entry) => ({ ...entry })),
      ...totals
    }
  }
}
