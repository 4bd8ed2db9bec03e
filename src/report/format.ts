// Small pure helpers shared by the reporters: sizes, ordering, escaping.
import { SEVERITIES, type Severity, type Violation } from '../policy/types.js'
import { byCodeUnit } from '../text-order.js'

export { formatBytes } from '../size-format.js'

export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity)
}

/**
 * Violations worst first, grouped by rule: rules ordered by their worst severity,
 * then by how many violations they have, then by id; within a rule by severity then path.
 */
export function sortViolations(violations: readonly Violation[]): Violation[] {
  const groups = groupByRule(violations)
  return groups.flatMap((group) => group.violations)
}

export interface RuleGroup {
  rule: string
  worst: Severity
  violations: Violation[]
}

export function groupByRule(violations: readonly Violation[]): RuleGroup[] {
  const byRule = new Map<string, Violation[]>()
  for (const violation of violations) {
    const list = byRule.get(violation.rule) ?? []
    list.push(violation)
    byRule.set(violation.rule, list)
  }
  const groups: RuleGroup[] = [...byRule].map(([rule, list]) => {
    const sorted = [...list].sort(
      (a, b) =>
        Number(Boolean(a.waived)) - Number(Boolean(b.waived)) ||
        severityRank(a.severity) - severityRank(b.severity) ||
        byCodeUnit(a.path ?? '', b.path ?? '')
    )
    const active = sorted.filter((v) => !v.waived)
    const worst = (active.length > 0 ? active : sorted)[0].severity
    return { rule, worst, violations: sorted }
  })
  const activeCount = (g: RuleGroup) => g.violations.filter((v) => !v.waived).length
  return groups.sort(
    (a, b) =>
      Number(activeCount(a) === 0) - Number(activeCount(b) === 0) ||
      severityRank(a.worst) - severityRank(b.worst) ||
      activeCount(b) - activeCount(a) ||
      byCodeUnit(a.rule, b.rule)
  )
}

/** Shorten text to at most `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, Math.max(0, max - 1))}…`
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}
