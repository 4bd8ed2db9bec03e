// Text for people: image facts, violations grouped by rule (worst first), the verdict. Every value from
// the image, the policy or the Dockerfile goes through printable(): the text reaches terminals and logs.
import type { Severity, Violation } from '../policy/types.js'
import { printable, printableLine } from '../common/printable.js'
import { violationFix } from './fix.js'
import { imageName, imageSize, osName, platformString, userDescription } from './facts.js'
import { formatSize } from '../common/size-format.js'
import { baselineMark, renderBaselineText } from './baseline-text.js'
import { conciseMessage, groupByRule, plural } from './format.js'
import { type ReportInput, type ReportSet, type Reporter, type RenderOptions, singleReport } from './model.js'
import { countViolations, failsGate, verdict } from './verdict.js'

const ANSI = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  yellow: '\x1b[33m',
  cyan: '\x1b[36m',
  green: '\x1b[32m'
}
type Style = keyof typeof ANSI

const SEVERITY_STYLE: Record<Severity, Style> = { error: 'red', warning: 'yellow', notice: 'cyan' }

/**
 * Marks in front of a violation: ✗ when it fails the gate; otherwise its severity (!! error, ! warning,
 * · notice), so that `fail-on: never` or a violation below `fail-on` shows how severe it is without
 * reading as a failure; ~ when waived. Two columns wide.
 */
export const MARKS = { fails: '✗ ', error: '!!', warning: '! ', notice: '· ', waived: '~ ' } as const

export function renderText(input: ReportInput, options: RenderOptions): string {
  const paint = (style: Style, text: string) => (options.color ? `${ANSI[style]}${text}${ANSI.reset}` : text)
  const { image, evaluation, failOn } = input
  const lines: string[] = []

  const os = osName(image)
  const facts = [
    printable(platformString(image)),
    os === undefined ? undefined : printable(os),
    `${formatSize(imageSize(image))} in ${plural(image.layers.length, 'layer')}`,
    `user ${printable(userDescription(image))}`
  ].filter(Boolean)
  lines.push(`${paint('bold', printable(imageName(image)))}  ${facts.join(' · ')}`, '')
  const mismatch = input.dockerfile?.mismatch
  if (mismatch) lines.push(paint('yellow', `Dockerfile: ${printable(mismatch.message)}`), '')

  for (const group of groupByRule(evaluation.violations)) {
    const active = group.violations.filter((v) => !v.waived)
    const waived = group.violations.length - active.length
    const count = [
      active.length > 0 ? plural(active.length, 'violation') : '',
      waived > 0 ? `${waived} waived` : ''
    ]
      .filter(Boolean)
      .join(', ')
    const label = active.length > 0 ? paint(SEVERITY_STYLE[group.worst], group.worst) : paint('dim', 'waived')
    lines.push(`${paint('bold', printable(group.rule))}  ${label}  (${count})`)
    for (const violation of group.violations) lines.push(...renderViolation(violation, input, paint))
    lines.push('')
  }

  if (input.baseline) lines.push(...renderBaselineText(input.baseline))
  const counts = countViolations(evaluation.violations)
  const result = verdict(evaluation, failOn)
  const tally = `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.notices, 'notice')}`
  const waivedNote = counts.waived > 0 ? `, ${counts.waived} waived` : ''
  const fresh = evaluation.newOnly ? 'a new ' : ''
  const threshold = failOn === 'never' ? 'never failing' : `failing on ${fresh}${failOn} or worse`
  const verdictWord = result === 'pass' ? paint('green', 'PASS') : paint('red', 'FAIL')
  if (evaluation.violations.length === 0)
    lines.push(`No violations of ${plural(evaluation.rulesEvaluated.length, 'rule')}.`)
  lines.push(`${paint('bold', verdictWord)}: ${tally}${waivedNote} (${threshold})`)
  return `${lines.join('\n')}\n`
}

function renderViolation(
  violation: Violation,
  input: ReportInput,
  paint: (style: Style, text: string) => string
): string[] {
  const marker = violation.waived
    ? paint('dim', MARKS.waived)
    : paint(
        SEVERITY_STYLE[violation.severity],
        failsGate(violation, input.failOn, input.evaluation.newOnly) ? MARKS.fails : MARKS[violation.severity]
      )
  const message = conciseMessage(violation)
  const path =
    violation.path !== undefined && !message.startsWith(violation.path) ? violation.path : undefined
  const where = [
    path === undefined ? undefined : printable(path),
    violation.layer !== undefined ? `layer ${violation.layer}` : undefined
  ]
    .filter(Boolean)
    .join('  ')
  const out = [`  ${marker} ${baselineMark(violation)}${where ? `${where}: ` : ''}${printable(message)}`]
  const located = input.locate(violation)
  if (located.location && located.source === 'dockerfile') {
    const instruction = located.instruction === undefined ? '' : printable(located.instruction)
    out.push(
      paint(
        'dim',
        `       at ${printable(located.location.file)}:${located.location.line}  ${instruction}`.trimEnd()
      )
    )
  }
  if (violation.waived) {
    const expires = violation.waived.expires ? ` (until ${printable(violation.waived.expires)})` : ''
    out.push(paint('dim', `       waived: ${printable(violation.waived.reason)}${expires}`))
  } else {
    // Under the violation: the remedy, lines to paste, the waiver; all printable already (fix.ts).
    const fix = violationFix(violation, input)
    out.push(`       fix: ${printableLine(fix.text)}`)
    for (const line of fix.snippet) out.push(`         ${printableLine(line)}`)
    if (fix.waiver) out.push(paint('dim', `       waive: ${fix.waiver}`))
  }
  return out
}

export const textReporter: Reporter = { format: 'text', render: renderText, renderAll: renderTextAll }

/**
 * A run's text: a single image as `renderText`; several platforms as a section each (headed by its
 * platform), the platforms that could not be read, and one last line with the verdict of them all.
 */
export function renderTextAll(set: ReportSet, options: RenderOptions): string {
  const single = singleReport(set)
  if (single) return renderText(single, options)
  const paint = (style: Style, text: string) => (options.color ? `${ANSI[style]}${text}${ANSI.reset}` : text)
  const sections = set.reports.map((input, index) => {
    const heading = `── ${printable(platformString(input.image))} (platform ${index + 1} of ${set.reports.length}) ──`
    return `${paint('bold', heading)}\n\n${renderText(input, options)}`
  })
  const lines: string[] = []
  for (const entry of set.unreadable)
    lines.push(paint('yellow', `Not read: ${printable(entry.platform)}: ${printable(entry.reason)}`))
  const verdicts = set.reports.map((input) => {
    const result = verdict(input.evaluation, input.failOn)
    const counts = countViolations(input.evaluation.violations)
    const word = result === 'pass' ? paint('green', 'pass') : paint('red', 'fail')
    const errors = counts.errors > 0 ? ` (${plural(counts.errors, 'error')})` : ''
    return `${printable(platformString(input.image))} ${word}${errors}`
  })
  const failed = set.reports.some((input) => verdict(input.evaluation, input.failOn) === 'fail')
  const word = failed ? paint('red', 'FAIL') : paint('green', 'PASS')
  lines.push(`${paint('bold', word)}: ${plural(set.reports.length, 'platform')}: ${verdicts.join(', ')}`)
  return `${sections.join('\n')}\n${lines.join('\n')}\n`
}
