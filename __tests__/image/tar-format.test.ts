// Tar format quirks, each built byte by byte where tar-stream's pack cannot write it.
import { describe, expect, it } from '@jest/globals'
import { type BodySink, TarParser, type TarEntryHeader } from '../../src/image/tar-parser.js'
import { buildTar } from '../../__fixtures__/archive.js'
import { namedCases } from '../reference/go-tar/named-cases.js'
import { encodeTarText } from '../../src/image/tar-text.js'

function header(fields: {
  name: string
  size?: number
  typeflag: string
  linkname?: string
  base256Size?: number
}): Buffer {
  const block = Buffer.alloc(512)
  block.write(fields.name.slice(0, 100), 0, 'utf8')
  block.write('0000644\0', 100)
  block.write('0000000\0', 108)
  block.write('0000000\0', 116)
  if (fields.base256Size !== undefined) {
    block[124] = 0x80
    let value = fields.base256Size
    for (let i = 135; i > 124; i--) {
      block[i] = value % 256
      value = Math.floor(value / 256)
    }
  } else block.write((fields.size ?? 0).toString(8).padStart(11, '0') + '\0', 124)
  block.write('00000000000\0', 136)
  block.write(fields.typeflag, 156)
  if (fields.linkname) block.write(fields.linkname, 157)
  block.write('ustar  \0', 257)
  block.write('        ', 148)
  let sum = 0
  for (const byte of block) sum += byte
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148)
  return block
}

function withBody(block: Buffer, body: Buffer): Buffer {
  const padded = Buffer.alloc(Math.ceil(body.length / 512) * 512)
  body.copy(padded)
  return Buffer.concat([block, padded])
}

function pax(records: Record<string, string>, typeflag = 'x'): Buffer {
  const body = Object.entries(records)
    .map(([key, value]) => {
      const text = ` ${key}=${value}\n`
      let length = text.length + 1
      while (String(length).length + text.length !== length) length++
      return `${length}${text}`
    })
    .join('')
  return withBody(header({ name: 'PaxHeader', size: Buffer.byteLength(body), typeflag }), Buffer.from(body))
}

function parse(archive: Buffer, chunkSize = 100): { headers: TarEntryHeader[]; bodies: string[] } {
  const headers: TarEntryHeader[] = []
  const bodies: string[] = []
  const parser = new TarParser({
    entry(entryHeader): BodySink {
      headers.push(entryHeader)
      const chunks: Buffer[] = []
      return {
        write: (chunk) => chunks.push(Buffer.from(chunk)),
        end: () => bodies.push(Buffer.concat(chunks).toString())
      }
    }
  })
  for (let offset = 0; offset < archive.length; offset += chunkSize)
    parser.push(archive.subarray(offset, offset + chunkSize))
  parser.end()
  return { headers, bodies }
}

const END = Buffer.alloc(1024)

