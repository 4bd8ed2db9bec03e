// The bundled policies as the build parsed them (policies/embed.mjs): each one's value, as the YAML
// parser reads it, and the place of every key and value in its file. Loading one needs neither the
// YAML parser nor the schema's validator (the build has checked it against the schema), which a run
// with a bundled policy then never loads; errors and annotations still point at file:line:column.
import type { SourceLocation } from '../common/source-location.js'
import { PolicyPositions, type Segment } from './positions.js'

/** 1-based line and column. */
export type LineColumn = readonly [number, number]

/**
 * Where one node of the document is written, and its children: `v` is where YamlPositions.locate
 * answers for the node's value, `k` for its key (a map entry's), `m` a map's entries by key as text,
 * `s` a sequence's items.
 */
export interface PositionTree {
  readonly v: LineColumn
  readonly k?: LineColumn
  readonly m?: Readonly<Record<string, PositionTree>>
  readonly s?: readonly PositionTree[]
}

export interface CompiledPolicy {
  /** The document as the YAML parser's toJS() gives it. */
  readonly value: unknown
  readonly positions: PositionTree
}

/** YamlPositions' answers, read from the build's tree (the same fallback to the deepest ancestor). */
export class CompiledPositions extends PolicyPositions {
  constructor(
    file: string,
    private readonly tree: PositionTree
  ) {
    super(file)
  }

  locate(segments: readonly Segment[], which: 'key' | 'value' = 'value'): SourceLocation {
    let node = this.tree
    let best = node.v
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i]
      const last = i === segments.length - 1
      if (node.m) {
        const name = String(segment)
        if (!Object.hasOwn(node.m, name)) break
        node = node.m[name]
        best = last && which === 'key' ? (node.k ?? node.v) : node.v
      } else if (node.s && typeof segment === 'number' && node.s[segment] !== undefined) {
        node = node.s[segment]
        best = node.v
      } else break
    }
    return { file: this.file, line: best[0], column: best[1] }
  }
}
