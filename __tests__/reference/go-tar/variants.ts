// Tar archives generated in the header forms Go's archive/tar reads (V7, USTAR, PAX, GNU, STAR),
// with __fixtures__/tar.ts's block writer, and the odd corners of each: numbers padded every way,
// base-256 and negative numbers, NULs and invalid UTF-8 in names, GNU long names and PAX records
// alone and together, global records, sparse forms, unknown type flags, lying sizes and every way an
// archive can end. Seeded, so a failing variant can be replayed.

import type { Random } from '../../../__fixtures__/seeded.js'
import {
  BLOCK,
  base256,
  headerBlock,
  type HeaderSpec,
  meta,
  octal,
  padded,
  paxBody,
  text
} from '../../../__fixtures__/tar.js'

const NAMES = [
  'bin/sh',
  'bin/busybox',
  'usr/bin/env',
  'etc/passwd',
  'a/b/c',
  './bin/sh',
  '/bin/sh',
  'bin/',
  'bin',
  'app/.keep',
  'etc/.wh.shadow',
  'd/.wh..wh..opq',
  'bin/sh/',
  'é/ü',
  '././@LongLink'
]

/** A name: mostly plain, sometimes with NUL, invalid UTF-8, a trailing slash, or long. */
export function randomName(r: Random): Buffer {
  const base = Buffer.from(r.pick(NAMES))
  switch (r.int(10)) {
    case 0:
      return Buffer.concat([base, Buffer.from([0]), Buffer.from('junk')])
    case 1:
      return Buffer.concat([
        base,
        Buffer.from([r.pick([0x80, 0xbf, 0xc0, 0xe2, 0xed, 0xf4, 0xf5, 0xfe, 0xff])])
      ])
    case 2:
      return Buffer.concat([base, Buffer.from('/')])
    case 3:
      return Buffer.from(`${'d'.repeat(60)}/${'e'.repeat(60)}/${base.toString('latin1')}`, 'latin1')
    case 4:
      return Buffer.concat([Buffer.from('dir/'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('/x')])
    default:
      return base
  }
}

function randomNumber(r: Random, value: number, width: number, wild: boolean): Buffer {
  // Tame archives only get encodings Go reads: base-256 and every octal padding.
  switch (wild ? r.int(14) : r.pick([0, 4, 5, 6, 7])) {
    case 0:
      return base256(BigInt(value), width)
    case 1:
      return base256(-BigInt(1 + r.int(3)), width)
    case 2:
      return text(r.pick(['12 34', '9', '+1', '0x1', '-1', ' 1 2']), width)
    case 3:
      return base256(2n ** BigInt(8 * width - 9) + BigInt(r.int(5)), width)
    case 4:
      return Buffer.alloc(width) // blank: 0
    default:
      return octal(
        value,
        width,
        r.pick(['nul', 'space', 'leading-spaces', 'full', 'leading-nuls', 'inner-nul'] as const)
      )
  }
}

const TAME_TYPEFLAGS = '000000\x00\x00\x00555222111346'
const TYPEFLAGS = TAME_TYPEFLAGS + '7SXVDAgx'

type RecordValue = string | Buffer

function randomRecords(
  r: Random,
  bodyLength: number,
  local: boolean,
  wild: boolean
): (readonly [string, RecordValue] | Buffer)[] {
  const records: (readonly [string, RecordValue] | Buffer)[] = []
  const count = 1 + r.int(3)
  for (let i = 0; i < count; i++) {
    switch (wild ? r.int(local ? 16 : 10) : r.pick([0, 1, 2, 3, 6, 7])) {
      case 0:
      case 1:
        records.push(['path', randomName(r)])
        break
      case 2:
        records.push(['linkpath', randomName(r)])
        break
      case 3:
        records.push([
          'size',
          r.pick(
            wild
              ? [
                  String(bodyLength),
                  '',
                  '+' + bodyLength,
                  ` ${bodyLength}`,
                  '1e3',
                  'lots',
                  '-1',
                  '99999999999999999999'
                ]
              : [String(bodyLength), '', '+' + bodyLength, '00' + bodyLength]
          )
        ])
        break
      case 4:
        records.push([
          r.pick(['uid', 'gid']),
          r.pick(['0', '1000', '', '+7', '-1', '4294967295', '9223372036854775807', 'x'])
        ])
        break
      case 5:
        records.push([
          r.pick(['mtime', 'atime', 'ctime']),
          r.pick(['1', '1.5', '-1.25', '.5', '5.', '1.x', ''])
        ])
        break
      case 6:
        records.push([
          'SCHILY.xattr.security.capability',
          r.pick([Buffer.from([1, 0, 0, 2, 0x20, 0, 0, 0]), Buffer.alloc(0), Buffer.from('a\0b')])
        ])
        break
      case 7:
        records.push([
          r.pick(['SCHILY.xattr.user.x', 'comment', 'uname', 'charset']),
          r.pick(['v', '', 'a\0b'])
        ])
        break
      case 8:
        // Malformed: a wrong length, no "=", no newline, NUL in the key, trailing bytes.
        records.push(
          Buffer.from(
            r.pick([
              '99 path=x\n',
              '7 path\n',
              '10 path=abc',
              '9 a\0b=cd\n',
              '\0\0\0\0',
              '6 =ab\n',
              '+12 path=ab\n',
              '012 path=ab\n'
            ]),
            'latin1'
          )
        )
        break
      case 9:
        records.push(['path', Buffer.from('bin/sh\0x')])
        break
      default:
        // Sparse forms: 1.0, 0.1, 0.0 (offset/numbytes pairs), and a version Go does not know.
        records.push(
          ...r.pick([
            [
              ['GNU.sparse.major', '1'],
              ['GNU.sparse.minor', '0'],
              ['GNU.sparse.name', 'bin/sh'],
              ['GNU.sparse.realsize', '10']
            ],
            [
              ['GNU.sparse.major', '0'],
              ['GNU.sparse.minor', '1'],
              ['GNU.sparse.numblocks', '1'],
              ['GNU.sparse.map', '0,1'],
              ['GNU.sparse.size', '1']
            ],
            [
              ['GNU.sparse.offset', '0'],
              ['GNU.sparse.numbytes', '1'],
              ['GNU.sparse.numblocks', '1'],
              ['GNU.sparse.size', '1']
            ],
            [
              ['GNU.sparse.major', '2'],
              ['GNU.sparse.name', 'bin/sh']
            ]
          ] as (readonly [string, string])[][])
        )
    }
  }
  return records
}

/**
 * One archive: a few entries, each after some meta headers, then one of the ways an archive ends.
 * Half the archives are wild (malformed records, invalid numbers, wrong checksums, unknown types, cuts);
 * the other half use only forms Go reads, so that most comparisons are about what was read.
 */
export function randomArchive(r: Random): Buffer {
  const wild = r.chance(0.5)
  const parts: Buffer[] = []
  const entries = 1 + r.int(4)
  for (let e = 0; e < entries; e++) {
    const typeflag = wild
      ? TYPEFLAGS.charCodeAt(r.int(TYPEFLAGS.length))
      : TAME_TYPEFLAGS.charCodeAt(r.int(TAME_TYPEFLAGS.length))
    const headerOnly = typeflag >= 0x31 && typeflag <= 0x36
    const bodyLength = r.chance(0.7) ? r.int(1200) : 0
    const metaCount = r.chance(0.5) ? 0 : 1 + r.int(3)
    for (let m = 0; m < metaCount; m++) {
      const kind = r.pick(['x', 'x', 'x', 'g', 'L', 'K'])
      if (kind === 'L' || kind === 'K') {
        const name =
          kind === 'L' && r.chance(0.3) ? Buffer.from(`${'l'.repeat(150)}/${r.pick(NAMES)}`) : randomName(r)
        const body = r.chance(0.8)
          ? Buffer.concat([name, Buffer.alloc(1)])
          : r.chance(0.5)
            ? name
            : Buffer.alloc(1)
        parts.push(meta(kind, body, r.pick(['ustar', 'gnu', 'v7'])))
      } else parts.push(meta(kind, paxBody(randomRecords(r, bodyLength, kind === 'x', wild))))
    }
    const format = r.pick(['v7', 'ustar', 'ustar', 'gnu', 'gnu', 'star'] as const)
    let prefix: Buffer | undefined
    if (format !== 'v7' && r.chance(0.3)) {
      // For GNU these bytes land on atime: not octal, so Go reads them as a USTAR prefix.
      prefix = Buffer.from(
        r.pick(['usr', 'usr/local', '0000000012', 'p\xff', `${'p'.repeat(140)}/q`]),
        'latin1'
      )
    }
    const name = r.chance(0.1) ? Buffer.alloc(100, 0x6e) : randomName(r)
    const odd = (probability: number) => r.chance(wild ? probability : probability / 2)
    const spec: HeaderSpec = {
      format,
      name,
      prefix,
      typeflag,
      linkname: r.chance(0.3) ? randomName(r) : undefined,
      size: odd(0.15) ? randomNumber(r, bodyLength, 12, wild) : octal(bodyLength, 12),
      mode: odd(0.2) ? randomNumber(r, 0o755, 8, wild) : octal(r.pick([0o644, 0o755, 0o4755, 0o7777]), 8),
      uid: odd(0.2) ? randomNumber(r, 0, 8, wild) : octal(r.int(2000), 8),
      gid: odd(0.2) ? randomNumber(r, 0, 8, wild) : undefined,
      mtime: odd(0.1) ? randomNumber(r, 1, 12, wild) : undefined,
      devmajor: wild && r.chance(0.05) ? text('zz', 8) : undefined,
      checksum: odd(0.15)
        ? r.pick(
            wild ? (['signed', 'wrong', 'padded', 'bare'] as const) : (['signed', 'padded', 'bare'] as const)
          )
        : 'unsigned'
    }
    parts.push(headerBlock(spec))
    // Header-only types usually have no body, whatever their size says; sometimes one is there anyway.
    if (!headerOnly || (wild && r.chance(0.1))) parts.push(padded(r.bytes(bodyLength)))
  }
  switch (r.int(8)) {
    case 0:
      break // no end marker: EOF at a block boundary
    case 1:
      parts.push(Buffer.alloc(BLOCK)) // one zero block
      break
    case 2:
      if (!wild) break
      parts.push(
        Buffer.alloc(BLOCK),
        headerBlock({ format: 'ustar', name: text('after', 100), typeflag: 0x30, size: octal(0, 12) })
      )
      break
    case 3:
      parts.push(Buffer.alloc(2 * BLOCK), r.bytes(700)) // garbage after the end
      break
    case 4: {
      if (!wild) break
      // Cut inside the padding of the last body, or anywhere.
      const whole = Buffer.concat(parts)
      return whole.subarray(0, Math.max(0, whole.length - r.int(600)))
    }
    default:
      parts.push(Buffer.alloc(2 * BLOCK))
  }
  return Buffer.concat(parts)
}
