// Where keys and values of a policy file are written, and messages that start with that place. The
// positions come from the YAML parser (yaml-positions.ts) or, for the bundled policies, from the build
// (compiled.ts): this module loads neither, so a run with a bundled policy never loads the YAML parser.
import { PolicyError } from '../common/errors.js'
import type { SourceLocation } from '../common/source-location.js'

export type Segment = string | number

/** `rules.size.max`, `waivers[0].expires`. */
export function keyName(segments: readonly Segment[]): string {
  return (
    segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('') ||
    '(document)'
  )
}

export abstract class PolicyPositions {
  constructor(readonly file: string) {}

  /**
   * Where the node at `segments` is written: its key (`which = 'key'`) or its value. Falls back to the
   * deepest existing ancestor, so every error has a position.
   */
  abstract locate(segments: readonly Segment[], which?: 'key' | 'value'): SourceLocation

  error(segments: readonly Segment[], message: string, which: 'key' | 'value' = 'value'): PolicyError {
    return policyError(this.locate(segments, which), `${keyName(segments)}: ${message}`)
  }
}

export function formatLocation(location: SourceLocation): string {
  return `${location.file}:${location.line}:${location.column}`
}

/** A PolicyError at `location`: "file:line:column: message", with the location kept for annotations. */
export function policyError(location: SourceLocation, message: string): PolicyError {
  return new PolicyError(`${formatLocation(location)}: ${message}`, location)
}