describe('TarParser', () => {
  it('applies PAX path and linkpath, including names of 64 KiB', async () => {
    const longName = 'd/'.repeat(32 * 1024) + 'file'
    const archive = await buildTar([
      { name: longName, content: 'x' },
      { name: 'l', linkname: 'target/'.repeat(40) }
    ])
    const { headers } = parse(archive, 4096)
    expect(headers[0].name).toBe(longName)
    expect(headers[1].linkname).toBe('target/'.repeat(40))
  })

  it('applies GNU long names and long link names', () => {
    const name = 'n'.repeat(300)
    const link = 'k'.repeat(200)
    const archive = Buffer.concat([
      withBody(
        header({ name: '././@LongLink', size: name.length + 1, typeflag: 'L' }),
        Buffer.from(name + '\0')
      ),
      withBody(
        header({ name: '././@LongLink', size: link.length + 1, typeflag: 'K' }),
        Buffer.from(link + '\0')
      ),
      header({ name: 'short', typeflag: '2', linkname: 'short-link' }),
      END
    ])
    const { headers } = parse(archive)
    expect(headers).toHaveLength(1)
    expect(headers[0].name).toBe(name)
    expect(headers[0].linkname).toBe(link)
    expect(headers[0].kind).toBe('symlink')
  })

  it('checks global PAX headers and applies them to nothing, as Go and Docker do', () => {
    const archive = Buffer.concat([
      pax({ uid: '1234', path: 'app/.keep', size: '0' }, 'g'),
      withBody(header({ name: 'a', size: 1, typeflag: '0' }), Buffer.from('a')),
      pax({ uid: '7' }),
      withBody(header({ name: 'b', size: 1, typeflag: '0' }), Buffer.from('b')),
      END
    ])
    const { headers, bodies } = parse(archive)
    expect(headers.map((h) => [h.name, h.uid])).toEqual([
      ['a', 0],
      ['b', 7]
    ])
    expect(bodies).toEqual(['a', 'b'])
    const malformed = withBody(header({ name: 'g', size: 12, typeflag: 'g' }), Buffer.from('99 path=abc\n'))
    expect(() => parse(Buffer.concat([malformed, END]))).toThrow(/malformed PAX record/)
  })

  it('reads base-256 sizes', () => {
    const archive = Buffer.concat([
      withBody(header({ name: 'big', base256Size: 600, typeflag: '0' }), Buffer.alloc(600, 0x41)),
      END
    ])
    const { headers, bodies } = parse(archive)
    expect(headers[0].size).toBe(600)
    expect(bodies[0]).toHaveLength(600)
  })

  it('refuses sizes past 2^53, on entries and on meta headers', () => {
    const huge = header({ name: 'big', base256Size: 2 ** 60, typeflag: '0' })
    expect(() => parse(Buffer.concat([huge, END]))).toThrow(/entry big has size past 2\^53/)
    const meta = header({ name: 'P', base256Size: 2 ** 60, typeflag: 'x' })
    expect(() => parse(Buffer.concat([meta, END]))).toThrow(
      /pax header at byte 0 is over 2\^53 bytes, .* Go's archive/
    )
    // Links ignore their size field, however large.
    const link = header({ name: 'l', base256Size: 2 ** 60, typeflag: '2', linkname: 't' })
    expect(parse(Buffer.concat([link, END])).headers[0]).toMatchObject({ kind: 'symlink', size: 0 })
  })

  it('rejects a bad checksum and a stream cut in the middle, naming the byte', () => {
    const good = Buffer.concat([
      withBody(header({ name: 'f', size: 700, typeflag: '0' }), Buffer.alloc(700)),
      END
    ])
    const corrupt = Buffer.from(good)
    corrupt[3] ^= 0xff
    expect(() => parse(corrupt)).toThrow(/invalid tar header at byte 0: header checksum does not match/)
    expect(() => parse(good.subarray(0, 900))).toThrow(
      /stream ends inside the body of the entry that starts at byte 0/
    )
  })

  it('rejects PAX headers over the limit and malformed PAX records', () => {
    const huge = pax({ path: 'x'.repeat(2000) })
    const parser = new TarParser({ entry: () => undefined }, { maxMetaBytes: 1000 })
    expect(() => parser.push(huge)).toThrow(/pax header at byte 0 is \d+ bytes, over the limit of 1000/)
    const malformed = withBody(header({ name: 'p', size: 12, typeflag: 'x' }), Buffer.from('99 path=abc\n'))
    expect(() => parse(Buffer.concat([malformed, END]))).toThrow(/malformed PAX record/)
  })
})

