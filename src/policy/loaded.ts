// The resolved policy the engine runs: rules with parsed options, severities and source positions, and waivers.
import type { RuleCheck } from './rule.js'
import type { SourceLocation } from '../common/source-location.js'
import type { Severity } from './types.js'
import type { Glob } from './values.js'

export interface ConfiguredRule {
  id: string
  /** Always true in LoadedPolicy.rules (rules turned off are left out). */
  enabled: boolean
  severity: Severity
  /** Options as last written in the extends chain (without `severity`; a bare list expanded to its option). */
  options: Readonly<Record<string, unknown>>
  /** Where the rule's key is written in the last file of the extends chain that names it. */
  location: SourceLocation
  check: RuleCheck
}

export interface Waiver {
  rule: string
  path?: Glob
  reason: string
  /** YYYY-MM-DD as written. */
  expires: string
  /** The waiver holds until the end of its expiry day, UTC. */
  expiresAt: Date
  location: SourceLocation
}

export interface PolicySource {
  /** Path as given (or relative to the including file), or `policies/<name>.yml` for a bundled policy. */
  file: string
  bundled: boolean
}

export interface LoadedPolicy {
  /** Files read, in the order they apply (bases first, the given file last). */
  sources: PolicySource[]
  /** Enabled rules, in registry order. */
  rules: ConfiguredRule[]
  waivers: Waiver[]
}
