// Finds the line of a Dockerfile instruction by its text, so tests name lines by content, not number.
import { readFileSync } from 'node:fs'

/** 1-based line of the only line starting with `prefix` (after indentation). */
export function lineOf(file: string, prefix: string): number {
  const lines = readFileSync(file, 'utf8').split('\n')
  const hits = lines.flatMap((line, i) => (line.trimStart().startsWith(prefix) ? [i + 1] : []))
  if (hits.length !== 1)
    throw new Error(`${file}: expected one line starting with "${prefix}", found ${hits.length}`)
  return hits[0]
}
