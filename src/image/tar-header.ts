// Pure decoding of one 512-byte tar header block and of PAX records, as Go's archive/tar (Go 1.19,
// the reader Docker and containerd unpack layers with) decodes them: the same formats (V7, USTAR,
// PAX, GNU, STAR), the same fields, the same errors. No I/O, and one piece of state: a cache, the word
// view of the buffer the last header was in (ChecksumWords below), which changes no result.
import { decodeTarText } from './tar-text.js'

export const BLOCK = 512

export type TarEntryKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo'
/** Header kinds that describe the next entry rather than being one. */
export type TarMetaKind = 'pax' | 'pax-global' | 'gnu-long-name' | 'gnu-long-link'

export interface RawHeader {
  /** The name field, with the USTAR/STAR prefix (or a GNU header's, where Go takes it) in front. */
  name: string
  /** Go's Header.Mode; exact in its low 32 bits, which hold the permission bits. */
  mode: number
  /** NaN where Go's value is no safe integer (base-256 numbers reach 2^63). */
  uid: number
  gid: number
  /** May be negative (base-256); NaN where Go's value is no safe integer. */
  size: number
  typeflag: string
  /** 'sparse' is type S (old GNU sparse); 'unknown' is every flag Docker does not unpack. */
  kind: TarEntryKind | TarMetaKind | 'sparse' | 'unknown'
  linkname: string
  /** A device's numbers (0 in V7 headers, which have no such fields). */
  devMajor: number
  devMinor: number
}

export class TarFormatError extends Error {}

// Go passes '7' (contiguous file), 'X', 'D', 'V' and any other flag through as is; Docker and
// containerd then refuse the layer ("unhandled tar header type"). They are 'unknown' here.
const KINDS: Record<string, TarEntryKind | TarMetaKind | 'sparse'> = {
  '0': 'file',
  // '\0' becomes a directory when the final name ends in '/': the parser decides, after overrides.
  '\0': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char',
  '4': 'block',
  '5': 'dir',
  '6': 'fifo',
  x: 'pax',
  g: 'pax-global',
  L: 'gnu-long-name',
  K: 'gnu-long-link',
  S: 'sparse'
}

/** Types whose size field Go ignores: they never have a body (isHeaderOnlyType). */
export function isHeaderOnly(typeflag: string): boolean {
  return typeflag >= '1' && typeflag <= '6' && typeflag.length === 1
}

// Every function takes the buffer and the offset of the 512-byte block in it: no view per header.

export function isZeroBlock(block: Buffer, at = 0): boolean {
  for (let i = at; i < at + BLOCK; i++) if (block[i] !== 0) return false
  return true
}

/** True when the block's checksum field matches its bytes (unsigned or historic signed sum), as Go checks. */
export function checksumMatches(block: Buffer, at = 0): boolean {
  const stored = octalValue(block, at + 148, 8)
  if (stored < 0) return false
  if (stored === unsignedSum(block, at)) return true
  // Some historic tars summed signed bytes.
  let signed = 8 * 32
  for (let i = 0; i < BLOCK; i++) {
    if (i >= 148 && i < 156) continue
    const byte = block[at + i]
    signed += byte > 127 ? byte - 256 : byte
  }
  return stored === signed
}

/**
 * ChecksumWords, this module's one state: a word view of the buffer the last header was in, so an
 * aligned header is summed four bytes at a time. One view, replaced when the buffer changes (once per
 * chunk of input): a WeakMap of views kept every decompressed chunk alive until a full collection, which
 * cost memory on gzip layers (docs/benchmarks.md). A cache only: any buffer gets the same sum.
 */
let wordBuffer: ArrayBufferLike | undefined
let words: Uint32Array<ArrayBufferLike> = new Uint32Array(0)

/** Sum of the header's bytes with the checksum field counted as eight spaces. */
function unsignedSum(block: Buffer, at: number): number {
  const start = block.byteOffset + at
  if ((start & 3) !== 0 || block.buffer.byteLength < 1024) {
    let sum = 8 * 32
    for (let i = at; i < at + 148; i++) sum += block[i]
    for (let i = at + 156; i < at + BLOCK; i++) sum += block[i]
    return sum
  }
  if (block.buffer !== wordBuffer) {
    wordBuffer = block.buffer
    words = new Uint32Array(block.buffer, 0, block.buffer.byteLength >>> 2)
  }
  // Two 16-bit lanes, each adding two bytes per word: at most 128 × 510 < 65536, so no lane overflows.
  const first = start >>> 2
  let lanes = 0
  for (let i = first; i < first + 37; i++) {
    const word = words[i]
    lanes += (word & 0x00ff00ff) + ((word >>> 8) & 0x00ff00ff)
  }
  // Words 37 and 38 are the checksum field itself (bytes 148-155).
  for (let i = first + 39; i < first + 128; i++) {
    const word = words[i]
    lanes += (word & 0x00ff00ff) + ((word >>> 8) & 0x00ff00ff)
  }
  return 8 * 32 + (lanes % 0x10000) + Math.floor(lanes / 0x10000)
}

