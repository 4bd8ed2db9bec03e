// The one tar writer of the tests. `buildTar` writes well-formed layers and archives with tar-stream's
// pack; the block writer below is only for what no well-behaved writer produces: NUL and non-UTF-8
// bytes in names, base-256 and negative numbers, octal fields padded every way, unknown type flags,
// GNU long names, malformed PAX records, lying sizes, wrong checksums, and archives that end badly.
import tarStream from 'tar-stream'

export interface TarItem {
  name: string
  type?: 'file' | 'directory' | 'symlink' | 'link' | 'fifo' | 'character-device' | 'block-device'
  content?: string | Buffer
  mode?: number
  uid?: number
  gid?: number
  linkname?: string
  devmajor?: number
  devminor?: number
  /** PAX records of the entry's own header (SCHILY.xattr.* for extended attributes). */
  pax?: Record<string, string>
  /** Raw header bytes (with body and padding) inserted as is, for formats pack cannot write. */
  raw?: Buffer
}

export async function buildTar(items: TarItem[]): Promise<Buffer> {
  const pack = tarStream.pack()
  const chunks: Buffer[] = []
  pack.on('data', (chunk: unknown) => chunks.push(chunk as Buffer))
  const done = new Promise<void>((resolve) => pack.on('end', () => resolve()))
  for (const item of items) {
    if (item.raw) {
      pack.push(item.raw)
      continue
    }
    const type = item.type ?? (item.linkname ? 'symlink' : 'file')
    const body = item.content === undefined ? undefined : Buffer.from(item.content)
    const header = {
      name: item.name,
      type,
      mode: item.mode ?? (type === 'directory' ? 0o755 : 0o644),
      uid: item.uid ?? 0,
      gid: item.gid ?? 0,
      mtime: new Date(0),
      ...(item.linkname !== undefined ? { linkname: item.linkname } : {}),
      ...(item.devmajor !== undefined ? { devmajor: item.devmajor, devminor: item.devminor ?? 0 } : {}),
      ...(item.pax !== undefined ? { pax: item.pax } : {}),
      ...(type === 'file' ? { size: body?.length ?? 0 } : {})
    }
    await new Promise<void>((resolve, reject) => {
      const callback = (error?: Error | null) => (error ? reject(error) : resolve())
      if (type === 'file') pack.entry(header, body ?? Buffer.alloc(0), callback)
      else pack.entry(header, callback)
    })
  }
  pack.finalize()
  await done
  return Buffer.concat(chunks)
}

// Blocks written byte by byte.

export const BLOCK = 512
/** The end-of-archive marker: two zero blocks. */
export const END = Buffer.alloc(2 * BLOCK)

export type HeaderFormat = 'v7' | 'ustar' | 'gnu' | 'star'

/** Every field of a header block as exact bytes, for the header forms Go's archive/tar reads. */
export interface HeaderSpec {
  format: HeaderFormat
  name: Buffer
  /** USTAR: 155 bytes at 345; STAR: 131 bytes at 345; GNU: raw bytes at 345 (where atime is). */
  prefix?: Buffer
  typeflag: number
  linkname?: Buffer
  /** Exact bytes of each numeric field (see `octal`, `base256`). */
  size: Buffer
  mode?: Buffer
  uid?: Buffer
  gid?: Buffer
  mtime?: Buffer
  /** Not in V7; octal zero when absent. */
  devmajor?: Buffer
  devminor?: Buffer
  checksum?: 'unsigned' | 'signed' | 'wrong' | 'padded' | 'bare'
}

export type OctalStyle = 'nul' | 'space' | 'leading-spaces' | 'full' | 'leading-nuls' | 'inner-nul'

