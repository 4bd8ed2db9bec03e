// Text for people: image facts, violations grouped by rule (worst first), the verdict.
import type { Severity, Violation } from '../policy/types.js'
import { imageName, imageSize, osName, platformString, userDescription } from './facts.js'
import { formatBytes, groupByRule, plural } from './format.js'
import type { ReportInput, Reporter, RenderOptions } from './model.js'
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

export function renderText(input: ReportInput, options: RenderOptions): string {
  const paint = (style: Style, text: string) => (options.color ? `${ANSI[style]}${text}${ANSI.reset}` : text)
  const { image, evaluation, failOn } = input
  const lines: string[] = []

  const facts = [
    platformString(image),
    osName(image),
    `${formatBytes(imageSize(image))} in ${plural(image.layers.length, 'layer')}`,
    `user ${userDescription(image)}`
  ].filter(Boolean)
  lines.push(`${paint('bold', imageName(image))}  ${facts.join(' · ')}`, '')

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
    lines.push(`${paint('bold', group.rule)}  ${label}  (${count})`)
    for (const violation of group.violations) lines.push(...renderViolation(violation, input, paint))
    lines.push('')
  }

  const counts = countViolations(evaluation.violations)
  const result = verdict(evaluation, failOn)
  const tally = `${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.notices, 'notice')}`
  const waivedNote = counts.waived > 0 ? `, ${counts.waived} waived` : ''
  const threshold = failOn === 'never' ? 'never failing' : `failing on ${failOn} or worse`
  const verdictWord = result === 'pass' ? paint('green', 'PASS') : paint('red', 'FAIL')
  if (evaluation.violations.length === 0)
    lines.push(`No violations of ${plural(evaluation.summary.rulesEvaluated.length, 'rule')}.`)
  lines.push(`${paint('bold', verdictWord)}: ${tally}${waivedNote} (${threshold})`)
  return `${lines.join('\n')}\n`
}

function renderViolation(
  violation: Violation,
  input: ReportInput,
  paint: (style: Style, text: string) => string
): string[] {
  const marker = violation.waived
    ? paint('dim', '~')
    : failsGate(violation, input.failOn)
      ? paint(SEVERITY_STYLE[violation.severity], '✗')
      : paint(SEVERITY_STYLE[violation.severity], '!')
  const where = [violation.path, violation.layer !== undefined ? `layer ${violation.layer}` : undefined]
    .filter(Boolean)
    .join('  ')
  const out = [`  ${marker} ${where ? `${where}: ` : ''}${violation.message}`]
  const located = input.locate(violation)
  if (located.location && located.source === 'dockerfile') {
    out.push(
      paint(
        'dim',
        `      at ${located.location.file}:${located.location.line}  ${located.instruction ?? ''}`.trimEnd()
      )
    )
  }
  if (violation.waived) {
    const expires = violation.waived.expires ? ` (until ${violation.waived.expires})` : ''
    out.push(paint('dim', `      waived: ${violation.waived.reason}${expires}`))
  }
  return out
}

export const textReporter: Reporter = { format: 'text', render: renderText }
