// One policy file's document, once parsed and checked against the schema (parse.ts, or the build for
// the bundled policies: compiled.ts): its rules with their options read by each rule, and its waivers.
import type { Waiver } from './loaded.js'
import type { PolicyPositions, Segment } from './positions.js'
import { findRule } from './registry.js'
import type { OptionReader, Rule } from './rule.js'
import type { SourceLocation } from '../common/source-location.js'
import type { Severity } from './types.js'
import { compileGlob, compileReferenceGlob, parseDate, parseSize, SIZE_HINT, type Glob } from './values.js'

export interface PolicyFile {
  file: string
  /** `allowNoRules: true`: the file says it means to check nothing. */
  allowNoRules: boolean
  /** Where `rules:` is written (or the file's start), for the error about a policy that checks nothing. */
  rulesLocation: SourceLocation
  extends: { ref: string; location: SourceLocation }[]
  /** Every rule the file names, including the ones it turns off. */
  rules: RuleSetting[]
  waivers: Waiver[]
}

const SEVERITY_VALUES = new Set(['error', 'warning', 'notice'])

function optionReader(
  rule: Rule,
  value: Record<string, unknown>,
  base: Segment[],
  positions: PolicyPositions,
  shorthand: boolean
): OptionReader {
  const fail = (option: string, message: string, ...at: Segment[]): never => {
    if (shorthand) throw positions.error([...base, ...at], message, at.length === 0 ? 'key' : 'value')
    if (!(option in value)) throw positions.error(base, message, 'key')
    throw positions.error([...base, option, ...at], message)
  }
  const list = <T>(option: string, compile: (item: string) => T | string): T[] | undefined => {
    const items = value[option] as string[] | undefined
    return items?.map((item, index) => {
      const compiled = compile(item)
      return typeof compiled === 'string' ? fail(option, compiled, index) : compiled
    })
  }
  return {
    ruleId: rule.doc.id,
    value,
    fail,
    size(option) {
      if (value[option] === undefined) return undefined
      return (
        parseSize(value[option]) ??
        fail(option, `${JSON.stringify(value[option])} is not a size: ${SIZE_HINT}`)
      )
    },
    integer: (option) => value[option] as number | undefined,
    boolean: (option) => value[option] as boolean | undefined,
    strings: (option) => value[option] as string[] | undefined,
    globs: (option) => list<Glob>(option, compileGlob),
    referenceGlobs: (option) => list<Glob>(option, compileReferenceGlob)
  }
}

/**
 * What one file says about a rule. Only what is written changes a base policy's rule: a severity changes the
 * severity, options (an object or a list) replace the options, `false` turns the rule off, `true` turns it on.
 */
export interface RuleSetting {
  id: string
  enabled: boolean
  /** Severity written in this file, if any. */
  severity?: Severity
  /** Options written in this file (an object or a list), read with this file's positions. */
  options?: OptionReader
  /** Reader over no options, positioned at this file's rule key (for rules that need options). */
  empty: OptionReader
  location: SourceLocation
}

function parseRule(id: string, raw: unknown, positions: PolicyPositions): RuleSetting {
  const rule = findRule(id)
  if (!rule) throw positions.error(['rules', id], `unknown rule "${id}"`, 'key')
  const base: Segment[] = ['rules', id]
  const setting: RuleSetting = {
    id,
    enabled: raw !== false,
    empty: optionReader(rule, {}, base, positions, false),
    location: positions.locate(base, 'key')
  }
  if (typeof raw === 'string' && SEVERITY_VALUES.has(raw)) setting.severity = raw as Severity
  else if (Array.isArray(raw))
    setting.options = optionReader(rule, { [rule.listOption ?? 'paths']: raw }, base, positions, true)
  else if (typeof raw === 'object' && raw !== null) {
    const { severity, ...rest } = raw as Record<string, unknown>
    if (severity !== undefined) setting.severity = severity as Severity
    setting.options = optionReader(rule, rest, base, positions, false)
  }
  // Written options are checked now, even when a later file turns the rule off.
  if (setting.options) rule.configure(setting.options)
  return setting
}

function parseWaiver(raw: Record<string, unknown>, index: number, positions: PolicyPositions): Waiver {
  const at = (key: string): Segment[] => ['waivers', index, key]
  const expiry = parseDate(raw.expires)
  if (typeof expiry === 'string') throw positions.error(at('expires'), expiry)
  let path: Glob | undefined
  if (raw.path !== undefined) {
    // The schema has made it a string.
    const compiled = compileGlob(typeof raw.path === 'string' ? raw.path : JSON.stringify(raw.path))
    if (typeof compiled === 'string') throw positions.error(at('path'), compiled)
    path = compiled
  }
  return {
    rule: String(raw.rule),
    path,
    reason: String(raw.reason).trim(),
    expires: expiry.text,
    expiresAt: expiry.endOfDay,
    location: positions.locate(['waivers', index], 'value')
  }
}

/** The file's settings from its document, which the schema has accepted. */
export function policyFromValue(value: unknown, positions: PolicyPositions): PolicyFile {
  const { file } = positions
  const policy = value as {
    allowNoRules?: boolean
    extends?: string | string[]
    rules?: Record<string, unknown> | null
    waivers?: Record<string, unknown>[]
  }
  const refs =
    policy.extends === undefined ? [] : Array.isArray(policy.extends) ? policy.extends : [policy.extends]
  return {
    file,
    allowNoRules: policy.allowNoRules === true,
    rulesLocation: 'rules' in policy ? positions.locate(['rules'], 'key') : { file, line: 1, column: 1 },
    extends: refs.map((ref, index) => ({
      ref,
      location: positions.locate(Array.isArray(policy.extends) ? ['extends', index] : ['extends'])
    })),
    rules: Object.entries(policy.rules ?? {}).map(([id, raw]) => parseRule(id, raw, positions)),
    waivers: (policy.waivers ?? []).map((raw, index) => parseWaiver(raw, index, positions))
  }
}
