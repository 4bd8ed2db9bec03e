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

/**
 * Runs of at least 8 NUL-terminated names (a-z 0-9 - _ . [ ]) of at most 32 bytes, each run starting
 * after a byte that is not a name byte. The regular expression runs as native code over a latin1 view
 * of the binary: a byte-by-byte loop in JavaScript cost ~90 ms per BusyBox while still cold.
 */
const NAME_RUNS = /(?<![a-z0-9_.[\]-])(?:[a-z0-9_.[\]-]{1,32}\0){8,}/g

/** Scans for runs of NUL-terminated names in strictly ascending order; returns the longest (>= 8 names). */
function longestSortedNameRun(content: Buffer): string[] {
  let best: string[] = []
  for (const match of content.toString('latin1').matchAll(NAME_RUNS)) {
    const names = match[0].split('\0')
    names.pop()
    let run: string[] = []
    for (const name of names) {
      if (run.length === 0 || name > run[run.length - 1]) run.push(name)
      else {
        if (run.length > best.length) best = run
        run = [name]
      }
    }
    if (run.length > best.length) best = run
  }
  return best.length >= 8 ? best : []
}
