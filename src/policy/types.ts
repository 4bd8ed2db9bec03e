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

/**
 * A rule's advice on one finding: what to change, said for this image. The report stage completes it with
 * what only it knows (the Dockerfile line or layer that made the file, the stage a `COPY --from` took it
 * from, a waiver to paste): src/report/fix.ts. Text is plain and may quote the image's names raw (the
 * report escapes them); it names no Dockerfile line.
 */
export interface FindingFix {
  /**
   * The remedy, imperative, a sentence or two, naming what it concerns in this image (the path, the user,
   * the label, the largest layers): "Clear the setuid bit of /usr/bin/passwd." Never empty.
   */
  text: string
  /**
   * What must happen to the finding's file in the layer that wrote it (Finding.layer), for the report to
   * say at the instruction that made that layer: `leave-out`, the file must not ship (drop it from that RUN,
   * keep it out of that COPY, copy less from that stage, or, from the base image, build onto a base without
   * it); `command`, a command run in that layer fixes it (appended to that RUN, or a RUN after the COPY or
   * FROM), with `copyFlag` for a COPY that can do it itself (`--chmod=0755`).
   */
  inLayer?: { kind: 'leave-out' } | { kind: 'command'; command: string; copyFlag?: string }
  /**
   * The Dockerfile instruction that fixes it (`USER 65532:65532`, `LABEL key=value`): with a matching
   * Dockerfile the report says which line to change (the USER, the LABEL setting that key) or which stage
   * to add it to.
   */
  instruction?: string
  /** Layers the text names besides Finding.layer (the step that wrote and the one that deleted): the report says which instruction made each. */
  layers?: number[]
  /**
   * The later layer that deleted, overwrote or hid (under an opaque directory) the finding's file, which
   * Finding.layer still ships: the report names the step that made it, by its Dockerfile line when the
   * Dockerfile matches, else by its history step.
   */
  hiddenBy?: { layer: number; reason: 'deleted' | 'overwritten' | 'opaque' }
  /** The remedy is a build onto another base: the report adds the multi-stage snippet, from the Dockerfile's FROM when it has one. */
  newBase?: boolean
  /** Lines to paste (Dockerfile instructions, commands), shown under the text. */
  snippet?: string[]
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
  /**
   * Every name of the offending file (hard links, and symlinks or applet names that reach it), sorted;
   * absent when the path is its only one. A baseline matches a violation by any of them.
   */
  names?: string[]
  /** Which check of the rule, for violations without a path or label (`max`, `maxLayer sha256:…`). */
  subject?: string
  /** Set when the run compares with a baseline: whether the baseline had this violation already. */
  baseline?: BaselineState
  /** Index of the layer that deleted or overwrote the offending bytes (size.maxWasted), when known. */
  hiddenBy?: number
  /** Set when a waiver covers this violation: it is reported but never fails the gate. */
  waived?: WaiverRef
  /** Where in the policy file the violation is rooted, when not at its rule (e.g. an expired waiver). */
  location?: SourceLocation
  /** The rule's advice; reports complete it into the violation's `fix` (src/report/fix.ts). */
  fix?: FindingFix
}

/** Static description of a rule, for SARIF rule descriptors, docs and the README table. */
export interface RuleDoc {
  id: string
  title: string
  description: string
  /** Severity when the policy says `true`. */
  defaultSeverity: Severity
}

/** A violation the baseline did not have, or one it had already. */
export type BaselineState = 'new' | 'existing'

export interface Evaluation {
  violations: Violation[]
  /** Rules that ran, by id, in the policy's order (the counts by severity are the reporters': countViolations). */
  rulesEvaluated: string[]
  /** Where each enabled rule is configured in the policy file (for annotations without a Dockerfile). */
  ruleLocations: Record<string, SourceLocation>
  /** Waivers that expire within 30 days, for the summary. */
  expiringWaivers: { rule: string; path?: string; expires: string; reason: string }[]
  /** The clock waivers were checked against: suggested waivers expire 30 days after it. */
  evaluatedAt: Date
  /** Checks the policy asks for that could not run, one line each (growth limits without a baseline). */
  unchecked?: string[]
  /** With a baseline and `new-only`: only violations marked `new` count toward fail-on. */
  newOnly?: boolean
}
