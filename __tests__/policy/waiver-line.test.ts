// The waiver a report suggests is one YAML line the policy loader accepts, and it waives exactly the path
// it names, whatever characters the image gave that path.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { loadPolicyText } from '../../src/policy/index.js'
import { compileGlob } from '../../src/policy/values.js'
import {
  REASON_PLACEHOLDER,
  globForPath,
  suggestedExpiry,
  waiverLine,
  yamlQuoted
} from '../../src/policy/waiver-line.js'
import { printable } from '../../src/common/printable.js'

/** A policy file with the line pasted under `waivers:`, as a user would. */
async function pasted(line: string) {
  return loadPolicyText(`version: 1\nrules:\n  no-shell: true\nwaivers:\n  ${line}\n`, 'pasted.yml')
}

/** Any name a tar header can give, `/` and the odd characters a glob or YAML treats specially included. */
const NAME_CHARS = fc.oneof(
  fc.constantFrom(...'*?[]{}()!+@|^$,#&:"\'\\ \t\n\r-_.~%`<>='.split(''), '\u202e', '\u2028', '\u00a0'),
  fc.constantFrom('\udc80', '\udcff', '\u{1f600}', 'é', '中'),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })
)
const PATHS = fc
  .array(fc.array(NAME_CHARS, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 4 })
  .map((segments) => `/${segments.map((chars) => chars.join('')).join('/')}`)

describe('suggested waiver line', () => {
  it('is what the docs show, and expires 30 days after the run', () => {
    const now = new Date('2026-06-01T12:00:00Z')
    expect(suggestedExpiry(now)).toBe('2026-07-01')
    expect(
      waiverLine({
        rule: 'no-shell',
        path: globForPath('/bin/busybox'),
        reason: REASON_PLACEHOLDER,
        expires: suggestedExpiry(now)
      })
    ).toBe(
      '- { rule: no-shell, path: "/bin/busybox", reason: "TODO: why this is acceptable (ticket, owner)", expires: 2026-07-01 }'
    )
  })

  it('parses as the waiver it says, pasted under waivers:', async () => {
    const policy = await pasted(
      waiverLine({
        rule: 'no-shell',
        path: '/bin/busybox',
        reason: REASON_PLACEHOLDER,
        expires: '2026-07-01'
      })
    )
    expect(policy.waivers).toHaveLength(1)
    expect(policy.waivers[0]).toMatchObject({
      rule: 'no-shell',
      reason: REASON_PLACEHOLDER,
      expires: '2026-07-01'
    })
    expect(policy.waivers[0].path?.matches('/bin/busybox')).toBe(true)
  })

  it('without a path, parses as a waiver of the whole rule', async () => {
    const policy = await pasted(waiverLine({ rule: 'no-shell', reason: 'T-1', expires: '2026-07-01' }))
    expect(policy.waivers[0].path).toBeUndefined()
  })

  it('for any path: parses, matches that path and not its neighbours, and is one printable line', async () => {
    await fc.assert(
      fc.asyncProperty(PATHS, async (path) => {
        const line = waiverLine({
          rule: 'no-shell',
          path: globForPath(path),
          reason: REASON_PLACEHOLDER,
          expires: '2026-07-01'
        })
        expect(printable(line)).toBe(line.replace(/\\/g, '\\\\'))
        const [waiver] = (await pasted(line)).waivers
        expect(waiver.path?.matches(path)).toBe(true)
        expect(waiver.path?.matches(`${path}x`)).toBe(false)
        expect(waiver.path?.matches(`${path}/x`)).toBe(false)
        expect(waiver.path?.matches(path.slice(0, -1))).toBe(false)
      }),
      { numRuns: 1000 }
    )
  })

  it('globForPath compiles to a glob of exactly that path', () => {
    fc.assert(
      fc.property(PATHS, (path) => {
        const glob = compileGlob(globForPath(path))
        expect(typeof glob === 'string' ? glob : glob.matches(path)).toBe(true)
      }),
      { numRuns: 1000 }
    )
  })

  it('quotes what YAML or a terminal would act on', () => {
    expect(yamlQuoted('a"b\\c')).toBe('"a\\"b\\\\c"')
    expect(yamlQuoted('x\n::error::y')).toBe('"x\\n::error::y"')
    expect(yamlQuoted('\x1b[2J\u202e\u2028\udcff\u{e0001}')).toBe(
      '"\\x1b[2J\\u202e\\u2028\\udcff\\U000e0001"'
    )
    expect(yamlQuoted('é中 #')).toBe('"é中 #"')
  })
})