const enum Format {
  V7,
  Ustar,
  Gnu,
  Star
}

/** Go's getFormat: "ustar\0" (any version) is USTAR, or STAR with "tar\0" at 508; "ustar  \0" is GNU. */
function formatOf(block: Buffer, at: number): Format {
  if (
    block[at + 257] !== 0x75 ||
    block[at + 258] !== 0x73 ||
    block[at + 259] !== 0x74 ||
    block[at + 260] !== 0x61 ||
    block[at + 261] !== 0x72
  )
    return Format.V7
  const sixth = block[at + 262]
  if (sixth === 0) {
    const star =
      block[at + 508] === 0x74 &&
      block[at + 509] === 0x61 &&
      block[at + 510] === 0x72 &&
      block[at + 511] === 0
    return star ? Format.Star : Format.Ustar
  }
  if (sixth === 0x20 && block[at + 263] === 0x20 && block[at + 264] === 0) return Format.Gnu
  return Format.V7
}

export function decodeHeader(block: Buffer, at = 0): RawHeader {
  if (!checksumMatches(block, at)) throw new TarFormatError('header checksum does not match')
  const typeflag = String.fromCharCode(block[at + 156])
  const format = formatOf(block, at)
  let name = cString(block, at, 100)
  const size = numericField(block, at + 124, 12, 'size')
  const mode = modeField(block, at + 100)
  const uid = numericField(block, at + 108, 8, 'uid')
  const gid = numericField(block, at + 116, 8, 'gid')
  numericField(block, at + 136, 12, 'mtime')
  let devMajor = 0
  let devMinor = 0
  if (format !== Format.V7) {
    devMajor = numericField(block, at + 329, 8, 'devmajor')
    devMinor = numericField(block, at + 337, 8, 'devminor')
    let prefix = ''
    if (format === Format.Ustar) prefix = cString(block, at + 345, 155)
    else if (format === Format.Star) {
      prefix = cString(block, at + 345, 131)
      numericField(block, at + 476, 12, 'atime')
      numericField(block, at + 488, 12, 'ctime')
    } else if (!gnuTimesValid(block, at)) {
      // Go reads an invalid GNU atime/ctime as a USTAR header that was mislabelled GNU: the
      // 155 bytes at 345 become the name's prefix when they are ASCII.
      const end = cStringEnd(block, at + 345, 155)
      let ascii = true
      for (let i = at + 345; i < end; i++) if (block[i] > 0x7f) ascii = false
      if (ascii) prefix = block.toString('latin1', at + 345, end)
    }
    if (prefix.length > 0) name = `${prefix}/${name}`
  }
  return {
    name,
    mode,
    uid,
    gid,
    size,
    typeflag,
    kind: KINDS[typeflag] ?? 'unknown',
    linkname: cString(block, at + 157, 100),
    devMajor,
    devMinor
  }
}

/** GNU atime and ctime are only parsed when their first byte is set, and their errors are not errors. */
function gnuTimesValid(block: Buffer, at: number): boolean {
  for (const offset of [345, 357]) {
    if (block[at + offset] === 0) continue
    if (block[at + offset] & 0x80) {
      if (base256Value(block, at + offset, 12) === undefined) return false
    } else if (octalValue(block, at + offset, 12) < 0) return false
  }
  return true
}

function cStringEnd(block: Buffer, offset: number, length: number): number {
  let end = offset
  while (end < offset + length && block[end] !== 0) end++
  return end
}

/** A NUL-terminated field (the whole field when it has no NUL). */
function cString(block: Buffer, offset: number, length: number): string {
  if (block[offset] === 0) return ''
  return decodeTarText(block, offset, cStringEnd(block, offset, length))
}

/** Octal, or base-256 when the high bit of the first byte is set; NaN where Go's value is no safe integer. */
function numericField(block: Buffer, offset: number, length: number, field: string): number {
  if (block[offset] & 0x80) {
    const value = base256Value(block, offset, length)
    if (value === undefined) throw new TarFormatError(`base-256 ${field} field overflows 64 bits`)
    return value >= -Number.MAX_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : Number.NaN
  }
  const value = octalValue(block, offset, length)
  if (value < 0) throw new TarFormatError(`${field} field is not an octal number`)
  return value
}

/** The mode field: only its low bits matter (permissions, setuid/setgid/sticky), kept exact. */
function modeField(block: Buffer, offset: number): number {
  if (block[offset] & 0x80) {
    const value = base256Value(block, offset, 8)
    if (value === undefined) throw new TarFormatError('base-256 mode field overflows 64 bits')
    return Number(BigInt.asIntN(32, value))
  }
  return numericField(block, offset, 8, 'mode')
}

