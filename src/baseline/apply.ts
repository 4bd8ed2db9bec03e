// An evaluation compared with its baseline: each violation marked, the fixed ones and the size changes
// gathered for the reports. Pure.
import type { Image } from '../image/types.js'
import type { Evaluation, Violation } from '../policy/types.js'
import { compareViolations } from './compare.js'
import type { ImageDiff } from './image-diff.js'
import type { Baseline, BaselineComparison, Change } from './types.js'

export interface AppliedBaseline {
  evaluation: Evaluation
  comparison: BaselineComparison
}

function change(before: number, after: number): Change {
  return { before, after, delta: after - before }
}

export function applyBaseline(
  evaluation: Evaluation,
  image: Image,
  baseline: Baseline,
  options: { newOnly: boolean; compressedSize: number; diff?: ImageDiff }
): AppliedBaseline {
  const { states, fixed } = compareViolations(evaluation.violations, baseline.violations)
  const violations = evaluation.violations.map((v, i) => ({ ...v, baseline: states[i] }))
  const size = image.layers.reduce((sum, layer) => sum + layer.contentSize, 0)
  return {
    evaluation: { ...evaluation, violations, ...(options.newOnly ? { newOnly: true } : {}) },
    comparison: {
      kind: baseline.kind,
      given: baseline.given,
      reference: baseline.reference,
      platform: baseline.platform,
      newOnly: options.newOnly,
      new: states.filter((state) => state === 'new').length,
      existing: states.filter((state) => state === 'existing').length,
      fixed,
      size: change(baseline.facts.size, size),
      compressedSize: change(baseline.facts.compressedSize, options.compressedSize),
      layers: change(baseline.facts.layers, image.layers.length),
      ...(options.diff ? { diff: options.diff } : {}),
      ...(baseline.absent !== undefined ? { absent: baseline.absent } : {})
    }
  }
}

/**
 * Violations as the annotations show them: each says whether the baseline had it; with `newOnly`, an
 * existing one becomes a notice, so that old findings neither fail the step nor use the errors' budget.
 */
export function forAnnotations(violations: readonly Violation[], newOnly: boolean): Violation[] {
  return violations.map((v) => {
    if (v.baseline === undefined) return v
    const note = v.baseline === 'new' ? ' (new since the baseline)' : ' (already in the baseline)'
    const severity = newOnly && v.baseline === 'existing' ? 'notice' : v.severity
    return { ...v, severity, message: `${v.message}${note}` }
  })
}
