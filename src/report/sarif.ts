// SARIF 2.1.0 for github/codeql-action/upload-sarif: one descriptor per rule with help text,
// one result per violation located in the Dockerfile or the policy file.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Log, ReportingDescriptor, Result as SarifResult, Location } from 'sarif'
import type { RuleDoc, Severity, Violation } from '../policy/types.js'
import { imageName } from './facts.js'
import { sortViolations } from './format.js'
import type { ReportInput, Reporter } from './model.js'
import { repoRelative } from './paths.js'
import { PROJECT_URL, TOOL_NAME, ruleDocUrl } from './project.js'

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

const LEVEL: Record<Severity, SarifResult.level> = { error: 'error', warning: 'warning', notice: 'note' }
// GitHub ranks code-scanning alerts by this property (0.0–10.0) when it is present.
const SECURITY_SEVERITY: Record<Severity, string> = { error: '7.0', warning: '4.0', notice: '1.0' }

export interface SarifOptions {
  /** Repository root that artifact URIs are relative to (%SRCROOT%). */
  sourceRoot: string
  /** Markdown help per rule id (the docs/rules/<id>.md pages), when available. */
  ruleHelp?: Readonly<Record<string, string>>
}

export function buildSarif(input: ReportInput, options: SarifOptions): Log {
  const violations = sortViolations(input.evaluation.violations)
  const descriptors = ruleDescriptors(input.rules, violations, options.ruleHelp ?? {})
  const ruleIndex = new Map(descriptors.map((d, index) => [d.id, index]))
  const reference = imageName(input.image)
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
        // One category per image, so a matrix of images uploads without replacing each other's alerts.
        automationDetails: { id: `${TOOL_NAME}/${reference.replace(/[^A-Za-z0-9._:@-]+/g, '_')}/` },
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
  return [...known.values()].map((rule) => ({
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.description },
    help: {
      text: help[rule.id] ?? `${rule.description}\n\nSee ${ruleDocUrl(rule.id)}`,
      markdown: help[rule.id] ?? `${rule.description}\n\n[Documentation](${ruleDocUrl(rule.id)})`
    },
    helpUri: ruleDocUrl(rule.id),
    defaultConfiguration: { level: LEVEL[rule.defaultSeverity] },
    properties: {
      tags: ['container', 'image-policy'],
      precision: 'very-high',
      'security-severity': SECURITY_SEVERITY[rule.defaultSeverity]
    }
  }))
}

function toResult(
  violation: Violation,
  input: ReportInput,
  options: SarifOptions,
  ruleIndex: Map<string, number>
): SarifResult {
  const located = input.locate(violation)
  const result: SarifResult = {
    ruleId: violation.rule,
    ruleIndex: ruleIndex.get(violation.rule),
    level: LEVEL[violation.severity],
    message: { text: sarifMessage(violation, located.instruction) },
    locations: [toLocation(located.location, violation, input, options)],
    properties: {
      image: imageName(input.image),
      ...(violation.path !== undefined ? { path: violation.path } : {}),
      ...(violation.layer !== undefined ? { layer: violation.layer } : {})
    }
  }
  if (violation.waived) {
    result.suppressions = [{ kind: 'external', status: 'accepted', justification: violation.waived.reason }]
  }
  return result
}

function sarifMessage(violation: Violation, instruction: string | undefined): string {
  const where =
    violation.path && !violation.message.includes(violation.path)
      ? ` (${violation.path}${violation.layer !== undefined ? `, layer ${violation.layer}` : ''})`
      : ''
  const from = instruction ? ` Introduced by \`${instruction}\`.` : ''
  return `${violation.message}${where}.${from}`.replace(/\.\.(\s|$)/g, '.$1')
}

function toLocation(
  location: { file: string; line: number; column: number } | undefined,
  violation: Violation,
  input: ReportInput,
  options: SarifOptions
): Location {
  const logicalLocations = violation.path
    ? [{ fullyQualifiedName: `${imageName(input.image)}:${violation.path}`, kind: 'resource' }]
    : undefined
  const relative = location ? repoRelative(location.file, options.sourceRoot) : undefined
  if (location && relative) {
    return {
      physicalLocation: {
        artifactLocation: { uri: encodeURI(relative), uriBaseId: '%SRCROOT%' },
        region: { startLine: location.line, startColumn: location.column }
      },
      ...(logicalLocations ? { logicalLocations } : {})
    }
  }
  // Code scanning needs a physical location; outside the repository (the bundled policy) name the file itself.
  const file = location?.file ?? input.policyPath
  // With neither a Dockerfile nor a user policy file, name the image itself, as image scanners do.
  const uri = file
    ? pathToFileURL(path.resolve(options.sourceRoot, file)).href
    : encodeURI(imageName(input.image))
  return {
    physicalLocation: { artifactLocation: { uri }, region: { startLine: location?.line ?? 1 } },
    ...(logicalLocations ? { logicalLocations } : {})
  }
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + word.slice(1))
    .join('')
}

export function sarifReporter(options: SarifOptions): Reporter {
  return { format: 'sarif', render: (input) => `${JSON.stringify(buildSarif(input, options), null, 2)}\n` }
}
