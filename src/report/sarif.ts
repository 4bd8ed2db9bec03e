// SARIF 2.1.0 for github/codeql-action/upload-sarif: one descriptor per rule with help text,
// one result per violation located in the Dockerfile or the policy file. The tests validate it with
// @microsoft/sarif-multitool and GitHub's rules (zero errors, zero warnings).
import path from 'node:path'
import type { Log, ReportingDescriptor, Result as SarifResult, Location } from 'sarif'
import { UserError } from '../common/errors.js'
import type { RuleDoc, Severity, Violation } from '../policy/types.js'
import { imageName, platformString } from './facts.js'
import { fixString, violationFix, type ViolationFix } from './fix.js'
import { sortViolations } from './format.js'
import { printableLine } from '../common/printable.js'
import { type ReportInput, type ReportSet, type Reporter, singleReport } from './model.js'
import { repoRelative } from './paths.js'
import { PROJECT_URL, TOOL_NAME, ruleDocUrl } from './project.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

const LEVEL: Record<Severity, SarifResult.level> = { error: 'error', warning: 'warning', notice: 'note' }
// GitHub ranks code-scanning alerts by this property (0.0–10.0) when it is present.
const SECURITY_SEVERITY: Record<Severity, string> = { error: '7.0', warning: '4.0', notice: '1.0' }

export interface SarifOptions {
  /** Repository root that artifact URIs are relative to (%SRCROOT%): GITHUB_WORKSPACE or the git top level. */
  sourceRoot: string
  /** Directory relative paths (the Dockerfile as given) are resolved from; defaults to `sourceRoot`. */
  baseDir?: string
  /** Markdown help per rule id (the docs/rules/<id>.md pages), when available. */
  ruleHelp?: Readonly<Record<string, string>>
  /** The Dockerfile as given, when there is one: results without a line of their own fall back to it. */
  dockerfilePath?: string
  /** The workflow file relative to the root (from GITHUB_WORKFLOW_REF): the last fallback location. */
  workflowFile?: string
  /**
   * What the user named to check (the `image` input or `--image`, else the archive path): the run's
   * category, so a matrix of images uploads without replacing each other's alerts. Never a tag from the
   * archive, which could name another image's category and replace its alerts.
   */
  category: string
  /**
   * The platform this run gated, when the run gated several: it joins the category, one run per
   * platform, so that each platform's alerts replace only that platform's.
   */
  platform?: string
}

/** A file of the repository for results that have no line of their own, or undefined when there is none. */
export function fallbackFile(options: SarifOptions, policyPath: string | undefined): string | undefined {
  const base = options.baseDir ?? options.sourceRoot
  for (const file of [policyPath, options.dockerfilePath]) {
    const relative =
      file === undefined ? undefined : repoRelative(path.resolve(base, file), options.sourceRoot)
    if (relative) return relative
  }
  return options.workflowFile
}

/** Says why a SARIF file cannot be written, or undefined when every result can be located. */
export function sarifLocationProblem(
  options: SarifOptions,
  policyPath: string | undefined
): string | undefined {
  if (fallbackFile(options, policyPath)) return undefined
  return (
    'SARIF results need a file of the repository to sit on, and there is none: give --dockerfile or a ' +
    `--policy file inside the repository (${options.sourceRoot}); in GitHub Actions the workflow file is used`
  )
}

export function buildSarif(input: ReportInput, options: SarifOptions): Log {
  const violations = sortViolations(input.evaluation.violations)
  const descriptors = ruleDescriptors(input.rules, violations, options.ruleHelp ?? {})
  const ruleIndex = new Map(descriptors.map((d, index) => [d.id, index]))
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            informationUri: PROJECT_URL,
            semanticVersion: input.toolVersion,
            version: input.toolVersion,
            rules: descriptors
          }
        },
        automationDetails: { id: automationId(options) },
        results: violations.map((v) => toResult(v, input, options, ruleIndex))
      }
    ]
  }
}

