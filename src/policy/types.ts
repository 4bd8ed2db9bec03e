// What policy evaluation produces; reporters and the action consume only these types.
import type { SourceLocation } from '../common/source-location.js'

export type Severity = 'error' | 'warning' | 'notice'

/** Ordered worst first. */
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'notice']

export interface WaiverRef {
  reason: string
  expires?: string
  /** Where the waiver is written in the policy file. */
  location?: SourceLocation
}

export interface Violation {
  /** Stable rule id, e.g. "no-shell". */
  rule: string
  severity: Severity
  message: string
  /** Absolute path inside the image, for path-based rules. */
  path?: string
  /** Index of the layer (0 = base) that wrote the offending path. */
  layer?: number
  /** The image label concerned (required-labels). */
  label?: string
  /** Index of the layer that deleted or overwrote the offending bytes (size.maxWasted), when known. */
  hiddenBy?: number
  /** Set when a waiver covers this violation: it is reported but never fails the gate. */
  waived?: WaiverRef
  /** Where in the policy file the violation is rooted, when not at its rule (e.g. an expired waiver). */
  location?: SourceLocation
}

/** Static description of a rule, for SARIF rule descriptors, docs and the README table. */
export interface RuleDoc {
  id: string
  title: string
  description: string
  /** Severity when the policy says `true`. */
  defaultSeverity: Severity
}

export interface Evaluation {
  violations: Violation[]
  /** Rules that ran, by id, in the policy's order (the counts by severity are the reporters': countViolations). */
  rulesEvaluated: string[]
  /** Where each enabled rule is configured in the policy file (for annotations without a Dockerfile). */
  ruleLocations: Record<string, SourceLocation>
  /** Waivers that expire within 30 days, for the summary. */
  expiringWaivers: { rule: string; path?: string; expires: string; reason: string }[]
}
