// Says, in one line, what a file that is not a tar archive seems to be: the reader otherwise stops
// with "stream ends inside a header at byte 0", which tells a user nothing. Only the first block is
// looked at, and nothing of its content is printed (it is untrusted).
import { ImageReadError } from '../common/errors.js'
import { BLOCK, checksumMatches, isZeroBlock } from './tar-header.js'

const SIGNATURES: [string, number[]][] = [
  ['a PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['a JPEG image', [0xff, 0xd8, 0xff]],
  ['a GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['a PDF document', [0x25, 0x50, 0x44, 0x46]],
  ['a ZIP archive', [0x50, 0x4b, 0x03, 0x04]],
  ['an ELF executable', [0x7f, 0x45, 0x4c, 0x46]],
  ['a bzip2 stream', [0x42, 0x5a, 0x68]],
  ['an xz stream', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['a 7-Zip archive', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]]
]

/** What the bytes look like, for a message: "a PNG image", "JSON text", "text", "binary data". */
export function describeContent(head: Buffer): string {
  for (const [name, magic] of SIGNATURES) {
    if (head.length >= magic.length && magic.every((byte, i) => head[i] === byte)) return name
  }
  const first = head.subarray(0, Math.min(head.length, BLOCK))
  const textual = first.every(
    (byte) => byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte !== 0x7f)
  )
  if (!textual) return 'binary data'
  const start = first.toString('latin1').trimStart()
  if (start.startsWith('{') || start.startsWith('[')) return 'JSON text'
  return 'text'
}

/**
 * Throws when `head` (the first bytes of the archive, after decompression) cannot start a tar archive.
 * `head` holds at least one block, or the whole input when it is shorter.
 */
export function checkTarStart(head: Buffer, sourceName: string, compressed: string | undefined): void {
  const inside = compressed ? `its ${compressed}-decompressed content is ` : ''
  if (head.length === 0) {
    throw new ImageReadError(
      `${sourceName}: ${compressed ? `${inside}empty` : 'is empty'}: expected an archive from docker save, podman save or skopeo copy`
    )
  }
  const block = head.subarray(0, BLOCK)
  if (block.length === BLOCK && (isZeroBlock(block) || checksumMatches(block))) return
  throw new ImageReadError(
    `${sourceName}: ${inside || 'is '}not a tar archive (${block.length < BLOCK ? `${head.length} bytes of ` : ''}${describeContent(head)}): expected an archive from docker save, podman save or skopeo copy`
  )
}
