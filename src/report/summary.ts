// The job summary (Markdown): verdict, image facts, violations, layers, waste, waivers.
// GitHub refuses step summaries over 1 MiB, so the violations table stops at a byte budget with a note.
// Every value from the image, the policy or the Dockerfile goes through md() or code(): shown printable,
// with every Markdown punctuation character escaped, so that no heading, row, link, image or HTML can be
// forged by a file name, a label or a `created_by`.
import { redactCredentials } from '../analysis/credentials.js'
import type { Image } from '../image/types.js'
import type { Violation } from '../policy/types.js'
import {
  compressedSize,
  imageName,
  imageSize,
  layerCreatedBy,
  osName,
  platformString,
  userDescription,
  hiddenBytesByLayer
} from './facts.js'
import { capPrintable, printable, printableName } from '../common/printable.js'
import { violationFix } from './fix.js'
import { formatSize } from '../common/size-format.js'
import { baselineSection } from './baseline-summary.js'
import { conciseMessage, plural, sortViolations, truncate } from './format.js'
import { type ReportInput, type ReportSet, singleReport } from './model.js'
import { TOOL_NAME } from './project.js'
import { type Result, countViolations, failsGate, verdict } from './verdict.js'

/** GitHub's limit for one step's summary. */
export const SUMMARY_LIMIT_BYTES = 1024 * 1024
const LAYER_ROWS = 50
const HIDDEN_FILE_ROWS = 10
const WAIVER_ROWS = 50

export interface SummaryOptions {
  /** Byte budget for the whole summary; defaults to GitHub's limit less a margin for other steps' tools. */
  maxBytes?: number
  /** One platform's part of a summary of several: no heading of its own (the platforms' summary has it). */
  section?: boolean
}

export function renderSummary(input: ReportInput, options: SummaryOptions = {}): string {
  const maxBytes = options.maxBytes ?? SUMMARY_LIMIT_BYTES - 24 * 1024
  const { image } = input
  const head = [
    verdictSection(input, options.section ?? false),
    ...(input.baseline ? [baselineSection(input.baseline, md, code)] : []),
    factsSection(image)
  ].join('\n')
  const tail = [
    suggestedWaiversSection(input),
    layersSection(input),
    wasteSection(image),
    waiversSection(input)
  ]
    .filter(Boolean)
    .join('\n')
  const reserved = bytes(head) + bytes(tail) + 1024
  const violations = violationsSection(input, maxBytes - reserved)
  return [head, violations, tail].filter(Boolean).join('\n')
}

function verdictSection(input: ReportInput, section: boolean): string {
  const { image, evaluation, failOn } = input
  const result = verdict(evaluation, failOn)
  const c = countViolations(evaluation.violations)
  const icon = result === 'pass' ? '✅' : '❌'
  const threshold = failOn === 'never' ? 'never fails' : `fails on ${failOn} or worse`
  const waived = c.waived > 0 ? `, ${c.waived} waived` : ''
  return [
    ...(section ? [] : [`## ${icon} ${TOOL_NAME}: ${result === 'pass' ? 'passed' : 'failed'}`, '']),
    `**${md(imageName(image))}**: ${plural(c.errors, 'error')}, ${plural(c.warnings, 'warning')}, ${plural(c.notices, 'notice')}${waived} against ${plural(evaluation.rulesEvaluated.length, 'rule')} (the gate ${threshold}).`,
    ''
  ].join('\n')
}

function factsSection(image: Image): string {
  const rows: [string, string][] = [
    ['Image ID', image.configDigest ? code(image.configDigest) : 'unknown'],
    ...(image.manifestDigest ? [['Manifest digest', code(image.manifestDigest)] as [string, string]] : []),
    ['Platform', md(platformString(image))],
    ['OS', md(osName(image) ?? 'no os-release (scratch or distroless)')],
    ['User', md(userDescription(image))],
    [
      'Size',
      `${formatSize(imageSize(image))} (${formatSize(compressedSize(image))} as stored in the archive)`
    ],
    ['Layers', String(image.layers.length)]
  ]
  // The reference heads the table: GitHub's tables need a header row, and an empty one shows as a blank bar.
  return [
    '### Image',
    '',
    `| Reference | ${md(imageName(image))} |`,
    '|---|---|',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
    ''
  ].join('\n')
}

