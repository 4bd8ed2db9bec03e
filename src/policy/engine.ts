// evaluate: runs the enabled rules on an image, applies waivers, sorts and counts. Pure: no I/O.
import type { Image } from '../image/types.js'
import type { LoadedPolicy } from './loaded.js'
import { EXPIRED_WAIVER, RULE_IDS } from './registry.js'
import type { CheckContext, Finding } from './rule.js'
import type { SourceLocation } from '../common/source-location.js'
import { SEVERITIES, type Evaluation, type Violation } from './types.js'
import { expiredWaiverViolations, expiringWaivers, findWaiver, isExpired, waiverRef } from './waivers.js'
import { byCodeUnit } from '../common/text-order.js'

export interface EvaluateOptions {
  /** Clock for waiver expiry (tests pin it). */
  now?: Date
  /** Better estimate of a layer's gzip size than the documented ratio, for layers stored uncompressed. */
  estimateCompressedSize?: CheckContext['estimateCompressedSize']
  /** What the baseline image measured, when the run compares with one (growth limits). */
  baseline?: CheckContext['baseline']
}

const ORDER = [...RULE_IDS, EXPIRED_WAIVER.id]

/**
 * The order of violations everywhere: not waived before waived, worst severity first, then the rules in
 * the registry's order, then by path. Reporters that group violations keep it inside each group.
 */
export function compareViolations(a: Violation, b: Violation): number {
  return (
    Number(a.waived !== undefined) - Number(b.waived !== undefined) ||
    SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) ||
    ORDER.indexOf(a.rule) - ORDER.indexOf(b.rule) ||
    byCodeUnit(a.path ?? '', b.path ?? '')
  )
}

export function evaluate(image: Image, policy: LoadedPolicy, options: EvaluateOptions = {}): Evaluation {
  const now = options.now ?? new Date()
  const context: CheckContext = {
    now,
    estimateCompressedSize: options.estimateCompressedSize,
    ...(options.baseline ? { baseline: options.baseline } : {})
  }
  const unchecked: string[] = []
  const violations: Violation[] = []
  const ruleLocations: Record<string, SourceLocation> = {}
  for (const rule of policy.rules) {
    ruleLocations[rule.id] = rule.location
    const needs = rule.check.needsBaseline ?? []
    if (needs.length > 0 && !options.baseline)
      unchecked.push(
        `${needs.map((option) => `${rule.id}.${option}`).join(' and ')} need${needs.length === 1 ? 's' : ''} a baseline (--baseline or the baseline input) and ${needs.length === 1 ? 'was' : 'were'} not checked`
      )
    for (const finding of rule.check.run(image, context)) {
      const violation: Violation = { rule: rule.id, severity: rule.severity, message: finding.message }
      if (finding.path !== undefined) violation.path = finding.path
      if (finding.layer !== undefined) violation.layer = finding.layer
      if (finding.label !== undefined) violation.label = finding.label
      if (finding.hiddenBy !== undefined) violation.hiddenBy = finding.hiddenBy
      if (finding.fix !== undefined) violation.fix = finding.fix
      const names = allNames(finding)
      if (names) violation.names = names
      if (finding.subject !== undefined) violation.subject = finding.subject
      const waiver = findWaiver(rule.id, finding, policy.waivers, now)
      if (waiver) violation.waived = waiverRef(waiver)
      violations.push(violation)
    }
  }
  const expired = expiredWaiverViolations(policy.waivers, now)
  const firstExpired = policy.waivers.find((waiver) => isExpired(waiver, now))
  if (firstExpired) ruleLocations[EXPIRED_WAIVER.id] = firstExpired.location
  violations.push(...expired)
  violations.sort(compareViolations)
  return {
    violations,
    rulesEvaluated: policy.rules.map((rule) => rule.id),
    ruleLocations,
    expiringWaivers: expiringWaivers(policy.waivers, now),
    evaluatedAt: now,
    ...(unchecked.length > 0 ? { unchecked } : {})
  }
}

/** The finding's path with its hard links and the names reaching it, when there is more than the path. */
function allNames(finding: Finding): string[] | undefined {
  if (finding.path === undefined) return undefined
  const names = new Set([finding.path, ...(finding.realPaths ?? []), ...(finding.names ?? [])])
  return names.size > 1 ? [...names].sort(byCodeUnit) : undefined
}
