// The bundled policies come parsed by the build (policies/embed.mjs, src/policy/compiled.ts): their
// values and the places of their keys and values must be what parsing their YAML at run time gives,
// for every path an error or an annotation may ask about, existing or not.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { LineCounter, parseDocument, stringify } from 'yaml'
import { BUNDLED_POLICIES, COMPILED_POLICIES } from '../../src/policy/bundled.generated.js'
import { type CompiledPolicy, CompiledPositions } from '../../src/policy/compiled.js'
import { parsePolicyText } from '../../src/policy/parse.js'
import { type PolicyFile, policyFromValue } from '../../src/policy/policy-file.js'
import type { Segment } from '../../src/policy/positions.js'
import { YamlPositions } from '../../src/policy/yaml-positions.js'

const root = path.resolve(import.meta.dirname, '../..')
const embed = (await import(path.join(root, 'policies/embed.mjs'))) as {
  generate(): string
  compilePolicy(text: string, name: string, validate?: (value: unknown) => boolean): CompiledPolicy
}
/** The tree alone, for YAML that is no policy: a validator that accepts anything. */
const acceptAnything = Object.assign(() => true, { errors: null })

function yamlPositions(text: string, file: string): YamlPositions {
  const lines = new LineCounter()
  const doc = parseDocument(text, {
    lineCounter: lines,
    prettyErrors: false,
    uniqueKeys: true,
    version: '1.2'
  })
  return new YamlPositions(file, doc, lines)
}

/** Every path to a node of `value`, the document's own included. */
function pathsOf(value: unknown, prefix: Segment[] = []): Segment[][] {
  const paths = [prefix]
  if (Array.isArray(value)) value.forEach((item, index) => paths.push(...pathsOf(item, [...prefix, index])))
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]))
  return paths
}

/** What a PolicyFile says, without the rules' closures. */
function settingsOf(file: PolicyFile): unknown {
  return {
    ...file,
    rules: file.rules.map(({ options, empty, ...rest }) => ({
      ...rest,
      options: options?.value,
      empty: empty.value
    }))
  }
}

/** Compiled and YAML positions agree on `paths` and on paths that leave the document anywhere along them. */
function expectSameAnswers(text: string, compiled: CompiledPolicy, paths: Segment[][]): void {
  const file = 'policies/x.yml'
  const fromYaml = yamlPositions(text, file)
  const fromBuild = new CompiledPositions(file, compiled.positions)
  const junk: Segment[] = ['nope', -1, 99, 1.5, '0', '__proto__', 'constructor', 0, 1]
  for (const segments of paths) {
    for (const which of ['key', 'value'] as const) {
      expect([segments, which, fromBuild.locate(segments, which)]).toEqual([
        segments,
        which,
        fromYaml.locate(segments, which)
      ])
      for (const extra of junk) {
        const longer = [...segments, extra]
        expect([longer, fromBuild.locate(longer, which)]).toEqual([longer, fromYaml.locate(longer, which)])
      }
    }
  }
}

describe('the compiled bundled policies', () => {
  it('are what policies/embed.mjs generates (run `node policies/embed.mjs` after editing policies/)', () => {
    expect(readFileSync(path.join(root, 'src/policy/bundled.generated.ts'), 'utf8')).toBe(embed.generate())
    expect(Object.keys(COMPILED_POLICIES)).toEqual(Object.keys(BUNDLED_POLICIES))
  })

  it.each(Object.keys(BUNDLED_POLICIES))(
    '%s: the same rules, waivers and places as its YAML parsed',
    (name) => {
      const file = `policies/${name}.yml`
      const compiled = COMPILED_POLICIES[name]
      const parsed = parsePolicyText(BUNDLED_POLICIES[name], file)
      expect(
        settingsOf(policyFromValue(compiled.value, new CompiledPositions(file, compiled.positions)))
      ).toEqual(settingsOf(parsed))
    }
  )

  it.each(Object.keys(BUNDLED_POLICIES))(
    '%s: every key and value is placed as the YAML parser places it',
    (name) => {
      const text = BUNDLED_POLICIES[name]
      const compiled = COMPILED_POLICIES[name]
      expect(compiled.value).toEqual(parseDocument(text, { version: '1.2' }).toJS({ maxAliasCount: 100 }))
      expectSameAnswers(text, compiled, pathsOf(compiled.value))
    }
  )
})

describe('the position tree of any YAML document', () => {
  const documents = [
    'a: 1\nb:\n  - x\n  - { y: 2, z: [3, 4] }\n  -\n  - - deep\nc:\n',
    '# only a comment\nrules:\n',
    'rules: {size: {max: 5MB}, no-shell: true}\nwaivers: [{rule: no-shell, reason: r, expires: 2030-01-01}]\n',
    'x: &anchor\n  k: v\ny: *anchor\n"quoted key": 1\n? complex\n: value\n1: number key\nnull: null key\n',
    'list:\n- a: 1\n  b: 2\n- [p, q]\n- [k: v]\n',
    '- top\n- level\n- sequence\n',
    'plain scalar document\n',
    'block: |\n  line one\n  line two\nfolded: >\n  one\n  two\nempty: ""\ntilde: ~\n'
  ]

  it.each(documents)('answers as the YAML parser for %j', (text) => {
    const compiled = embed.compilePolicy(text, 'x', acceptAnything)
    expectSameAnswers(text, compiled, pathsOf(compiled.value))
  })

  it('answers as the YAML parser for generated maps and sequences and any path into them', () => {
    const leaf = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.constantFrom('', 'text', 'a b', '1')
    )
    const key = fc.constantFrom('a', 'b', 'rules', 'size', '0', '1', 'x y')
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, leaf, tie('map'), tie('list')),
      map: fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
      list: fc.array(tie('tree'), { maxLength: 4 })
    }))
    const segment = fc.oneof(key, fc.integer({ min: -1, max: 4 }))
    fc.assert(
      fc.property(
        tree,
        fc.boolean(),
        fc.array(fc.array(segment, { maxLength: 5 }), { maxLength: 8 }),
        (value, flow, paths) => {
          // Block style, or JSON (YAML's flow style), for the same document.
          const text = flow ? JSON.stringify(value) : stringify(value)
          const compiled = embed.compilePolicy(text, 'x', acceptAnything)
          expectSameAnswers(text, compiled, [...pathsOf(compiled.value), ...paths])
        }
      ),
      { numRuns: 150 }
    )
  })
})
