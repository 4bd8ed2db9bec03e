// POSIX ustar headers, written the way Go's archive/tar (Docker, containerd) writes them.

export const BLOCK = 512
export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK)

const TYPE_FLAGS = { file: '0', hardlink: '1', symlink: '2', directory: '5' }

function writeString(header, text, offset, length) {
  const written = header.write(text, offset, length, 'utf8')
  if (Buffer.byteLength(text) > length) throw new Error(`tar field too long (${length}): ${text}`)
  return written
}

function writeOctal(header, value, offset, length) {
  const digits = value.toString(8).padStart(length - 1, '0')
  if (digits.length > length - 1) throw new Error(`tar number too large: ${value}`)
  header.write(digits, offset, length - 1, 'ascii')
  header[offset + length - 1] = 0
}

/**
 * @param {{name: string, type?: 'file'|'hardlink'|'symlink'|'directory', size?: number, mode?: number,
 *   uid?: number, gid?: number, mtime?: number, linkname?: string}} entry
 */
export function tarHeader(entry) {
  const header = Buffer.alloc(BLOCK)
  let name = entry.name
  let prefix = ''
  if (Buffer.byteLength(name) > 100) {
    const cut = name.lastIndexOf('/', name.length - 2)
    prefix = name.slice(0, cut)
    name = name.slice(cut + 1)
  }
  const type = entry.type ?? 'file'
  writeString(header, name, 0, 100)
  writeOctal(
    header,
    entry.mode ?? (type === 'directory' ? 0o755 : type === 'symlink' ? 0o777 : 0o644),
    100,
    8
  )
  writeOctal(header, entry.uid ?? 0, 108, 8)
  writeOctal(header, entry.gid ?? 0, 116, 8)
  writeOctal(header, type === 'file' ? (entry.size ?? 0) : 0, 124, 12)
  writeOctal(header, entry.mtime ?? 0, 136, 12)
  header.fill(0x20, 148, 156)
  header.write(TYPE_FLAGS[type], 156, 1, 'ascii')
  if (entry.linkname) writeString(header, entry.linkname, 157, 100)
  header.write('ustar\u000000', 257, 8, 'ascii')
  writeString(header, entry.uname ?? '', 265, 32)
  writeString(header, entry.gname ?? '', 297, 32)
  writeString(header, prefix, 345, 155)
  let sum = 0
  for (let i = 0; i < BLOCK; i++) sum += header[i]
  writeOctal(header, sum, 148, 7)
  header[155] = 0x20
  return header
}

/** Bytes of zero padding after a body of `size` bytes. */
export function padding(size) {
  return (BLOCK - (size % BLOCK)) % BLOCK
}
