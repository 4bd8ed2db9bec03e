// What every reporter receives, and the interface of the formats the CLI can print.
import type { BaselineComparison } from '../baseline/types.js'
import type { DockerfileMap } from '../dockerfile/map.js'
import type { Image } from '../image/types.js'
import type { UnreadablePlatform } from '../image/selection.js'
import type { SourceLocation } from '../common/source-location.js'
import type { Evaluation, RuleDoc } from '../policy/types.js'
import type { Locator } from './locate.js'
import type { FailOn } from './verdict.js'

export interface ReportInput {
  image: Image
  evaluation: Evaluation
  failOn: FailOn
  /** Where each violation sits in the Dockerfile or policy file. */
  locate: Locator
  /** The Dockerfile matched against the image, when one was given (its `mismatch` says when it is not the image's). */
  dockerfile?: DockerfileMap
  /** A web link to a line of the repository (blob URL at the commit), where the run knows the repository. */
  sourceLink?: (location: SourceLocation) => string | undefined
  /** Registry of all rules, for SARIF descriptors and titles. */
  rules: readonly RuleDoc[]
  /** Path of the policy file as the user gave it; undefined for the bundled default. */
  policyPath?: string
  /** Version of this tool, for SARIF. */
  toolVersion: string
  /** What comparing with a baseline found, when the run compares with one. */
  baseline?: BaselineComparison
}

/**
 * What the reporters receive for a run: one input per platform gated, in the source's order, and the
 * platforms the source names but could not give. One platform and nothing unread is a single image,
 * which every format reports exactly as it always has.
 */
export interface ReportSet {
  reports: ReportInput[]
  unreadable: readonly UnreadablePlatform[]
}

/** The one input of a run that gated a single image, or undefined when it gated several platforms. */
export function singleReport(set: ReportSet): ReportInput | undefined {
  return set.reports.length === 1 && set.unreadable.length === 0 ? set.reports[0] : undefined
}

export interface RenderOptions {
  /** ANSI colour (text format on a TTY only). */
  color: boolean
}

/** One output format: text, json or sarif. */
export interface Reporter {
  readonly format: string
  render(input: ReportInput, options: RenderOptions): string
  /** A run's report, one platform or several (a single platform renders as `render`). */
  renderAll(set: ReportSet, options: RenderOptions): string
}
