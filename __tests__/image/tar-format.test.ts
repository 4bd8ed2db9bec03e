// Tar format quirks, each built byte by byte (tar.ts's block writer) where tar-stream's pack cannot
// write it.
import { describe, expect, it } from '@jest/globals'
import { type BodySink, TarParser, type TarEntryHeader } from '../../src/image/tar-parser.js'
import { END, type RawEntry, buildTar, entry, gnuLongName, header, paxEntry } from '../../__fixtures__/tar.js'
import { namedCases } from '../reference/go-tar/named-cases.js'
import { encodeTarText } from '../../src/image/tar-text.js'

/** GNU-form headers (magic "ustar  "), the form GNU tar writes long names in. */
const gnu = (fields: RawEntry): Buffer => header({ format: 'gnu', ...fields })
const gnuEntry = (fields: RawEntry, body: string | Buffer = Buffer.alloc(0)): Buffer =>
  entry({ format: 'gnu', ...fields }, body)
const pax = (records: Record<string, string>, typeflag = 'x'): Buffer =>
  paxEntry(records, typeflag, { format: 'gnu' })

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
      gnuLongName(name, 'L', { format: 'gnu' }),
      gnuLongName(link, 'K', { format: 'gnu' }),
      gnu({ name: 'short', typeflag: '2', linkname: 'short-link' }),
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
      gnuEntry({ name: 'a' }, 'a'),
      pax({ uid: '7' }),
      gnuEntry({ name: 'b' }, 'b'),
      END
    ])
    const { headers, bodies } = parse(archive)
    expect(headers.map((h) => [h.name, h.uid])).toEqual([
      ['a', 0],
      ['b', 7]
    ])
    expect(bodies).toEqual(['a', 'b'])
    const malformed = gnuEntry({ name: 'g', typeflag: 'g' }, '99 path=abc\n')
    expect(() => parse(Buffer.concat([malformed, END]))).toThrow(/malformed PAX record/)
  })

  it('reads base-256 sizes', () => {
    const archive = Buffer.concat([
      gnuEntry({ name: 'big', base256Size: true }, Buffer.alloc(600, 0x41)),
      END
    ])
    const { headers, bodies } = parse(archive)
    expect(headers[0].size).toBe(600)
    expect(bodies[0]).toHaveLength(600)
  })

  it('refuses sizes past 2^53, on entries and on meta headers', () => {
    const huge = gnu({ name: 'big', size: 2 ** 60, base256Size: true })
    expect(() => parse(Buffer.concat([huge, END]))).toThrow(/entry big has size past 2\^53/)
    const meta = gnu({ name: 'P', typeflag: 'x', size: 2 ** 60, base256Size: true })
    expect(() => parse(Buffer.concat([meta, END]))).toThrow(
      /pax header at byte 0 is over 2\^53 bytes, .* Go's archive/
    )
    // Links ignore their size field, however large.
    const link = gnu({ name: 'l', typeflag: '2', linkname: 't', size: 2 ** 60, base256Size: true })
    expect(parse(Buffer.concat([link, END])).headers[0]).toMatchObject({ kind: 'symlink', size: 0 })
  })

  it('rejects a bad checksum and a stream cut in the middle, naming the byte', async () => {
    const good = await buildTar([{ name: 'f', content: Buffer.alloc(700) }])
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
    const malformed = gnuEntry({ name: 'p', typeflag: 'x' }, '99 path=abc\n')
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
