// Pass or fail: anything not waived at or above the fail-on threshold fails the gate.
import type { Evaluation, Violation } from '../policy/types.js'
import { severityRank } from './format.js'

export const FAIL_ON_VALUES = ['error', 'warning', 'notice', 'never'] as const
export type FailOn = (typeof FAIL_ON_VALUES)[number]

export function isFailOn(value: string): value is FailOn {
  return (FAIL_ON_VALUES as readonly string[]).includes(value)
}

/** `newOnly`: the run compares with a baseline and only new violations count (an existing one never fails). */
export function failsGate(violation: Violation, failOn: FailOn, newOnly = false): boolean {
  if (failOn === 'never' || violation.waived) return false
  if (newOnly && violation.baseline === 'existing') return false
  return severityRank(violation.severity) <= severityRank(failOn)
}

export type Result = 'pass' | 'fail'

export function verdict(evaluation: Evaluation, failOn: FailOn): Result {
  return evaluation.violations.some((v) => failsGate(v, failOn, evaluation.newOnly)) ? 'fail' : 'pass'
}

export interface Counts {
  violations: number
  errors: number
  warnings: number
  notices: number
  waived: number
}

/** Counts of violations that are not waived, by severity, plus the waived ones. */
export function countViolations(violations: readonly Violation[]): Counts {
  const counts: Counts = { violations: 0, errors: 0, warnings: 0, notices: 0, waived: 0 }
  for (const v of violations) {
    if (v.waived) {
      counts.waived++
      continue
    }
    counts.violations++
    if (v.severity === 'error') counts.errors++
    else if (v.severity === 'warning') counts.warnings++
    else counts.notices++
  }
  return counts
}

/** A run's verdict over every platform it gated: the worst of them (fail when any fails). */
export function worstVerdict(reports: readonly { evaluation: Evaluation; failOn: FailOn }[]): Result {
  return reports.some((report) => verdict(report.evaluation, report.failOn) === 'fail') ? 'fail' : 'pass'
}
