// Chooses the annotations a step emits. GitHub shows at most 10 errors, 10 warnings and 10 notices
// per step, so violations at the same place for the same rule become one annotation, the worst come
// first, and one last annotation says how many more there are. Pure: the action emits them with
// @actions/core, which escapes `% \r \n : ,` in properties and `% \r \n` in messages.
import { compareViolations } from '../policy/engine.js'
import { SEVERITIES, type Severity, type Violation } from '../policy/types.js'
import { severityRank, truncate } from './format.js'
import type { Locator } from './locate.js'
import { repoRelative } from './paths.js'
import { byCodeUnit } from '../common/text-order.js'
import { printable } from '../common/printable.js'
import type { ViolationFix } from './fix.js'

export const ANNOTATIONS_PER_LEVEL = 10
const PATHS_LISTED = 10
const MESSAGE_MAX = 1000

export interface Annotation {
  level: Severity
  title: string
  message: string
  file?: string
  startLine?: number
  startColumn?: number
}

export interface AnnotationSelection {
  annotations: Annotation[]
  /** Violations (not waived) that no annotation shows. */
  omitted: number
}

interface Group {
  rule: string
  severity: Severity
  violations: Violation[]
  /** The platforms whose images all have these violations, when the run gated several. */
  platforms?: string[]
  fixOf?: (violation: Violation) => ViolationFix
  file?: string
  line?: number
  column?: number
  instruction?: string
}

/**
 * @param moreIn where the omitted violations can be read ("the job summary")
 */
export function selectAnnotations(
  violations: readonly Violation[],
  locate: Locator,
  sourceRoot: string,
  moreIn: string,
  fixOf?: (violation: Violation) => ViolationFix
): AnnotationSelection {
  const found = violations
    .filter((v) => !v.waived)
    .map((violation) => ({ violation, locate, ...(fixOf ? { fixOf } : {}) }))
  return chooseAnnotations(groupByPlace(found, sourceRoot), moreIn)
}

/** One platform's violations, for a run that gated several. */
export interface PlatformViolations {
  platform: string
  violations: readonly Violation[]
  locate: Locator
  /** The fix to show of each violation, as for one image. */
  fixOf?: (violation: Violation) => ViolationFix
}

/**
 * Annotations for a run that gated several platforms: a violation found identically on several (same
 * rule, severity, message, path and place) is one, whose title lists them; then as for one image,
 * within the same per-level caps.
 */
export function selectPlatformAnnotations(
  platforms: readonly PlatformViolations[],
  sourceRoot: string,
  moreIn: string
): AnnotationSelection {
  if (platforms.length === 1) {
    const [only] = platforms
    return selectAnnotations(only.violations, only.locate, sourceRoot, moreIn, only.fixOf)
  }
  const found = new Map<string, Found>()
  for (const { platform, violations, locate, fixOf } of platforms) {
    for (const violation of violations) {
      if (violation.waived) continue
      const { file, line } = placeOf(violation, locate, sourceRoot)
      const key = JSON.stringify([
        violation.rule,
        violation.severity,
        violation.message,
        violation.path,
        file,
        line
      ])
      const same = found.get(key)
      if (same) same.platforms?.push(platform)
      else found.set(key, { violation, locate, platforms: [platform], ...(fixOf ? { fixOf } : {}) })
    }
  }
  return chooseAnnotations(groupByPlace([...found.values()], sourceRoot), moreIn)
}

/** A violation to annotate, with how to place it, and the platforms it was found on (several gated). */
interface Found {
  violation: Violation
  locate: Locator
  platforms?: string[]
  fixOf?: (violation: Violation) => ViolationFix
}

function chooseAnnotations(groups: Group[], moreIn: string): AnnotationSelection {
  const shown: Group[] = []
  const used: Record<Severity, number> = { error: 0, warning: 0, notice: 0 }
  let omitted = 0
  for (const group of groups) {
    if (used[group.severity] < ANNOTATIONS_PER_LEVEL) {
      used[group.severity]++
      shown.push(group)
    } else omitted += group.violations.length
  }

  let moreLevel: Severity | undefined
  if (omitted > 0) {
    moreLevel = [...SEVERITIES].reverse().find((level) => used[level] < ANNOTATIONS_PER_LEVEL)
    if (!moreLevel) {
      // Every level is full: give up the last notice to make room for the pointer to the rest.
      const lastNotice = shown.map((g) => g.severity).lastIndexOf('notice')
      omitted += shown[lastNotice].violations.length
      shown.splice(lastNotice, 1)
      moreLevel = 'notice'
    }
  }

  const annotations = shown.map((group) => toAnnotation(group))
  if (moreLevel) {
    annotations.push({
      level: moreLevel,
      title: `${omitted} more ${omitted === 1 ? 'violation' : 'violations'} not annotated`,
      message: `GitHub shows at most ${ANNOTATIONS_PER_LEVEL} errors, ${ANNOTATIONS_PER_LEVEL} warnings and ${ANNOTATIONS_PER_LEVEL} notices per step: ${omitted} more ${omitted === 1 ? 'violation is' : 'violations are'} listed in ${moreIn}.`
    })
  }
  return { annotations, omitted }
}

