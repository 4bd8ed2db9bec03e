// Recognises executables by their first bytes: ELF and shebang scripts (exec-content.ts reads the rest).
import type { ExecInfo } from './types.js'

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46])
/** Bytes of a file's start needed to recognise it. */
export const EXEC_HEAD_BYTES = 256

export function isElf(head: Buffer): boolean {
  return head.length >= 4 && head.subarray(0, 4).equals(ELF_MAGIC)
}

/** What the first bytes say; undefined for data files. */
export function execInfoFromHead(head: Buffer): ExecInfo | undefined {
  if (isElf(head)) return { format: 'elf' }
  if (head.length >= 3 && head[0] === 0x23 && head[1] === 0x21) {
    const newline = head.indexOf(0x0a)
    const line = head.toString('latin1', 2, newline < 0 ? head.length : newline).trim()
    const interpreter = line.split(/\s+/)[0] ?? ''
    return interpreter ? { format: 'script', interpreter } : { format: 'script' }
  }
  return undefined
}
