// Recognises executables by their bytes: ELF, shebang scripts, and BusyBox/toybox multi-call binaries.
import type { ExecInfo, MultiCallInfo } from './types.js'

const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46])
const BUSYBOX_MARKER = Buffer.from('BusyBox v')
const TOYBOX_MARKER = Buffer.from('toybox\0')
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

/** True when a chunk of an ELF file carries a multi-call marker (for files too large to scan whole). */
export function hasMultiCallMarker(chunk: Buffer): boolean {
  return chunk.indexOf(BUSYBOX_MARKER) >= 0 || chunk.indexOf(TOYBOX_MARKER) >= 0
}

/** Longest marker, so a streaming scan can keep this many bytes across chunk boundaries. */
export const MARKER_OVERLAP = Math.max(BUSYBOX_MARKER.length, TOYBOX_MARKER.length) - 1

/**
 * Finds BusyBox or toybox in a whole ELF file. Both keep their applet names as one
 * NUL-separated, sorted list; the longest such run is the applet table.
 */
export function detectMultiCall(content: Buffer): MultiCallInfo | undefined {
  const busybox = content.indexOf(BUSYBOX_MARKER)
  const toybox = busybox < 0 ? content.indexOf(TOYBOX_MARKER) : -1
  if (busybox < 0 && toybox < 0) return undefined
  const applets = longestSortedNameRun(content)
  if (busybox >= 0) {
    const version = /^BusyBox v(\d+(?:\.\d+)*)/.exec(content.toString('latin1', busybox, busybox + 40))
    return { kind: 'busybox', version: version?.[1] ?? '', applets }
  }
  const versionAt = content.indexOf('toybox 0.')
  const version =
    versionAt >= 0
      ? /^toybox (\d+(?:\.\d+)*)/.exec(content.toString('latin1', versionAt, versionAt + 30))
      : null
  return { kind: 'toybox', version: version?.[1] ?? '', applets }
}

function isNameByte(byte: number): boolean {
  return (
    (byte >= 0x61 && byte <= 0x7a) || // a-z
    (byte >= 0x30 && byte <= 0x39) || // 0-9
    byte === 0x2d || // -
    byte === 0x5f || // _
    byte === 0x2e || // .
    byte === 0x5b || // [
    byte === 0x5d // ]
  )
}

/** Scans for runs of NUL-terminated names in strictly ascending order; returns the longest (>= 8 names). */
function longestSortedNameRun(content: Buffer): string[] {
  let best: string[] = []
  let run: string[] = []
  let start = -1
  for (let i = 0; i < content.length; i++) {
    const byte = content[i]
    if (isNameByte(byte)) {
      if (start < 0) start = i
      continue
    }
    if (byte === 0 && start >= 0 && i - start <= 32) {
      const name = content.toString('latin1', start, i)
      if (run.length === 0 || name > run[run.length - 1]) run.push(name)
      else {
        if (run.length > best.length) best = run
        run = [name]
      }
    } else if (run.length > 0) {
      if (run.length > best.length) best = run
      run = []
    }
    start = -1
  }
  if (run.length > best.length) best = run
  return best.length >= 8 ? best : []
}