function violationsSection(input: ReportInput, budget: number): string {
  const violations = sortViolations(input.evaluation.violations)
  if (violations.length === 0) return '### Violations\n\nNone.\n'
  const header = [
    `### Violations (${violations.length})`,
    '',
    '| Rule | Severity | Path | Layer | Dockerfile | Message | Fix |',
    '|---|---|---|---|---|---|---|'
  ].join('\n')
  const rows: string[] = []
  let used = bytes(header) + 512
  for (const violation of violations) {
    const row = violationRow(violation, input)
    if (used + bytes(row) + 1 > budget) break
    rows.push(row)
    used += bytes(row) + 1
  }
  const missing = violations.length - rows.length
  const note =
    missing > 0
      ? `\n> [!NOTE]\n> ${missing} more ${missing === 1 ? 'violation is' : 'violations are'} not shown: GitHub limits a job summary to 1 MiB. The JSON report (\`report\` output) and the SARIF file list them all.\n`
      : ''
  return `${header}\n${rows.join('\n')}\n${note}`
}

function violationRow(violation: Violation, input: ReportInput): string {
  const located = input.locate(violation)
  const link =
    located.source === 'dockerfile' && located.location ? input.sourceLink?.(located.location) : undefined
  const place = located.location ? `${md(located.location.file)}:${located.location.line}` : ''
  const dockerfile =
    located.source === 'dockerfile' && located.location
      ? `${link ? `[${place}](${link})` : place}${located.instruction ? ` ${code(truncate(located.instruction, 60))}` : ''}`
      : ''
  const state = violation.baseline ? ` (${violation.baseline})` : ''
  const severity = violation.waived ? `~~${violation.severity}~~ waived` : `${violation.severity}${state}`
  const layer = violation.layer !== undefined ? String(violation.layer) : ''
  const message = conciseMessage(violation, { dropLeadingPath: true })
  return `| ${md(violation.rule)} | ${severity} | ${violation.path ? code(violation.path) : ''} | ${layer} | ${dockerfile} | ${mdCapped(message, 300)} | ${fixCell(violation, input)} |`
}

/** The fix in a table cell: its text (printable already, escaped here), then each line to paste as code. */
function fixCell(violation: Violation, input: ReportInput): string {
  if (violation.waived) return ''
  const fix = violationFix(violation, input)
  return [
    escapePunctuation(capPrintable(fix.text, 400)),
    ...fix.snippet.map((line) => `<code>${escapePunctuation(capPrintable(line, 200))}</code>`)
  ].join('<br>')
}

/**
 * Every suggested waiver in one block to copy, under the violations: a fenced block shows its text as it
 * is, and the lines are printable YAML with no line break, so none can end the block.
 */
function suggestedWaiversSection(input: ReportInput): string {
  const lines = sortViolations(input.evaluation.violations).flatMap((violation) => {
    const waiver = violation.waived ? undefined : violationFix(violation, input).waiver
    return waiver ? [waiver] : []
  })
  if (lines.length === 0) return ''
  const shown = [...new Set(lines)].slice(0, WAIVER_ROWS)
  const longest = Math.max(
    2,
    ...shown.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length)))
  )
  const fence = '`'.repeat(longest + 1)
  return [
    '<details><summary>Waivers to paste under <code>waivers:</code> in the policy (each expires in 30 days)</summary>',
    '',
    `${fence}yaml`,
    ...shown,
    fence,
    '',
    '</details>',
    ''
  ].join('\n')
}

