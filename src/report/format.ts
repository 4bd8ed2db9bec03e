// Small pure helpers shared by the reporters: sizes, ordering, escaping.
import { byCodeUnit } from '../common/text-order.js'
import { compareViolations } from '../policy/engine.js'
import { SEVERITIES, type Severity, type Violation } from '../policy/types.js'

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
    const sorted = [...list].sort(compareViolations)
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

/**
 * A violation's message without what the report shows beside it already: its path (in a column of
 * its own, or before the message) and a leading "layer N" (in the layer column), so that
 * "layer 0: layer 0 7.8 MB exceeds maxLayer" reads "layer 0: 7.8 MB exceeds maxLayer" and
 * "/sbin/apk: package manager apk: /sbin/apk" reads "/sbin/apk: package manager apk".
 */
export function conciseMessage(violation: Violation, { dropLeadingPath = false } = {}): string {
  let message = violation.message
  if (violation.layer !== undefined) {
    const prefix = `layer ${violation.layer} `
    if (message.startsWith(prefix) && message.length > prefix.length) message = message.slice(prefix.length)
  }
  const path = violation.path
  if (!path) return message
  // The path as a whole word: after a start, a space or ": ", before an end, a space or punctuation.
  const at = wordIndex(message, path)
  if (at < 0) return message
  const end = at + path.length
  // "/big is 12 MB, over maxFile": the text report then leaves the path out before it instead.
  if (at === 0) return dropLeadingPath ? message.slice(end).replace(/^ +/, '') || message : message
  const before = message.slice(0, at).replace(/:? $/, '')
  const rest = message.slice(end)
  const shortened = `${before}${rest}`.trim()
  return shortened === '' ? message : shortened
}

function wordIndex(text: string, word: string): number {
  for (let at = text.indexOf(word); at >= 0; at = text.indexOf(word, at + 1)) {
    const before = at === 0 ? ' ' : text[at - 1]
    const after = text[at + word.length] ?? ' '
    if (before === ' ' && /[\s(),;]/.test(after)) return at
  }
  return -1
}

/** Shorten text to at most `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  const oneLine = text.replace(/\s+/g, ' ').trim()
  if (oneLine.length <= max) return oneLine
  let cut = Math.max(0, max - 1)
  // Never between the two halves of a character beyond the BMP: half of one is a lone surrogate.
  if (cut > 0 && /[\ud800-\udbff]/.test(oneLine[cut - 1])) cut--
  return `${oneLine.slice(0, cut)}…`
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}
