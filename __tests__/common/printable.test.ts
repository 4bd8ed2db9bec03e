// The one escaper for untrusted text in logs and on terminals, by example and by property.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  capPrintable,
  parsePrintable,
  printable,
  printableJson,
  printableLine,
  printableName
} from '../../src/common/printable.js'
import { printableName as fromSafePath } from '../../src/image/safe-path.js'

/** Characters a hostile name would use, mixed with anything at all (lone surrogates included). */
const NASTY = [
  '\n',
  '\r',
  '\t',
  '\x1b',
  '\x07',
  '\0',
  '\x7f',
  '\x85',
  '\x9b',
  '\u2028',
  '\u2029',
  '\u202e',
  '\u2066',
  '\u061c',
  '\u200b',
  '\u200d',
  '\ufeff',
  '\u00a0',
  '\u3000',
  '\u{e0041}',
  '\\',
  ':',
  '::',
  '#',
  '##[',
  '[',
  ' ',
  '%0A',
  '\udc80',
  '\udcff'
]
const unit = fc.oneof(
  fc.constantFrom(...NASTY),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 3 })
)
const hostile = fc.string({ unit, maxLength: 40 })

/** What may not appear raw in a log line or on a terminal. */
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]|(?! )\p{Zs}/u
/** Line breaks for GitHub's runner (.NET ReadLine), a terminal, and JavaScript. */
const LINE_BREAK = /[\n\r\u2028\u2029\x85\v\f]/
/** Whitespace .NET's TrimStart removes before the runner looks for "::". */
const DOTNET_WHITESPACE = /^[\s\x85]*/

/** Whether the runner would read this line as a workflow command (either form). */
function isCommandLine(line: string): boolean {
  return line.replace(DOTNET_WHITESPACE, '').startsWith('::') || line.includes('##[')
}