function ruleDescriptors(
  rules: readonly RuleDoc[],
  violations: readonly Violation[],
  help: Readonly<Record<string, string>>
): ReportingDescriptor[] {
  const known = new Map(rules.map((rule) => [rule.id, rule]))
  // Violations of rules missing from the registry (e.g. a waiver problem) still need a descriptor.
  for (const v of violations) {
    if (!known.has(v.rule)) {
      known.set(v.rule, { id: v.rule, title: v.rule, description: v.rule, defaultSeverity: v.severity })
    }
  }
  return [...known.values()].map((rule) => {
    // A name that is the id again is what SARIF1001 forbids: then there is none.
    const name = pascalCase(rule.title)
    const page = help[rule.id] === undefined ? undefined : absoluteLinks(help[rule.id], ruleDocUrl(rule.id))
    return {
      id: rule.id,
      ...(name.toLowerCase() === rule.id.replace(/[^A-Za-z0-9]/g, '').toLowerCase() ? {} : { name }),
      shortDescription: { text: rule.title },
      fullDescription: { text: rule.description },
      help: {
        text: page ?? `${rule.description}\n\nSee ${ruleDocUrl(rule.id)}`,
        markdown: page ?? `${rule.description}\n\n[Documentation](${ruleDocUrl(rule.id)})`
      },
      helpUri: ruleDocUrl(rule.id),
      defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
      properties: {
        tags: ['container', 'image-policy'],
        precision: 'very-high',
        'security-severity': SECURITY_SEVERITY[rule.defaultSeverity]
      }
    }
  })
}

/**
 * Relative links of a docs/rules page (`../../src/…`, `no-shell.md`) made absolute against the page's own
 * URL: an alert view shows the help away from the repository, where a relative link leads nowhere.
 */
export function absoluteLinks(markdown: string, pageUrl: string): string {
  return markdown.replace(/\]\(([^)\s]+)\)/g, (link, target: string) =>
    /^[a-z][a-z0-9+.-]*:|^#/i.test(target) ? link : `](${new URL(target, pageUrl).href})`
  )
}

function toResult(
  violation: Violation,
  input: ReportInput,
  options: SarifOptions,
  ruleIndex: Map<string, number>
): SarifResult {
  const located = input.locate(violation)
  const fix = violationFix(violation, input)
  const message = sarifMessage(violation, located.instruction)
  const result: SarifResult = {
    ruleId: violation.rule,
    ruleIndex: ruleIndex.get(violation.rule),
    level: LEVEL[violation.severity],
    // GitHub shows message.text on the alert (its first line as the title); viewers that render Markdown
    // show message.markdown, with the lines to paste as code.
    message: { text: `${message}\n\n${fixString(fix)}`, markdown: fixMarkdown(message, fix) },
    locations: [toLocation(located.location, violation, input, options)],
    // SARIF's own words for a comparison with a baseline run: "new", or "unchanged" for an existing one.
    ...(violation.baseline ? { baselineState: violation.baseline === 'new' ? 'new' : 'unchanged' } : {}),
    properties: {
      image: imageName(input.image),
      ...(options.platform !== undefined ? { platform: options.platform } : {}),
      ...(violation.path !== undefined ? { path: violation.path } : {}),
      ...(violation.layer !== undefined ? { layer: violation.layer } : {}),
      fix: fixString(fix)
    }
  }
  if (violation.waived) {
    result.suppressions = [{ kind: 'external', status: 'accepted', justification: violation.waived.reason }]
  }
  return result
}

/**
 * The message and its fix as Markdown: prose escaped (names from the image are printable already), the
 * snippet and the waiver in fenced blocks whose fence is longer than any backtick run they hold.
 */