/**
 * Go's parseOctal: spaces and NULs trimmed at both ends, cut at the first NUL left, then only
 * digits 0-7 (at least one, unless the field was blank). -1 for what Go calls an error.
 */
function octalValue(block: Buffer, offset: number, length: number): number {
  let start = offset
  let end = offset + length
  while (start < end && (block[start] === 0x20 || block[start] === 0)) start++
  if (start === end) return 0
  while (block[end - 1] === 0x20 || block[end - 1] === 0) end--
  let value = 0
  for (let i = start; i < end; i++) {
    const c = block[i]
    if (c === 0) break
    if (c < 0x30 || c > 0x37) return -1
    value = value * 8 + (c - 0x30)
  }
  return value
}

/** Go's base-256: big-endian two's complement after the marker bit; undefined where Go overflows. */
function base256Value(block: Buffer, offset: number, length: number): bigint | undefined {
  const invert = block[offset] & 0x40 ? 0xff : 0
  let value = 0n
  for (let i = 0; i < length; i++) {
    let byte = block[offset + i] ^ invert
    if (i === 0) byte &= 0x7f
    if (value >> 56n > 0n) return undefined
    value = (value << 8n) | BigInt(byte)
  }
  if (value >> 63n > 0n) return undefined
  return invert ? -value - 1n : value
}

/** One PAX header's records, by key (bytes as latin1); values are views of the header's body. */
export type PaxRecords = Map<string, Buffer>

/**
 * PAX records "<length> <key>=<value>\n", validated as Go's parsePAX does: the whole body is records,
 * each length exact, no NUL in a key or in a path/linkpath/uname/gname value, and GNU sparse 0.0
 * offset/numbytes records alternating. A later record for a key replaces an earlier one.
 */
export function parsePaxRecords(body: Buffer): PaxRecords {
  const records: PaxRecords = new Map()
  let offset = 0
  let sparsePairs = 0
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset)
    if (space < 0) throw new TarFormatError('malformed PAX record: no length')
    const declared = goInt(body.toString('latin1', offset, space))
    const remaining = body.length - offset
    if (declared === undefined || Number.isNaN(declared) || declared < 5 || declared > remaining) {
      throw new TarFormatError('malformed PAX record length')
    }
    const recordEnd = offset + declared
    if (recordEnd <= space + 1 || body[recordEnd - 1] !== 0x0a) {
      throw new TarFormatError('malformed PAX record: no newline where its length ends')
    }
    const equals = body.indexOf(0x3d, space + 1)
    if (equals < 0 || equals >= recordEnd - 1) throw new TarFormatError('malformed PAX record: no "="')
    if (equals === space + 1) throw new TarFormatError('malformed PAX record: empty key')
    const key = body.toString('latin1', space + 1, equals)
    const value = body.subarray(equals + 1, recordEnd - 1)
    const nulAllowedInValue = !(key === 'path' || key === 'linkpath' || key === 'uname' || key === 'gname')
    if (nulAllowedInValue ? key.includes('\0') : value.includes(0)) {
      throw new TarFormatError(`malformed PAX record: NUL in ${nulAllowedInValue ? 'a key' : key}`)
    }
    if (key === 'GNU.sparse.offset' || key === 'GNU.sparse.numbytes') {
      const expected = sparsePairs % 2 === 0 ? 'GNU.sparse.offset' : 'GNU.sparse.numbytes'
      if (key !== expected || value.includes(0x2c)) {
        throw new TarFormatError('malformed PAX record: GNU sparse offsets and sizes out of order')
      }
      sparsePairs++
    }
    records.set(key, value)
    offset = recordEnd
  }
  return records
}

/**
 * Go's strconv.ParseInt(text, 10, 64): optional sign, decimal digits only, within int64.
 * undefined where Go errors; NaN where the value is valid but no safe integer.
 */
export function goInt(text: string): number | undefined {
  if (!/^[+-]?[0-9]+$/.test(text)) return undefined
  if (text.length <= 15) return Number(text)
  const value = BigInt(text)
  if (value > 2n ** 63n - 1n || value < -(2n ** 63n)) return undefined
  return value >= -Number.MAX_SAFE_INTEGER && value <= Number.MAX_SAFE_INTEGER ? Number(value) : Number.NaN
}

/** Go's parsePAXTime: "<seconds>[.<digits>]", seconds as ParseInt reads them. */
export function isGoPaxTime(text: string): boolean {
  const dot = text.indexOf('.')
  const seconds = dot < 0 ? text : text.slice(0, dot)
  if (goInt(seconds) === undefined) return false
  return dot < 0 || /^[0-9]*$/.test(text.slice(dot + 1))
}
