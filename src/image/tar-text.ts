// Tar names are bytes, not text: a name may hold any byte but NUL, valid UTF-8 or not. They become
// strings here, and only here, so that two different names never become the same string.
//
// Valid UTF-8 decodes as usual. Each byte of an invalid sequence becomes the lone surrogate
// U+DC80 + byte (U+DC80..U+DCFF, Python's "surrogateescape"): strict UTF-8 never decodes to a
// surrogate, so the mapping is injective and `encodeTarText` gives the bytes back.
import { isUtf8 } from 'node:buffer'

/** First and last code unit that stands for one undecodable byte (0x80..0xff). */
export const ESCAPED_BYTE_FIRST = 0xdc80
export const ESCAPED_BYTE_LAST = 0xdcff

/** The bytes `start`..`end` of `bytes` as a string; see the file comment for invalid UTF-8. */
export function decodeTarText(bytes: Buffer, start: number, end: number): string {
  let ascii = true
  for (let i = start; i < end; i++) {
    if (bytes[i] > 0x7f) {
      ascii = false
      break
    }
  }
  if (ascii) return bytes.toString('latin1', start, end)
  if (isUtf8(bytes.subarray(start, end))) return bytes.toString('utf8', start, end)
  return decodeEscaped(bytes, start, end)
}

/** Strict UTF-8 (Unicode table 3-7) with every byte outside a well-formed sequence escaped. */
function decodeEscaped(bytes: Buffer, start: number, end: number): string {
  const units: number[] = []
  let i = start
  while (i < end) {
    const lead = bytes[i]
    if (lead < 0x80) {
      units.push(lead)
      i++
      continue
    }
    const length = sequenceLength(bytes, i, end)
    if (length === 0) {
      units.push(ESCAPED_BYTE_FIRST - 0x80 + lead)
      i++
      continue
    }
    let code = length === 2 ? lead & 0x1f : length === 3 ? lead & 0x0f : lead & 0x07
    for (let k = 1; k < length; k++) code = (code << 6) | (bytes[i + k] & 0x3f)
    if (code >= 0x10000) {
      code -= 0x10000
      units.push(0xd800 + (code >> 10), 0xdc00 + (code & 0x3ff))
    } else units.push(code)
    i += length
  }
  let text = ''
  for (let from = 0; from < units.length; from += 4096)
    text += String.fromCharCode(...units.slice(from, from + 4096))
  return text
}

/** Length of the well-formed UTF-8 sequence at `i`, or 0 when the byte there starts none. */
function sequenceLength(bytes: Buffer, i: number, end: number): number {
  const lead = bytes[i]
  let length: number
  let low = 0x80
  let high = 0xbf
  if (lead >= 0xc2 && lead <= 0xdf) length = 2
  else if (lead >= 0xe0 && lead <= 0xef) {
    length = 3
    if (lead === 0xe0) low = 0xa0
    else if (lead === 0xed) high = 0x9f // U+D800..U+DFFF are not characters
  } else if (lead >= 0xf0 && lead <= 0xf4) {
    length = 4
    if (lead === 0xf0) low = 0x90
    else if (lead === 0xf4) high = 0x8f
  } else return 0
  if (i + length > end) return 0
  const second = bytes[i + 1]
  if (second < low || second > high) return 0
  for (let k = 2; k < length; k++) {
    const next = bytes[i + k]
    if (next < 0x80 || next > 0xbf) return 0
  }
  return length
}

/** The bytes a string from `decodeTarText` came from. */
export function encodeTarText(text: string): Buffer {
  if (!hasEscapedByte(text)) return Buffer.from(text, 'utf8')
  const parts: Buffer[] = []
  let from = 0
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit < ESCAPED_BYTE_FIRST || unit > ESCAPED_BYTE_LAST || isLowOfPair(text, i)) continue
    if (i > from) parts.push(Buffer.from(text.slice(from, i), 'utf8'))
    parts.push(Buffer.of(unit - ESCAPED_BYTE_FIRST + 0x80))
    from = i + 1
  }
  if (from < text.length) parts.push(Buffer.from(text.slice(from), 'utf8'))
  return Buffer.concat(parts)
}

function isLowOfPair(text: string, i: number): boolean {
  if (i === 0) return false
  const before = text.charCodeAt(i - 1)
  return before >= 0xd800 && before <= 0xdbff
}

function hasEscapedByte(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i)
    if (unit >= ESCAPED_BYTE_FIRST && unit <= ESCAPED_BYTE_LAST && !isLowOfPair(text, i)) return true
  }
  return false
}

/**
 * How many bytes `text` (from `decodeTarText`) stood for, between `start` and `end`: an escaped byte
 * counts one, a character its UTF-8 length. No allocation: limits check this on every entry.
 */
export function tarTextByteLength(text: string, start = 0, end = text.length): number {
  let bytes = 0
  for (let i = start; i < end; i++) {
    const unit = text.charCodeAt(i)
    if (unit < 0x80) bytes += 1
    else if (unit < 0x800) bytes += 2
    else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < end) {
      const next = text.charCodeAt(i + 1)
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4
        i++
      } else bytes += 3
    } else if (unit >= ESCAPED_BYTE_FIRST && unit <= ESCAPED_BYTE_LAST) bytes += 1
    else bytes += 3
  }
  return bytes
}