function layersSection(input: ReportInput): string {
  const { image } = input
  if (image.layers.length === 0) return ''
  // With a matching Dockerfile, the instruction as written ("COPY app.txt /srv/"), not as recorded
  // ("COPY file:9a4b… in /srv/"); base layers keep their history (their FROM line says little).
  const map = input.dockerfile?.mismatch ? undefined : input.dockerfile
  const createdBy = (layer: Image['layers'][number]) => {
    const ref = map?.locateLayer(layer.index)
    return ref && !ref.fromBaseImage ? redactCredentials(ref.instruction) : layerCreatedBy(image, layer)
  }
  const sorted = [...image.layers].sort((a, b) => b.contentSize - a.contentSize)
  const rows = sorted
    .slice(0, LAYER_ROWS)
    .map(
      (l) =>
        `| ${l.index} | ${formatSize(l.contentSize)} | ${formatSize(l.compressedSize)} ${l.compression === 'none' ? '(uncompressed tar)' : l.compression} | ${code(truncate(createdBy(l) || '(no history)', 120))} |`
    )
  const more = sorted.length > LAYER_ROWS ? `\n${sorted.length - LAYER_ROWS} smaller layers not shown.\n` : ''
  return [
    '### Layers by size',
    '',
    // The archive may store a layer as a plain tar (graphdriver) or as pulled (gzip, zstd): say which.
    '| Layer | Size | In the archive | Created by |',
    '|---|---|---|---|',
    ...rows,
    more
  ].join('\n')
}

function wasteSection(image: Image): string {
  if (image.hiddenBytes === 0) return '### Wasted bytes\n\nNo bytes are hidden by later layers.\n'
  const byLayer = [...hiddenBytesByLayer(image)].sort((a, b) => b[1] - a[1])
  const files = [...image.hidden].sort((a, b) => b.size - a.size).slice(0, HIDDEN_FILE_ROWS)
  return [
    `### Wasted bytes: ${formatSize(image.hiddenBytes)}`,
    '',
    `${formatSize(image.hiddenBytes)} written by ${plural(byLayer.length, 'layer')} are deleted or overwritten by later layers, yet still shipped.`,
    '',
    '| Layer | Hidden bytes |',
    '|---|---|',
    ...byLayer.slice(0, LAYER_ROWS).map(([layer, size]) => `| ${layer} | ${formatSize(size)} |`),
    '',
    '| Largest hidden files | Layer | Size | Why |',
    '|---|---|---|---|',
    ...files.map((f) => `| ${code(f.path)} | ${f.layerIndex} | ${formatSize(f.size)} | ${f.reason} |`),
    ''
  ].join('\n')
}

function waiversSection(input: ReportInput): string {
  const waived = input.evaluation.violations.filter((v) => v.waived)
  const expiring = input.evaluation.expiringWaivers
  if (waived.length === 0 && expiring.length === 0) return ''
  const parts = ['### Waivers', '']
  if (waived.length > 0) {
    parts.push(
      `${plural(waived.length, 'violation')} waived:`,
      '',
      '| Rule | Path | Reason | Expires |',
      '|---|---|---|---|',
      ...waived
        .slice(0, WAIVER_ROWS)
        .map(
          (v) =>
            `| ${md(v.rule)} | ${v.path ? code(v.path) : ''} | ${md(truncate(v.waived?.reason ?? '', 200))} | ${md(v.waived?.expires ?? 'never')} |`
        ),
      waived.length > WAIVER_ROWS ? `\n${waived.length - WAIVER_ROWS} more waived violations not shown.` : '',
      ''
    )
  }
  if (expiring.length > 0) {
    parts.push(
      '> [!WARNING]',
      `> ${plural(expiring.length, 'waiver')} expire${expiring.length === 1 ? 's' : ''} within 30 days:`,
      ...expiring.map(
        (w) =>
          `> - ${md(w.rule)}${w.path ? ` ${code(w.path)}` : ''}: ${md(w.expires)} (${md(truncate(w.reason, 200))})`
      ),
      ''
    )
  }
  return parts.join('\n')
}

/**
 * Untrusted text as literal Markdown inside a table cell or a line: printable (no line break, `\r`
 * included, no control character), then every ASCII punctuation character backslash-escaped, which
 * CommonMark renders as the character itself. That covers links and images (`[`, `]`, `(`, `)`, `!`),
 * headings (`#`), emphasis, code spans, HTML and entities (`<`, `&`), table cells (`|`) and autolinks
 * (`.`, `:`).
 */
export function md(text: string): string {
  return escapePunctuation(printable(text))
}

