// A baseline from an earlier run's JSON report (`check --format json`, the action's `report` output).
// The file is untrusted (an artifact a fork could have made): its shape is checked here, field by field,
// and a mistake is one line naming the field. Only what the comparison needs is kept.
import { UserError } from '../common/errors.js'
import { SEVERITIES, type Severity } from '../policy/types.js'
import type { Baseline, BaselineViolation } from './types.js'

/** More than any report this tool writes for one image holds; a bigger file is not one of its reports. */
export const MAX_BASELINE_REPORT_BYTES = 256 * 1024 * 1024

type Json = Record<string, unknown>

class ShapeError extends Error {}

function object(value: unknown, where: string): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new ShapeError(`${where} is not an object`)
  return value as Json
}

function string(value: unknown, where: string): string {
  if (typeof value !== 'string') throw new ShapeError(`${where} is not a string`)
  return value
}

function optionalString(value: unknown, where: string): string | undefined {
  return value === undefined ? undefined : string(value, where)
}

function count(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
    throw new ShapeError(`${where} is not a whole number of at least 0`)
  return value
}

function strings(value: unknown, where: string): string[] {
  if (!Array.isArray(value)) throw new ShapeError(`${where} is not a list`)
  return value.map((item, i) => string(item, `${where}[${i}]`))
}

function violation(value: unknown, where: string): BaselineViolation {
  const v = object(value, where)
  const severity = string(v.severity, `${where}.severity`)
  if (!(SEVERITIES as readonly string[]).includes(severity))
    throw new ShapeError(`${where}.severity is not one of ${SEVERITIES.join(', ')}`)
  const path = optionalString(v.path, `${where}.path`)
  const label = optionalString(v.label, `${where}.label`)
  const subject = optionalString(v.subject, `${where}.subject`)
  const names = v.names === undefined ? undefined : strings(v.names, `${where}.names`)
  const layer = v.layer === undefined ? undefined : count(v.layer, `${where}.layer`)
  return {
    rule: string(v.rule, `${where}.rule`),
    severity: severity as Severity,
    message: string(v.message, `${where}.message`),
    ...(path !== undefined ? { path } : {}),
    ...(names !== undefined ? { names } : {}),
    ...(label !== undefined ? { label } : {}),
    ...(subject !== undefined ? { subject } : {}),
    ...(layer !== undefined ? { layer } : {})
  }
}

/** One platform's report: `{ image, violations, summary }`. */
function platformReport(value: unknown, where: string, given: string): Baseline {
  const report = object(value, where)
  const at = (field: string) => (where === 'the report' ? field : `${where}.${field}`)
  const image = object(report.image, at('image'))
  if (!Array.isArray(report.violations)) throw new ShapeError(`${at('violations')} is not a list`)
  const diffIds = image.diffIds === undefined ? undefined : strings(image.diffIds, at('image.diffIds'))
  return {
    kind: 'report',
    given,
    reference: string(image.reference, at('image.reference')),
    platform: string(image.platform, at('image.platform')),
    facts: {
      size: count(image.size, at('image.size')),
      compressedSize: count(image.compressedSize, at('image.compressedSize')),
      layers: count(image.layers, at('image.layers')),
      ...(diffIds ? { diffIds } : {})
    },
    violations: report.violations.map((v, i) => violation(v, `${at('violations')}[${i}]`)),
    warnings: []
  }
}

/**
 * The baselines of a report's text, one per platform: a report of several platforms
 * (`{ results: [...] }`) gives each; a report of one platform gives it alone. The pipeline picks the
 * platform of the image it compares.
 */
export function parseBaselineReport(text: string, given: string): Baseline[] {
  const fail = (reason: string): never => {
    throw new UserError(`the baseline ${given} is not a JSON report of image-policy-gate: ${reason}`)
  }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch (error) {
    return fail(error instanceof Error ? error.message.split('\n')[0] : 'not JSON')
  }
  try {
    const top = object(parsed, 'the report')
    if (top.results === undefined) return [platformReport(top, 'the report', given)]
    if (!Array.isArray(top.results) || top.results.length === 0)
      throw new ShapeError('results is not a list of platform reports')
    return top.results.map((r, i) => platformReport(r, `results[${i}]`, given))
  } catch (error) {
    if (error instanceof ShapeError) return fail(error.message)
    throw error
  }
}

/** The baseline of `platform`; a report of one platform is taken for any, with a warning when it is another. */
export function baselineForPlatform(baselines: readonly Baseline[], platform: string): Baseline {
  const exact = baselines.find((b) => b.platform === platform)
  if (exact) return exact
  if (baselines.length > 1)
    throw new UserError(
      `the baseline ${baselines[0].given} has no report for ${platform} (it has ${baselines.map((b) => b.platform).join(', ')})`
    )
  const [only] = baselines
  return {
    ...only,
    warnings: [
      ...only.warnings,
      `the baseline ${only.given} is of ${only.platform}, compared with ${platform}`
    ]
  }
}