function placeOf(
  violation: Violation,
  locate: Locator,
  sourceRoot: string
): { file?: string; line?: number; column?: number; instruction?: string } {
  const located = locate(violation)
  const file = located.location ? repoRelative(located.location.file, sourceRoot) : undefined
  if (!file) return { instruction: located.instruction }
  return {
    file,
    line: located.location?.line,
    column: located.location?.column,
    instruction: located.instruction
  }
}

function groupByPlace(found: readonly Found[], sourceRoot: string): Group[] {
  const groups = new Map<string, Group>()
  for (const { violation, locate, platforms, fixOf } of found) {
    const { file, line, column, instruction } = placeOf(violation, locate, sourceRoot)
    const key = JSON.stringify([violation.rule, violation.severity, file, line, platforms])
    let group = groups.get(key)
    if (!group) {
      group = {
        rule: violation.rule,
        severity: violation.severity,
        violations: [],
        ...(platforms ? { platforms } : {}),
        ...(fixOf ? { fixOf } : {}),
        file,
        line,
        column,
        instruction
      }
      groups.set(key, group)
    }
    group.violations.push(violation)
  }
  for (const group of groups.values()) group.violations.sort(compareViolations)
  return [...groups.values()].sort(
    (a, b) =>
      severityRank(a.severity) - severityRank(b.severity) ||
      b.violations.length - a.violations.length ||
      byCodeUnit(a.rule, b.rule) ||
      byCodeUnit(a.file ?? '', b.file ?? '') ||
      (a.line ?? 0) - (b.line ?? 0)
  )
}

function toAnnotation(group: Group): Annotation {
  const { fixOf } = group
  const [first] = group.violations
  const count = group.violations.length
  // Messages and paths quote the image: printable, as in the log (the runner shows annotations there too).
  const firstMessage = printable(first.message)
  let message: string
  if (count === 1) {
    // Rules usually name the path in their message already; add it only when they do not.
    message =
      first.path && !first.message.includes(first.path)
        ? `${firstMessage} (${printable(first.path)}${layerNote(first)})`
        : `${firstMessage}${layerNote(first, true)}`
  } else {
    const paths = group.violations.flatMap((v) => (v.path ? [printable(v.path)] : []))
    const listed = paths.slice(0, PATHS_LISTED).join(', ')
    const more = paths.length > PATHS_LISTED ? ` and ${paths.length - PATHS_LISTED} more` : ''
    message = `${count} violations. ${firstMessage}${paths.length > 0 ? `. Paths: ${listed}${more}` : ''}`
  }
  if (group.instruction) message += `\nIntroduced by: ${printable(group.instruction)}`
  if (fixOf) {
    // Compact: the remedy and its lines; the waiver to paste is in the summary, the text and JSON reports.
    const fix = fixOf(first)
    const what = count > 1 && first.path ? ` (${printable(first.path)}; the others alike)` : ''
    message += `\nFix${what}: ${fix.text}${fix.snippet.map((line) => `\n    ${line}`).join('')}`
  }
  const on = group.platforms ? ` on ${group.platforms.map((platform) => printable(platform)).join(', ')}` : ''
  return {
    level: group.severity,
    title: `${count === 1 ? group.rule : `${group.rule} (${count})`}${on}`,
    message: truncateMultiline(message, MESSAGE_MAX),
    ...(group.file ? { file: group.file, startLine: group.line, startColumn: group.column } : {})
  }
}

function layerNote(violation: Violation, standalone = false): string {
  if (violation.layer === undefined) return ''
  return standalone ? ` (layer ${violation.layer})` : `, layer ${violation.layer}`
}

function truncateMultiline(text: string, max: number): string {
  return text
    .split('\n')
    .map((line) => truncate(line, max))
    .join('\n')
}
