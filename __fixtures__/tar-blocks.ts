// Tar blocks written byte by byte, for names and numbers no well-behaved tar writer produces:
// NUL and non-UTF-8 bytes, base-256 sizes, unknown type flags, lying size fields.

export const BLOCK = 512

export interface RawEntry {
  /** Bytes of the 100-byte name field (longer input is cut). */
  name: string | Buffer
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
  const block = Buffer.alloc(BLOCK)
  Buffer.from(entry.name).copy(block, 0, 0, 100)
  block.write((entry.mode ?? 0o644).toString(8).padStart(7, '0') + '\0', 100, 'latin1')
  block.write('0000000\0', 108, 'latin1')
  block.write('0000000\0', 116, 'latin1')
  const size = entry.size ?? 0
  if (entry.base256Size) {
    block[124] = 0x80
    let value = BigInt(size)
    for (let i = 135; i > 124; i--) {
      block[i] = Number(value & 0xffn)
      value >>= 8n
    }
  } else block.write(size.toString(8).padStart(11, '0') + '\0', 124, 'latin1')
  block.write('00000000000\0', 136, 'latin1')
  block.write(entry.typeflag ?? '0', 156, 'latin1')
  if (entry.linkname !== undefined) Buffer.from(entry.linkname).copy(block, 157, 0, 100)
  block.write('ustar\x0000', 257, 'latin1')
  if (entry.devmajor !== undefined)
    block.write(entry.devmajor.toString(8).padStart(7, '0') + '\0', 329, 'latin1')
  if (entry.devminor !== undefined)
    block.write(entry.devminor.toString(8).padStart(7, '0') + '\0', 337, 'latin1')
  if (entry.prefix !== undefined) Buffer.from(entry.prefix).copy(block, 345, 0, 155)
  return withChecksum(block)
}

/** Recomputes the checksum field of a header block in place (after a deliberate edit). */
export function withChecksum(block: Buffer): Buffer {
  block.fill(0x20, 148, 156)
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += block[i]
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1')
  return block
}

export function padded(body: Buffer): Buffer {
  const out = Buffer.alloc(Math.ceil(body.length / BLOCK) * BLOCK)
  body.copy(out)
  return out
}

/** A header and its body, padded; the header's size field is the body length unless `size` says otherwise. */
export function entry(fields: RawEntry, body: Buffer | string = Buffer.alloc(0)): Buffer {
  const bytes = Buffer.from(body)
  return Buffer.concat([header({ size: bytes.length, ...fields }), padded(bytes)])
}

export function paxEntry(records: Record<string, string | Buffer>, typeflag = 'x'): Buffer {
  const parts = Object.entries(records).map(([key, value]) => {
    const text = Buffer.concat([Buffer.from(` ${key}=`), Buffer.from(value), Buffer.from('\n')])
    let length = text.length + 1
    while (String(length).length + text.length !== length) length++
    return Buffer.concat([Buffer.from(String(length)), text])
  })
  return entry({ name: 'PaxHeader', typeflag }, Buffer.concat(parts))
}

export function gnuLongName(name: string | Buffer, typeflag = 'L'): Buffer {
  return entry({ name: '././@LongLink', typeflag }, Buffer.concat([Buffer.from(name), Buffer.alloc(1)]))
}

export const END = Buffer.alloc(2 * BLOCK)

export function tar(...parts: Buffer[]): Buffer {
  return Buffer.concat([...parts, END])
}
