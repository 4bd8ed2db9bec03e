// Tar names are bytes: decoding them must never make two names one (surrogateescape for invalid UTF-8).
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { decodeTarText, encodeTarText, tarTextByteLength } from '../../src/image/tar-text.js'

const decode = (bytes: Uint8Array) => {
  const buffer = Buffer.from(bytes)
  return decodeTarText(buffer, 0, buffer.length)
}

describe('decodeTarText', () => {
  it('gives the bytes back for any bytes, and counts them', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        const text = decode(bytes)
        expect(encodeTarText(text).equals(Buffer.from(bytes))).toBe(true)
        expect(tarTextByteLength(text)).toBe(bytes.length)
      }),
      { numRuns: 2000 }
    )
  })

  it('decodes valid UTF-8 as usual', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => {
        expect(decode(Buffer.from(text, 'utf8'))).toBe(text)
        expect(encodeTarText(text).toString('utf8')).toBe(text)
      }),
      { numRuns: 1000 }
    )
  })

  it('escapes each byte of an invalid sequence as U+DC80 + byte, so different names stay different', () => {
    expect(decode(Buffer.from('bin/sh\xff', 'latin1'))).toBe('bin/sh\udcff')
    expect(decode(Buffer.from('bin/sh\xfe', 'latin1'))).toBe('bin/sh\udcfe')
    // An encoded surrogate, an overlong "/", a cut sequence, a code point past U+10FFFF.
    expect(decode(Buffer.from([0xed, 0xa0, 0x80]))).toBe('\udced\udca0\udc80')
    expect(decode(Buffer.from([0xc0, 0xaf]))).toBe('\udcc0\udcaf')
    expect(decode(Buffer.from([0xe2, 0x82, 0x41]))).toBe('\udce2\udc82A')
    expect(decode(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe('\udcf4\udc90\udc80\udc80')
    // Valid characters next to escaped bytes keep their own form, astral ones included.
    expect(decode(Buffer.from([0xf0, 0x9f, 0x98, 0x80, 0xff, 0xc3, 0xa9]))).toBe('\u{1f600}\udcffé')
    expect(tarTextByteLength('\u{1f600}\udcffé')).toBe(7)
  })

  it('reads ASCII straight through', () => {
    const block = Buffer.from('xxbin/busybox\0yy')
    expect(decodeTarText(block, 2, 13)).toBe('bin/busybox')
  })
})
