// What every reporter receives, and the interface of the formats the CLI can print.
import type { BaselineComparison } from '../baseline/types.js'
import type { DockerfileMap } from '../dockerfile/map.js'
import type { Image } from '../image/types.js'
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

export interface RenderOptions {
  /** ANSI colour (text format on a TTY only). */
  color: boolean
}

/** One output format: text, json or sarif. */
export interface Reporter {
  readonly format: string
  render(input: ReportInput, options: RenderOptions): string
}
