// Parses one policy file's text: YAML with positions, the JSON Schema, then each rule's own options
// (policy-file.ts). Loaded only for a policy file of the user's: the bundled ones come parsed (compiled.ts).
import { LineCounter, parseDocument } from 'yaml'
import { type PolicyFile, policyFromValue } from './policy-file.js'
import { policyError } from './positions.js'
import { checkSchema } from './schema.js'
import { YamlPositions } from './yaml-positions.js'

/** A policy is a few levels deep; the YAML parser recurses once per level of [ and {. */
const MAX_FLOW_DEPTH = 32

/**
 * Offset of the first `[` or `{` nested deeper than MAX_FLOW_DEPTH, or -1. Quoted scalars and comments
 * are skipped; the scan is linear and keeps no stack, whatever the input.
 */
function tooDeep(text: string): number {
  let depth = 0
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (char === '"' || char === "'") {
      // A quoted scalar: '' escapes ' in single quotes, \ escapes in double quotes.
      for (i++; i < text.length; i++) {
        if (char === '"' && text[i] === '\\') i++
        else if (text[i] === char) {
          if (char === "'" && text[i + 1] === "'") i++
          else break
        }
      }
    } else if (char === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++
    } else if (char === '[' || char === '{') {
      if (++depth > MAX_FLOW_DEPTH) return i
    } else if ((char === ']' || char === '}') && depth > 0) depth--
  }
  return -1
}

export function parsePolicyText(text: string, file: string): PolicyFile {
  const lines = new LineCounter()
  const deep = tooDeep(text)
  if (deep >= 0) {
    // Positions without parsing: count lines up to the offset.
    const before = text.slice(0, deep)
    const line = before.split('\n').length
    throw policyError(
      { file, line, column: deep - before.lastIndexOf('\n') },
      `invalid YAML: nested more than ${MAX_FLOW_DEPTH} levels of [ ] or { } (a policy needs a few)`
    )
  }
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    version: '1.2'
  })
  const positions = new YamlPositions(file, doc, lines)
  const syntax = doc.errors[0]
  if (syntax) {
    throw policyError(positions.at(syntax.pos[0]), `invalid YAML: ${syntax.message.split('\n')[0]}`)
  }
  let value: unknown
  try {
    value = doc.toJS({ maxAliasCount: 100 })
  } catch (error) {
    throw policyError(
      { file, line: 1, column: 1 },
      `invalid YAML: ${error instanceof Error ? error.message : String(error)}`
    )
  }
  if (value === null || value === undefined) {
    throw policyError(
      { file, line: 1, column: 1 },
      'the policy is empty: write at least "version: 1" and "rules:" or "extends:"'
    )
  }
  checkSchema(value, positions)
  return policyFromValue(value, positions)
}
