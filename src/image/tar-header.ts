// Pure decoding of one 512-byte tar header block (ustar, GNU and PAX forms). No state, no I/O.

export const BLOCK = 512

export type TarEntryKind = 'file' | 'dir' | 'symlink' | 'hardlink' | 'char' | 'block' | 'fifo'
/** Header kinds that describe the next entry rather than being one. */
export type TarMetaKind = 'pax' | 'pax-global' | 'gnu-long-name' | 'gnu-long-link'

export interface RawHeader {
  name: string
  mode: number
  uid: number
  gid: number
  size: number
  mtime: number
  typeflag: string
  kind: TarEntryKind | TarMetaKind | 'unknown'
  linkname: string
}

export class TarFormatError extends Error {}

const KINDS: Record<string, TarEntryKind | TarMetaKind> = {
  '0': 'file',
  '\0': 'file',
  '7': 'file',
  '1': 'hardlink',
  '2': 'symlink',
  '3': 'char',
  '4': 'block',
  '5': 'dir',
  '6': 'fifo',
  x: 'pax',
  X: 'pax',
  g: 'pax-global',
  L: 'gnu-long-name',
  K: 'gnu-long-link'
}

// Every function takes the buffer and the offset of the 512-byte block in it: no view per header.

export function isZeroBlock(block: Buffer, at = 0): boolean {
  for (let i = at; i < at + BLOCK; i++) if (block[i] !== 0) return false
  return true
}

/** True when the block's checksum field matches its bytes (unsigned or historic signed sum). */
export function checksumMatches(block: Buffer, at = 0): boolean {
  let stored: number
  try {
    stored = parseOctal(block, at + 148, 8)
  } catch {
    return false
  }
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
 * A word view of the buffer the last header was in, so an aligned header is summed four bytes at a time.
 * One view, replaced when the buffer changes (once per chunk of input): a WeakMap of views kept every
 * decompressed chunk alive until a full collection, which cost 40 MiB on gzip layers.
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

/** "ustar\0" at byte 257: POSIX ustar, whose prefix field extends the name. */
function isPosixUstar(block: Buffer, at: number): boolean {
  return (
    block[at + 257] === 0x75 &&
    block[at + 258] === 0x73 &&
    block[at + 259] === 0x74 &&
    block[at + 260] === 0x61 &&
    block[at + 261] === 0x72 &&
    block[at + 262] === 0
  )
}

export function decodeHeader(block: Buffer, at = 0): RawHeader {
  if (!checksumMatches(block, at)) throw new TarFormatError('header checksum does not match')
  const typeflag = String.fromCharCode(block[at + 156])
  let name = readString(block, at, 100)
  // POSIX ustar splits long names into prefix/name; GNU tar uses that area for other fields.
  if (isPosixUstar(block, at)) {
    const prefix = readString(block, at + 345, 155)
    if (prefix) name = `${prefix}/${name}`
  }
  return {
    name,
    mode: parseNumeric(block, at + 100, 8),
    uid: parseNumeric(block, at + 108, 8),
    gid: parseNumeric(block, at + 116, 8),
    size: parseNumeric(block, at + 124, 12),
    mtime: parseNumeric(block, at + 136, 12),
    typeflag,
    kind: KINDS[typeflag] ?? 'unknown',
    linkname: readString(block, at + 157, 100)
  }
}

function readString(block: Buffer, offset: number, length: number): string {
  if (block[offset] === 0) return ''
  let end = offset
  const limit = offset + length
  while (end < limit && block[end] !== 0) end++
  return block.toString('utf8', offset, end)
}

/** Octal ASCII, or GNU base-256 when the high bit of the first byte is set. */
function parseNumeric(block: Buffer, offset: number, length: number): number {
  const first = block[offset]
  if (first & 0x80) {
    if (first === 0xff) throw new TarFormatError('negative base-256 number in header')
    let value = first & 0x7f
    for (let i = 1; i < length; i++) {
      value = value * 256 + block[offset + i]
      if (value > Number.MAX_SAFE_INTEGER) throw new TarFormatError('base-256 number in header is too large')
    }
    return value
  }
  return parseOctal(block, offset, length)
}

function parseOctal(block: Buffer, offset: number, length: number): number {
  let i = offset
  const end = offset + length
  while (i < end && (block[i] === 0x20 || block[i] === 0)) i++
  let value = 0
  let digits = 0
  for (; i < end; i++) {
    const c = block[i]
    if (c === 0x20 || c === 0) break
    if (c < 0x30 || c > 0x37) throw new TarFormatError(`invalid octal digit in header at byte ${i - offset}`)
    value = value * 8 + (c - 0x30)
    digits++
  }
  return digits === 0 ? 0 : value
}

/** PAX extended header records: "<len> <key>=<value>\n". */
export function parsePaxRecords(body: Buffer): Map<string, string> {
  const records = new Map<string, string>()
  let offset = 0
  while (offset < body.length) {
    const space = body.indexOf(0x20, offset)
    if (space < 0) break
    const length = Number.parseInt(body.toString('latin1', offset, space), 10)
    if (!Number.isSafeInteger(length) || length <= space - offset || offset + length > body.length) {
      throw new TarFormatError('malformed PAX record length')
    }
    const record = body.toString('utf8', space + 1, offset + length - 1)
    const equals = record.indexOf('=')
    if (equals > 0) records.set(record.slice(0, equals), record.slice(equals + 1))
    offset += length
  }
  return records
}