/** What the reader makes of each hand-written case, fixed here so it is checked without Go too. */
const EXPECTED: Record<string, string[] | RegExp> = {
  'global PAX path does not rename later entries': ['0 bin/sh'],
  'global PAX size and linkpath shift nothing': ['0 bin/sh', '2 b -> target'],
  'PAX path and GNU long name: the GNU name wins': ['0 bin/sh'],
  'GNU long name then PAX path: the GNU name still wins': ['0 bin/sh'],
  'PAX linkpath and GNU long link: the GNU link wins': ['2 bin/sh -> bin/busybox'],
  "type '\\0' with a trailing slash is a directory, and has no body": ['5 bin/', '0 bin/sh'],
  "type '\\0' made a directory by its PAX path": ['5 bin/'],
  "type '0' with a trailing slash stays a file": ['0 bin/'],
  "type 'X' is no PAX header": ['unknown sh X'.replace('sh', 'bin/sh')],
  'STAR: a 131-byte prefix, then atime and ctime': ['0 bin/sh'],
  'GNU with a name in the atime field: Go reads it as a prefix': ['0 bin/sh'],
  'GNU with valid times: no prefix': ['0 sh'],
  'V7: no prefix': ['0 sh'],
  'PAX GNU sparse 1.0 is refused': /GNU sparse file \(PAX GNU.sparse.major\)/,
  'PAX GNU sparse 0.1 is refused': /GNU sparse file/,
  'PAX GNU sparse 0.0 is refused': /GNU sparse file/,
  "type 'S' is refused": /GNU sparse file \(type 'S'\)/,
  'octal numbers padded with spaces and NULs': ['0 a'],
  'an octal number with a space inside is an error': /size field is not an octal number/,
  'negative base-256 size is an error': /negative size -3/,
  'duplicate PAX records: the last wins': ['0 bin/sh'],
  'NUL in a PAX path is an error': /NUL in path/,
  'an empty PAX path keeps the header name': ['0 bin/sh'],
  'a second PAX header replaces the first': ['0 x'],
  'a global header drops the PAX header before it': ['0 x'],
  'an empty GNU long name after one with a name applies none': ['0 x'],
  'PAX size moves the next header': ['0 a', '0 bin/sh'],
  'PAX uid with a space is an error': /invalid PAX uid/,
  'PAX size in exponent form is an error': /invalid PAX size/,
  'PAX mtime without seconds is an error': /invalid PAX mtime/,
  'PAX record without "=" is an error': /malformed PAX record/,
  'PAX body with NUL padding is an error': /malformed PAX record/,
  'invalid UTF-8 names stay distinct': ['0 bin/sh\udcff', '0 bin/sh\udcfe'],
  'an encoded surrogate is invalid UTF-8': ['0 a\udced\udca0\udc80'],
  'a wrong checksum': /header checksum does not match/,
  'an invalid devmajor in USTAR is an error': /devmajor field is not an octal number/,
  'an invalid devmajor in V7 is not read': ['0 a'],
  'a size on a symlink and a directory: no body': ['2 l -> bin/sh', '5 d/', '0 bin/sh'],
  'one zero block, then a header, is an error': /a header after a zero block/,
  'one zero block, then the end': ['0 a'],
  'no end marker': ['0 a'],
  'garbage after the end': ['0 a'],
  'a cut in the padding of the last body': ['0 a'],
  'a cut in the last body': /stream ends inside the body of the entry that starts at byte 0/
}

describe('TarParser on the hand-written header forms', () => {
  const cases = new Map(namedCases().map((entry) => [entry.name, entry.archive]))
  const caseNamed = (name: string): Buffer => {
    const archive = cases.get(name)
    if (!archive) throw new Error(`no case named ${name}`)
    return archive
  }
  const refused = Object.entries(EXPECTED).flatMap(([name, expected]) =>
    expected instanceof RegExp ? [[name, expected] as const] : []
  )
  const read = Object.entries(EXPECTED).flatMap(([name, expected]) =>
    expected instanceof RegExp ? [] : [[name, expected] as const]
  )
  it.each(refused)('%s', (name, expected) => {
    expect(() => parse(caseNamed(name), 512)).toThrow(expected)
  })
  it.each(read)('%s', (name, expected) => {
    const { headers } = parse(caseNamed(name), 512)
    expect(
      headers.map(
        (h) =>
          `${h.kind === 'unknown' ? 'unknown ' : ''}${h.kind === 'unknown' ? h.name + ' ' + h.typeflag : h.typeflag + ' ' + h.name}` +
          (h.linkname && h.typeflag === '2' ? ` -> ${h.linkname}` : '')
      )
    ).toEqual(expected)
  })

  it('keeps file capabilities on the header, and bytes of names exactly', () => {
    const { headers } = parse(cases.get('file capabilities are kept') as Buffer)
    expect(headers[0].xattrs?.get('security.capability')?.toString('hex')).toBe(
      '0100000200200000000000000000000000000000'
    )
    const names = parse(cases.get('invalid UTF-8 names stay distinct') as Buffer).headers.map((h) =>
      encodeTarText(h.name).toString('latin1')
    )
    expect(names).toEqual(['bin/sh\xff', 'bin/sh\xfe'])
  })
})
