// Hand-written archives, one per header form where a reader can go wrong; each is also checked
// against fixed expectations in __tests__/image/tar-format.test.ts, which runs without Go.
import {
  BLOCK,
  END,
  base256,
  headerBlock,
  type HeaderSpec,
  meta,
  octal,
  padded,
  paxBody,
  text
} from '../../../__fixtures__/tar.js'

export interface NamedCase {
  name: string
  archive: Buffer
}

function file(name: string | Buffer, body = 'x', extra: Partial<HeaderSpec> = {}): Buffer {
  const bytes = Buffer.from(body)
  return Buffer.concat([
    headerBlock({
      format: 'ustar',
      name: text(name, 100),
      typeflag: 0x30,
      size: octal(bytes.length, 12),
      ...extra
    }),
    padded(bytes)
  ])
}

function pax(records: [string, string | Buffer][], typeflag = 'x'): Buffer {
  return meta(typeflag, paxBody(records))
}

function longName(name: string, typeflag = 'L'): Buffer {
  return meta(typeflag, Buffer.from(name + '\0'), 'gnu')
}

const CAPABILITY = Buffer.from('0100000200200000000000000000000000000000', 'hex')

export function namedCases(): NamedCase[] {
  const cases: [string, Buffer[]][] = [
    ['global PAX path does not rename later entries', [pax([['path', 'app/.keep']], 'g'), file('bin/sh')]],
    [
      'global PAX size and linkpath shift nothing',
      [
        pax(
          [
            ['size', '0'],
            ['linkpath', 'x']
          ],
          'g'
        ),
        file('bin/sh', 'shell'),
        file('b', '', { typeflag: 0x32, linkname: text('target', 100) })
      ]
    ],
    [
      'PAX path and GNU long name: the GNU name wins',
      [pax([['path', 'app/.keep']]), longName('bin/sh'), file('x')]
    ],
    [
      'GNU long name then PAX path: the GNU name still wins',
      [longName('bin/sh'), pax([['path', 'app/.keep']]), file('x')]
    ],
    [
      'PAX linkpath and GNU long link: the GNU link wins',
      [pax([['linkpath', 'app']]), longName('bin/busybox', 'K'), file('bin/sh', '', { typeflag: 0x32 })]
    ],
    [
      "type '\\0' with a trailing slash is a directory, and has no body",
      [file('bin/', 'A'.repeat(512), { typeflag: 0 }).subarray(0, BLOCK), file('bin/sh', 'busybox')]
    ],
    [
      "type '\\0' made a directory by its PAX path",
      [pax([['path', 'bin/']]), file('bin', '', { typeflag: 0 })]
    ],
    ["type '0' with a trailing slash stays a file", [file('bin/', 'x', { typeflag: 0x30 })]],
    [
      "type '7' (contiguous file) is refused, as Docker refuses it",
      [file('bin/sh', 'x', { typeflag: 0x37 })]
    ],
    [
      "type 'X' is no PAX header",
      [file('bin/sh', paxBody([['path', 'app/.keep']]).toString('latin1'), { typeflag: 0x58 })]
    ],
    [
      'STAR: a 131-byte prefix, then atime and ctime',
      [file('sh', 'x', { format: 'star', prefix: Buffer.from('bin') })]
    ],
    [
      'GNU with a name in the atime field: Go reads it as a prefix',
      [file('sh', 'x', { format: 'gnu', prefix: Buffer.from('bin') })]
    ],
    ['GNU with valid times: no prefix', [file('sh', 'x', { format: 'gnu', prefix: octal(5, 12) })]],
    ['V7: no prefix', [file('sh', 'x', { format: 'v7', prefix: Buffer.from('bin') })]],
    [
      'PAX GNU sparse 1.0 is refused',
      [
        pax([
          ['GNU.sparse.major', '1'],
          ['GNU.sparse.minor', '0'],
          ['GNU.sparse.name', 'bin/sh'],
          ['GNU.sparse.realsize', '5']
        ]),
        file('GNUSparseFile.0/sh', '1\n0\n5\n'.padEnd(512, '\0') + 'shell')
      ]
    ],
    [
      'PAX GNU sparse 0.1 is refused',
      [
        pax([
          ['GNU.sparse.numblocks', '1'],
          ['GNU.sparse.map', '0,5'],
          ['GNU.sparse.size', '5'],
          ['GNU.sparse.name', 'bin/sh']
        ]),
        file('x', 'shell')
      ]
    ],
    [
      'PAX GNU sparse 0.0 is refused',
      [
        pax([
          ['GNU.sparse.numblocks', '1'],
          ['GNU.sparse.offset', '0'],
          ['GNU.sparse.numbytes', '5'],
          ['GNU.sparse.size', '5']
        ]),
        file('x', 'shell')
      ]
    ],
    ["type 'S' is refused", [file('bin/sh', 'shell', { format: 'gnu', typeflag: 0x53 })]],
    [
      'octal numbers padded with spaces and NULs',
      [file('a', 'abc', { size: text(' 3 ', 12), mode: text('\0 755\0', 8), uid: text('  17  ', 8) })]
    ],
    ['an octal number with a space inside is an error', [file('a', 'abc', { size: text('0 3', 12) })]],
    ['an octal number cut at an inner NUL', [file('a', 'abc', { size: octal(3, 12, 'inner-nul') })]],
    ['base-256 size', [file('a', 'abc', { size: base256(3n, 12) })]],
    ['negative base-256 uid is refused', [file('a', 'abc', { uid: base256(-1n, 8) })]],
    ['negative base-256 size is an error', [file('a', 'abc', { size: base256(-3n, 12) })]],
    ['base-256 mode keeps its low bits', [file('a', 'abc', { mode: base256(0x7fff_ffff_ffff_f9edn, 8) })]],
    [
      'duplicate PAX records: the last wins',
      [
        pax([
          ['path', 'app/.keep'],
          ['path', 'bin/sh']
        ]),
        file('x')
      ]
    ],
    ['NUL in a PAX path is an error', [pax([['path', Buffer.from('bin/sh\0x')]]), file('x')]],
    ['NUL in a PAX comment is kept', [pax([['comment', Buffer.from('a\0b')]]), file('bin/sh')]],
    ['an empty PAX path keeps the header name', [pax([['path', '']]), file('bin/sh')]],
    ['a second PAX header replaces the first', [pax([['path', 'bin/sh']]), pax([['uid', '5']]), file('x')]],
    [
      'a global header drops the PAX header before it',
      [pax([['path', 'bin/sh']]), pax([['uid', '5']], 'g'), file('x')]
    ],
    [
      'an empty GNU long name after one with a name applies none',
      [longName('bin/sh'), longName(''), file('x')]
    ],
    [
      'PAX size moves the next header',
      [pax([['size', '0']]), file('a', 'A'.repeat(512)).subarray(0, BLOCK), file('bin/sh')]
    ],
    [
      'PAX uid with a plus sign',
      [
        pax([
          ['uid', '+7'],
          ['gid', '007']
        ]),
        file('bin/sh')
      ]
    ],
    ['PAX uid with a space is an error', [pax([['uid', ' 7']]), file('bin/sh')]],
    ['PAX size in exponent form is an error', [pax([['size', '1e3']]), file('bin/sh')]],
    [
      'PAX mtime with a fraction',
      [
        pax([
          ['mtime', '-1.5'],
          ['atime', '5.']
        ]),
        file('bin/sh')
      ]
    ],
    ['PAX mtime without seconds is an error', [pax([['mtime', '.5']]), file('bin/sh')]],
    ['PAX record without "=" is an error', [meta('x', Buffer.from('7 path\n')), file('x')]],
    ['PAX record with a length sign', [meta('x', Buffer.from('+12 path=ab\n')), file('x')]],
    [
      'PAX body with NUL padding is an error',
      [meta('x', Buffer.concat([paxBody([['path', 'a']]), Buffer.alloc(4)])), file('x')]
    ],
    [
      'file capabilities are kept',
      [pax([['SCHILY.xattr.security.capability', CAPABILITY]]), file('bin/ping')]
    ],
    ['an empty xattr is no xattr', [pax([['SCHILY.xattr.security.capability', '']]), file('bin/ping')]],
    [
      'invalid UTF-8 names stay distinct',
      [file(Buffer.from('bin/sh\xff', 'latin1')), file(Buffer.from('bin/sh\xfe', 'latin1'))]
    ],
    ['an encoded surrogate is invalid UTF-8', [file(Buffer.from([0x61, 0xed, 0xa0, 0x80]))]],
    ['a name of 100 bytes without NUL', [file('n'.repeat(100))]],
    ['a signed checksum', [file(Buffer.from('\xe9', 'latin1'), 'x', { checksum: 'signed' })]],
    ['a checksum with leading spaces', [file('a', 'x', { checksum: 'padded' })]],
    ['a checksum without padding', [file('a', 'x', { checksum: 'bare' })]],
    ['a wrong checksum', [file('a', 'x', { checksum: 'wrong' })]],
    ['an invalid devmajor in USTAR is an error', [file('a', 'x', { devmajor: text('zz', 8) })]],
    ['an invalid devmajor in V7 is not read', [file('a', 'x', { format: 'v7', devmajor: text('zz', 8) })]],
    [
      'a size on a symlink and a directory: no body',
      [
        headerBlock({
          format: 'ustar',
          name: text('l', 100),
          typeflag: 0x32,
          size: octal(512, 12),
          linkname: text('bin/sh', 100)
        }),
        headerBlock({ format: 'ustar', name: text('d/', 100), typeflag: 0x35, size: octal(512, 12) }),
        file('bin/sh')
      ]
    ],
    ['one zero block, then a header, is an error', [file('a'), Buffer.alloc(BLOCK), file('bin/sh')]],
    ['one zero block, then the end', [file('a'), Buffer.alloc(BLOCK)]],
    ['no end marker', [file('a')]],
    ['garbage after the end', [file('a'), END, Buffer.from('garbage'.repeat(100))]],
    ['a PAX header with no entry after it', [file('a'), pax([['path', 'bin/sh']])]],
    ['a cut in the padding of the last body', [file('a', 'abc').subarray(0, BLOCK + 100)]],
    ['a cut in the last body', [file('a', 'abc').subarray(0, BLOCK + 2)]],
    ['a GNU long name of 300 bytes', [longName(`${'d'.repeat(150)}/${'e'.repeat(140)}/sh`), file('x')]],
    ['a component of 256 bytes is refused', [pax([['path', `bin/${'s'.repeat(256)}`]]), file('x')]]
  ]
  return cases.map(([name, parts]) => ({
    name,
    archive: Buffer.concat(
      parts.at(-1) === END || name.includes('end') || name.includes('cut') ? parts : [...parts, END]
    )
  }))
}
