// Source positions of keys and values in a parsed YAML document, and messages that start with them.
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml'
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

export class PolicyPositions {
  constructor(
    readonly file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter
  ) {}

  at(offset: number): SourceLocation {
    const { line, col } = this.lines.linePos(offset)
    return { file: this.file, line, column: col }
  }

  /**
   * Where the node at `segments` is written: its key (`which = 'key'`) or its value. Falls back to the
   * deepest existing ancestor, so every error has a position.
   */
  locate(segments: readonly Segment[], which: 'key' | 'value' = 'value'): SourceLocation {
    let node: unknown = this.doc.contents
    let best = (node as Node | null)?.range?.[0] ?? 0
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]
      const last = i === segments.length - 1
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment)
        )
        if (!pair) break
        const keyNode = pair.key as Node
        best =
          (last && which === 'key' ? keyNode.range?.[0] : (pair.value as Node | null)?.range?.[0]) ??
          keyNode.range?.[0] ??
          best
        node = pair.value
      } else if (isSeq(node) && typeof segment === 'number' && node.items[segment] !== undefined) {
        node = node.items[segment]
        best = (node as Node).range?.[0] ?? best
      } else break
    }
    return this.at(best)
  }

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