/** An octal field as some writer pads it; every style is one Go reads. */
export function octal(value: number, width: number, style: OctalStyle = 'nul'): Buffer {
  const digits = value.toString(8)
  const field = Buffer.alloc(width)
  switch (style) {
    case 'nul':
      field.write(digits.padStart(width - 1, '0'), 'latin1')
      break
    case 'space':
      field.write(digits.padStart(width - 2, '0') + ' ', 'latin1')
      break
    case 'leading-spaces':
      field.write(digits.padStart(width - 1, ' '), 'latin1')
      break
    case 'full':
      field.write(digits.padStart(width, '0').slice(-width), 'latin1')
      break
    case 'leading-nuls':
      field.write(digits, width - 1 - digits.length, 'latin1')
      break
    case 'inner-nul':
      // "0…0<digits>\0 77": Go trims, then stops at the NUL, so the trailing digits are ignored.
      field.write(digits.padStart(Math.max(1, width - 4), '0').slice(0, width - 4) + '\0 77', 'latin1')
      break
  }
  return field
}

/** GNU base-256: two's complement after the marker bit. */
export function base256(value: bigint, width: number): Buffer {
  const field = Buffer.alloc(width)
  let rest = BigInt.asUintN(width * 8, value)
  for (let i = width - 1; i >= 0; i--) {
    field[i] = Number(rest & 0xffn)
    rest >>= 8n
  }
  field[0] = (field[0] & 0x7f) | 0x80
  if (value < 0n) field[0] |= 0x40
  return field
}

/** A text field of `width` bytes: longer input is cut, shorter is NUL-padded. */
export function text(value: string | Buffer, width: number): Buffer {
  const field = Buffer.alloc(width)
  Buffer.from(value).copy(field, 0, 0, width)
  return field
}

export function headerBlock(spec: HeaderSpec): Buffer {
  const block = Buffer.alloc(BLOCK)
  spec.name.copy(block, 0, 0, 100)
  ;(spec.mode ?? octal(0o644, 8)).copy(block, 100)
  ;(spec.uid ?? octal(0, 8)).copy(block, 108)
  ;(spec.gid ?? octal(0, 8)).copy(block, 116)
  spec.size.copy(block, 124)
  ;(spec.mtime ?? octal(0, 12)).copy(block, 136)
  block[156] = spec.typeflag
  spec.linkname?.copy(block, 157, 0, 100)
  if (spec.format !== 'v7') {
    block.write(spec.format === 'gnu' ? 'ustar  \0' : 'ustar\x0000', 257, 'latin1')
    ;(spec.devmajor ?? octal(0, 8)).copy(block, 329)
    ;(spec.devminor ?? octal(0, 8)).copy(block, 337)
    if (spec.prefix) spec.prefix.copy(block, 345, 0, spec.format === 'star' ? 131 : 155)
    if (spec.format === 'star') {
      octal(0, 12).copy(block, 476)
      octal(0, 12).copy(block, 488)
      block.write('tar\0', 508, 'latin1')
    }
  }
  return withChecksum(block, spec.checksum ?? 'unsigned')
}

/** Writes the checksum field of a header block in place (also after a deliberate edit). */
export function withChecksum(block: Buffer, style: HeaderSpec['checksum'] = 'unsigned'): Buffer {
  block.fill(0x20, 148, 156)
  let unsigned = 0
  let signed = 0
  for (const byte of block) {
    unsigned += byte
    signed += byte > 127 ? byte - 256 : byte
  }
  const sum = style === 'signed' ? signed : style === 'wrong' ? unsigned + 1 : unsigned
  const field =
    style === 'padded'
      ? ` ${sum.toString(8).padStart(5, '0')} \0`
      : style === 'bare'
        ? `${sum.toString(8)}\0`
        : `${sum.toString(8).padStart(6, '0')}\0 `
  block.fill(0, 148, 156)
  block.write(field, 148, 'latin1')
  return block
}

export function padded(body: Buffer): Buffer {
  const out = Buffer.alloc(Math.ceil(body.length / BLOCK) * BLOCK)
  body.copy(out)
  return out
}

