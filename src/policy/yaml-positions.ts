// Source positions of keys and values in a parsed YAML document (a policy file read at run time).
import { isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from 'yaml'
import type { SourceLocation } from '../common/source-location.js'
import { PolicyPositions, type Segment } from './positions.js'

export class YamlPositions extends PolicyPositions {
  constructor(
    file: string,
    private readonly doc: Document,
    private readonly lines: LineCounter
  ) {
    super(file)
  }

  at(offset: number): SourceLocation {
    const { line, col } = this.lines.linePos(offset)
    return { file: this.file, line, column: col }
  }

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
}