const escapePunctuation = (printed: string) => printed.replace(/[!-/:-@[-`{-~]/g, '\\$&')

/**
 * Like md(), capped at `max` characters without cutting an escape in half. Unlike md(truncate(…)),
 * a line break inside a name the message quotes stays visible as `\n` instead of becoming a space.
 */
function mdCapped(text: string, max: number): string {
  return escapePunctuation(printableName(text, max))
}

/** Inline code that survives backticks and pipes in paths. */
function code(text: string): string {
  return `<code>${md(text)}</code>`
}

function bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}

/**
 * A run's summary: a single image as `renderSummary`; several platforms as the verdict of each, a
 * rule × platform matrix, the platforms that could not be read, then each platform's own summary
 * (open when it failed), all within the byte budget.
 */
export function renderSummaryAll(set: ReportSet, options: SummaryOptions = {}): string {
  const single = singleReport(set)
  if (single) return renderSummary(single, options)
  const maxBytes = options.maxBytes ?? SUMMARY_LIMIT_BYTES - 24 * 1024
  const results = set.reports.map((input) => verdict(input.evaluation, input.failOn))
  const failed = results.filter((result) => result === 'fail').length
  const failOn = set.reports[0]?.failOn ?? 'error'
  const threshold = failOn === 'never' ? 'never fails' : `fails on ${failOn} or worse`
  const name = set.reports[0] ? md(imageName(set.reports[0].image)) : ''
  const head = [
    `## ${failed > 0 ? '❌' : '✅'} ${TOOL_NAME}: ${failed > 0 ? `failed on ${failed} of ${set.reports.length} platforms` : `passed on ${plural(set.reports.length, 'platform')}`}`,
    '',
    `**${name}**, ${plural(set.reports.length, 'platform')} gated (the gate ${threshold}).`,
    '',
    matrixSection(set, results),
    unreadableSection(set)
  ].join('\n')
  const share = Math.floor((maxBytes - bytes(head) - 1024) / set.reports.length)
  const sections = set.reports.map((input, index) => {
    const platform = md(platformString(input.image))
    const word = results[index] === 'pass' ? '✅ passed' : '❌ failed'
    const body = renderSummary(input, { maxBytes: share, section: true })
    return `<details${results[index] === 'fail' ? ' open' : ''}><summary><b>${platform}</b>: ${word}</summary>\n\n${body}\n</details>\n`
  })
  return [head, ...sections].join('\n')
}

/** One row per rule the policy ran, one column per platform: what each rule found on each. */
function matrixSection(set: ReportSet, results: readonly Result[]): string {
  const rules: string[] = []
  for (const input of set.reports) {
    for (const rule of [
      ...input.evaluation.rulesEvaluated,
      ...input.evaluation.violations.map((v) => v.rule)
    ])
      if (!rules.includes(rule)) rules.push(rule)
  }
  const cell = (input: ReportInput, rule: string) => {
    const found = input.evaluation.violations.filter((violation) => violation.rule === rule)
    if (found.length === 0) return '✅'
    const counts = countViolations(found)
    const parts = [
      counts.errors > 0 ? plural(counts.errors, 'error') : '',
      counts.warnings > 0 ? plural(counts.warnings, 'warning') : '',
      counts.notices > 0 ? plural(counts.notices, 'notice') : '',
      counts.waived > 0 ? `${counts.waived} waived` : ''
    ].filter(Boolean)
    const fails = found.some((violation) => failsGate(violation, input.failOn))
    return `${fails ? '❌' : counts.violations > 0 ? '⚠️' : '〰️'} ${parts.join(', ')}`
  }
  return [
    `| Rule | ${set.reports.map((input) => md(platformString(input.image))).join(' | ')} |`,
    `|---|${set.reports.map(() => '---|').join('')}`,
    ...rules.map((rule) => `| ${md(rule)} | ${set.reports.map((input) => cell(input, rule)).join(' | ')} |`),
    `| **Result** | ${results.map((result) => (result === 'pass' ? '✅ passed' : '❌ failed')).join(' | ')} |`,
    ''
  ].join('\n')
}

function unreadableSection(set: ReportSet): string {
  if (set.unreadable.length === 0) return ''
  return [
    '> [!WARNING]',
    `> ${plural(set.unreadable.length, 'platform')} of the image could not be read, and ${set.unreadable.length === 1 ? 'was' : 'were'} not gated:`,
    ...set.unreadable.map((entry) => `> - ${md(entry.platform)}: ${mdCapped(entry.reason, 300)}`),
    ''
  ].join('\n')
}