/** The common header, by value: what most hostile entries need. */
export interface RawEntry {
  /** Bytes of the 100-byte name field (longer input is cut). */
  name: string | Buffer
  /** 'ustar' unless given. */
  format?: 'ustar' | 'gnu'
  typeflag?: string
  size?: number
  /** Writes the size in GNU base-256 form, whatever its magnitude. */
  base256Size?: boolean
  linkname?: string | Buffer
  mode?: number
  /** Bytes of the 155-byte ustar prefix field. */
  prefix?: string | Buffer
  /** A device's numbers (left NUL, that is 0, when absent). */
  devmajor?: number
  devminor?: number
}

export function header(entry: RawEntry): Buffer {
  const size = entry.size ?? 0
  return headerBlock({
    format: entry.format ?? 'ustar',
    name: text(entry.name, 100),
    typeflag: (entry.typeflag ?? '0').charCodeAt(0) || 0,
    size: entry.base256Size ? base256(BigInt(size), 12) : octal(size, 12),
    mode: octal(entry.mode ?? 0o644, 8),
    ...(entry.linkname !== undefined ? { linkname: Buffer.from(entry.linkname) } : {}),
    ...(entry.prefix !== undefined ? { prefix: Buffer.from(entry.prefix) } : {}),
    devmajor: entry.devmajor === undefined ? Buffer.alloc(8) : octal(entry.devmajor, 8),
    devminor: entry.devminor === undefined ? Buffer.alloc(8) : octal(entry.devminor, 8)
  })
}

/** A header and its body, padded; the header's size field is the body length unless `size` says otherwise. */
export function entry(fields: RawEntry, body: Buffer | string = Buffer.alloc(0)): Buffer {
  const bytes = Buffer.from(body)
  return Buffer.concat([header({ size: bytes.length, ...fields }), padded(bytes)])
}

/** PAX records; a record given as a Buffer is written as is (for malformed ones). */
export function paxBody(records: (readonly [string | Buffer, string | Buffer] | Buffer)[]): Buffer {
  return Buffer.concat(
    records.map((record) => {
      if (Buffer.isBuffer(record)) return record
      const [key, value] = record
      const content = Buffer.concat([
        Buffer.from(' '),
        Buffer.from(key),
        Buffer.from('='),
        Buffer.from(value),
        Buffer.from('\n')
      ])
      let length = content.length + 1
      while (String(length).length + content.length !== length) length++
      return Buffer.concat([Buffer.from(String(length)), content])
    })
  )
}

/** A PAX header ('x', or 'g' for a global one) and its records. */
export function paxEntry(
  records: Record<string, string | Buffer>,
  typeflag = 'x',
  fields: Partial<RawEntry> = {}
): Buffer {
  return entry({ name: 'PaxHeader', typeflag, ...fields }, paxBody(Object.entries(records)))
}

/** A GNU long name ('L') or long link name ('K'), NUL-terminated as GNU tar writes it. */
export function gnuLongName(name: string | Buffer, typeflag = 'L', fields: Partial<RawEntry> = {}): Buffer {
  return entry(
    { name: '././@LongLink', typeflag, ...fields },
    Buffer.concat([Buffer.from(name), Buffer.alloc(1)])
  )
}

/** A meta header (PAX 'x'/'g', GNU 'L'/'K') around a body given as bytes, in any header form. */
export function meta(typeflag: string, body: Buffer, format: HeaderFormat = 'ustar'): Buffer {
  const name = typeflag === 'L' || typeflag === 'K' ? '././@LongLink' : 'PaxHeaders/x'
  return Buffer.concat([
    headerBlock({
      format,
      name: text(name, 100),
      typeflag: typeflag.charCodeAt(0),
      size: octal(body.length, 12)
    }),
    padded(body)
  ])
}

/** Parts, then the end marker. */
export function tar(...parts: Buffer[]): Buffer {
  return Buffer.concat([...parts, END])
}