describe('printable', () => {
  it('shows control, bidi and invisible characters escaped, and keeps ordinary text as it is', () => {
    expect(printable('bin/sh\n::error file=README.md,line=1::injected')).toBe(
      'bin/sh\\n::error file=README.md,line=1::injected'
    )
    expect(printable('opt/x\n::stop-commands::tok\n')).toBe('opt/x\\n::stop-commands::tok\\n')
    expect(printable('a\rb\tc')).toBe('a\\rb\\tc')
    expect(printable('\x1b]0;owned\x07\x1b[2J')).toBe('\\x1b]0;owned\\x07\\x1b[2J')
    expect(printable('/srv/exe\u202etxt.sh')).toBe('/srv/exe\\u202etxt.sh')
    expect(printable('/home/u\u2028/x\u2029')).toBe('/home/u\\u2028/x\\u2029')
    expect(printable('\u2066\u2069\u200e\u200f\u061c\u200b\ufeff')).toBe(
      '\\u2066\\u2069\\u200e\\u200f\\u061c\\u200b\\ufeff'
    )
    expect(printable('nel\x85 csi\x9b del\x7f')).toBe('nel\\u0085 csi\\u009b del\\x7f')
    expect(printable('a\u00a0b\u3000c')).toBe('a\\u00a0b\\u3000c')
    expect(printable('tag\u{e0041}')).toBe('tag\\u{e0041}')
    expect(printable('C:\\dir')).toBe('C:\\\\dir')
    for (const ordinary of ['/usr/bin/env', 'app:1.0', 'Ünïcödé 😀 名前', 'a b', 'RUN apk add curl'])
      expect(printable(ordinary)).toBe(ordinary)
  })

  it('shows bytes of invalid UTF-8 (lone U+DC80–U+DCFF) as \\xNN and other lone surrogates as \\uXXXX', () => {
    expect(printable('bad\udcff\udc80')).toBe('bad\\xff\\x80')
    expect(printable('\ud800x\udbff')).toBe('\\ud800x\\udbff')
    expect(printable('\ud83d\ude00')).toBe('😀')
    // A raw byte 0x85 and the character U+0085 stay apart.
    expect(printable('\udc85')).not.toBe(printable('\x85'))
  })

  it('never lets a value start a command: no leading ":" or space, no "##[" anywhere', () => {
    expect(printable('::error::x')).toBe('\\x3a:error::x')
    expect(printable('  ::warning::x')).toBe('\\x20 ::warning::x')
    expect(printable('x ')).toBe('x\\x20')
    expect(printable('a##[error]b')).toBe('a##\\x5berror]b')
  })

  it('caps long names at an escape boundary and says how long they were', () => {
    const name = `${'a'.repeat(199)}\n${'b'.repeat(50)}`
    expect(printableName(name)).toBe(`${'a'.repeat(199)}…(251 chars)`)
    expect(printableName('short\n')).toBe('short\\n')
    expect(capPrintable('ab\\u202ecd', 4)).toBe('ab…(10 chars)')
    expect(capPrintable('ab😀cd', 3)).toBe('ab…(6 chars)')
    // safe-path.ts re-exports the same function for the reader.
    expect(fromSafePath).toBe(printableName)
  })

  it('property: any string → one line, no control character, no command, reversible', () => {
    fc.assert(
      fc.property(hostile, (text) => {
        const shown = printable(text)
        expect(LINE_BREAK.test(shown)).toBe(false)
        expect(CONTROL.test(shown)).toBe(false)
        expect(isCommandLine(shown)).toBe(false)
        expect(isCommandLine(`    ${shown}`)).toBe(false)
        expect(parsePrintable(shown)).toBe(text)
        // The exact string survives JSON (the JSON report and SARIF keep it).
        expect(JSON.parse(JSON.stringify(text))).toBe(text)
      }),
      { numRuns: 3000 }
    )
  })

  it('property: injective (two strings never print the same)', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        fc.pre(a !== b)
        expect(printable(a)).not.toBe(printable(b))
      }),
      { numRuns: 2000 }
    )
  })

  it('property: a capped name is still one safe line', () => {
    fc.assert(
      fc.property(hostile, fc.integer({ min: 0, max: 30 }), (text, max) => {
        const shown = printableName(text, max)
        expect(CONTROL.test(shown)).toBe(false)
        expect(isCommandLine(shown)).toBe(false)
      }),
      { numRuns: 1000 }
    )
  })
})

describe('printableLine', () => {
  it('makes a composed message safe without escaping what is escaped already', () => {
    const message = `layer 1: entry ${printableName('a\nb')} is bad`
    expect(printableLine(message)).toBe(message)
    expect(printableLine('raw\nnewline \x1b[31m')).toBe('raw\\nnewline \\x1b[31m')
    expect(printableLine('  ::error::x')).toBe('  \\x3a:error::x')
    expect(printableLine(':: x')).toBe('\\x3a: x')
    expect(printableLine('  indented')).toBe('  indented')
  })

  it('property: idempotent, a no-op on printable forms, never a command', () => {
    fc.assert(
      fc.property(hostile, hostile, (a, b) => {
        const line = printableLine(a + b)
        expect(printableLine(line)).toBe(line)
        expect(printableLine(printable(a))).toBe(printable(a))
        expect(CONTROL.test(line)).toBe(false)
        expect(isCommandLine(line)).toBe(false)
      }),
      { numRuns: 2000 }
    )
  })
})

describe('printableJson', () => {
  it('property: valid JSON of the same value, with nothing raw a terminal would act on', () => {
    fc.assert(
      fc.property(fc.array(hostile, { maxLength: 4 }), (value) => {
        const shown = printableJson(value)
        expect(JSON.parse(shown)).toEqual(value)
        expect(CONTROL.test(shown)).toBe(false)
        expect(isCommandLine(shown)).toBe(false)
      }),
      { numRuns: 1000 }
    )
  })
})
