// Tar format quirks, each built byte by byte where tar-stream's pack cannot write it.
import { describe, expect, it } from '@jest/globals'
import { type BodySink, TarParser, type TarEntryHeader } from '../../src/image/tar-parser.js'
import { buildTar } from '../helpers/archive.js'

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

  it('merges global PAX headers into every later entry unless a per-file header overrides them', () => {
    const archive = Buffer.concat([
      pax({ uid: '1234' }, 'g'),
      withBody(header({ name: 'a', size: 1, typeflag: '0' }), Buffer.from('a')),
      pax({ uid: '7' }),
      withBody(header({ name: 'b', size: 1, typeflag: '0' }), Buffer.from('b')),
      END
    ])
    const { headers } = parse(archive)
    expect(headers.map((h) => h.uid)).toEqual([1234, 7])
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
