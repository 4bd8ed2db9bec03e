// What a baseline is once read (an earlier JSON report, or an image read and evaluated like the checked
// one), and what comparing with it finds. I/O-free: the pipeline reads baselines, the reporters show this.
import type { BaselineFacts } from '../policy/rule.js'
import type { Severity } from '../policy/types.js'
import type { ImageDiff } from './image-diff.js'

/** A violation of the baseline, as its report lists it (or as evaluating the baseline image found it). */
export interface BaselineViolation {
  rule: string
  severity: Severity
  message: string
  path?: string
  /** Every name of the file (hard links, names reaching it), when the report lists them. */
  names?: string[]
  label?: string
  subject?: string
  layer?: number
}

/** One side of a comparison: the baseline image's facts and violations. */
export interface Baseline {
  /** Where it came from: a report file, or an image read for the comparison. */
  kind: 'report' | 'image'
  /** The report's path or the image's reference, as the user gave it. */
  given: string
  /** The baseline image's reference as its report or archive names it (untrusted). */
  reference: string
  platform: string
  facts: BaselineFacts & { compressedSize: number }
  violations: BaselineViolation[]
  /** Things to tell the user (a report made for another platform). */
  warnings: string[]
  /** The baseline lacks this platform: it is compared with nothing (the line that says so). */
  absent?: string
}

export interface Change {
  before: number
  after: number
  delta: number
}

/** What comparing with a baseline found, for every report. */
export interface BaselineComparison {
  kind: Baseline['kind']
  given: string
  reference: string
  platform: string
  /** Only new violations count toward fail-on. */
  newOnly: boolean
  new: number
  existing: number
  /** Violations of the baseline the image no longer has. */
  fixed: BaselineViolation[]
  size: Change
  compressedSize: Change
  layers: Change
  /** The full diff, when the baseline is an image. */
  diff?: ImageDiff
  /** The baseline lacks this platform: compared with nothing, every violation new (the line that says so). */
  absent?: string
}