function fixMarkdown(message: string, fix: ViolationFix): string {
  const block = (lines: string[], info: string) => {
    const longest = Math.max(
      2,
      ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length)))
    )
    const fence = '`'.repeat(longest + 1)
    return `${fence}${info}\n${lines.join('\n')}\n${fence}`
  }
  return [
    markdownText(printableLine(message)),
    `**Fix:** ${markdownText(fix.text)}`,
    ...(fix.snippet.length > 0 ? [block(fix.snippet, 'dockerfile')] : []),
    ...(fix.waiver
      ? ['To waive it instead, under `waivers:` in the policy:', block([fix.waiver], 'yaml')]
      : [])
  ].join('\n\n')
}

/** Text as literal Markdown: every ASCII punctuation character backslash-escaped. */
function markdownText(text: string): string {
  return text.replace(/[!-/:-@[-`{-~]/g, '\\$&')
}

function sarifMessage(violation: Violation, instruction: string | undefined): string {
  const where =
    violation.path && !violation.message.includes(violation.path)
      ? ` (${violation.path}${violation.layer !== undefined ? `, layer ${violation.layer}` : ''})`
      : ''
  const from = instruction ? ` Introduced by \`${instruction}\`.` : ''
  return `${violation.message}${where}.${from}`.replace(/\.\.(\s|$)/g, '.$1')
}

/**
 * Where code scanning shows a result: a file of the repository, relative to its root (GitHub rejects
 * absolute `file:` URIs and anything else that is not a path). The violation's own line (the Dockerfile
 * instruction, the rule in the policy file) when it lies in the repository, else line 1 of the user's
 * policy file, the Dockerfile, or the workflow file. Nothing from the image chooses it: the image's path
 * is a logical location only.
 */
function toLocation(
  location: { file: string; line: number; column: number } | undefined,
  violation: Violation,
  input: ReportInput,
  options: SarifOptions
): Location {
  const logicalLocations = violation.path
    ? [{ fullyQualifiedName: `${imageName(input.image)}:${violation.path}`, kind: 'resource' }]
    : undefined
  const base = options.baseDir ?? options.sourceRoot
  const relative = location ? repoRelative(path.resolve(base, location.file), options.sourceRoot) : undefined
  const region =
    location && relative ? { startLine: location.line, startColumn: location.column } : { startLine: 1 }
  const file = relative ?? fallbackFile(options, input.policyPath)
  if (file === undefined)
    throw new UserError(sarifLocationProblem(options, input.policyPath) ?? 'no location')
  return {
    physicalLocation: { artifactLocation: { uri: encodeUriPath(file), uriBaseId: '%SRCROOT%' }, region },
    ...(logicalLocations ? { logicalLocations } : {})
  }
}

/** A relative path as a URI reference: each segment percent-encoded, so ":" or "#" in a name stays a path. */
function encodeUriPath(relative: string): string {
  return relative.split('/').map(encodeURIComponent).join('/')
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('')
}

/** `image-policy-gate/CATEGORY/` (and `PLATFORM/` after it), in characters code scanning keeps. */
function automationId(options: SarifOptions): string {
  const safe = (text: string) => text.replace(/[^A-Za-z0-9._:@-]+/g, '_')
  const platform = options.platform === undefined ? '' : `${safe(options.platform)}/`
  return `${TOOL_NAME}/${safe(options.category)}/${platform}`
}

/** A single image's log as `buildSarif`; several platforms as one run each, its category naming it. */
export function buildSarifAll(set: ReportSet, options: SarifOptions): Log {
  const single = singleReport(set)
  if (single) return buildSarif(single, options)
  const runs = set.reports.flatMap(
    (input) => buildSarif(input, { ...options, platform: platformString(input.image) }).runs
  )
  return { $schema: SARIF_SCHEMA, version: '2.1.0', runs }
}

export function sarifReporter(options: SarifOptions): Reporter {
  return {
    format: 'sarif',
    render: (input) => `${JSON.stringify(buildSarif(input, options), null, 2)}\n`,
    renderAll: (set) => `${JSON.stringify(buildSarifAll(set, options), null, 2)}\n`
  }
}
