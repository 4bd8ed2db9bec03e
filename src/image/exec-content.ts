// Recognises what an ELF file is by its content as it streams past: multi-call binaries by their applet
// table, shells by their builtin, keyword and variable tables, packed executables by their packer's marks.
import {
  MULTI_CALL_APPLETS,
  SHELL_BUILTINS,
  SHELL_KEYWORDS,
  SHELL_VARIABLES,
  words
} from './exec-vocabulary.js'
import type { MultiCallInfo, PackedInfo, ShellContentInfo } from './types.js'

/** What the content of an ELF file showed; every field absent for an ordinary program. */
export interface ExecContent {
  multiCall?: MultiCallInfo
  shell?: ShellContentInfo
  packed?: PackedInfo
}

const APPLET = 1
const BUILTIN = 2
const KEYWORD = 4
const VARIABLE = 8

const VOCABULARY = new Map<string, number>()
for (const [list, kind] of [
  [MULTI_CALL_APPLETS, APPLET],
  [SHELL_BUILTINS, BUILTIN],
  [SHELL_KEYWORDS, KEYWORD],
  [SHELL_VARIABLES, VARIABLE]
] as const) {
  for (const word of words(list)) VOCABULARY.set(word, (VOCABULARY.get(word) ?? 0) | kind)
}

/**
 * Two NUL-terminated names in a row: the shape of every dispatch table, and rare enough in code that the
 * token scan below runs only around it. Both regular expressions run as native code over a latin1 view
 * of the bytes; a byte loop in JavaScript is several times slower.
 */
const ANCHOR = /\0[A-Za-z]{2,32}\0[A-Za-z0-9_.:[*=^~!#\\-]/g
/**
 * One NUL-terminated name: an optional flag prefix (BusyBox ash writes `2cd`, mksh `*=export`), then a
 * lower-case name (`[`, `dpkg-deb`, `.`) or an upper-case variable, ended by NUL or `=` (`PS1=$ `).
 */
const TOKEN = /\0([0-9*=^~!#\\-]{0,3})([a-z_.[\]:][a-z0-9_.[\]-]{0,31}|[A-Z][A-Z0-9_]{1,15})(?=[\0=])/g
/**
 * Strings that are not tables: versions (kept for the report; nothing depends on them), UPX's notice, and
 * the errors a shell's parameter expansion prints, which tools that only know a shell's tables (shellcheck,
 * mc) do not carry.
 */
const MARKERS =
  /BusyBox v(\d+(?:\.\d+)*)|toybox (0\.\d+(?:\.\d+)*)|\$Info: This file is packed with the (\w+)|([Bb]ad substitution|parameter (?:null or )?not set|unbound variable)/g

/** Names further apart than this end a region of names. */
const REGION_GAP = 512
/** A region's scan starts this far before its anchor, to take the one-letter names a table may start with. */
const REGION_BACK = 256
/** Bytes kept from one chunk to the next: a region's start, a token or a marker cut by the boundary. */
const CARRY_BYTES = 1024
/** Bytes scanned as one string. */
const PIECE_BYTES = 32 * 1024
/** Window of the shell evidence: builtin and keyword tables are compact, variables spread wider. */
const TABLE_WINDOW = 4096
const VARIABLE_WINDOW = 16 * 1024
/** Bytes of the file start kept to read the ELF header, program headers and UPX's l_info. */
const HEADER_BYTES = 4096

/** Thresholds, chosen against Debian's shells and thousands of ordinary ELF files (docs/rules/no-shell.md). */
export const SHELL_THRESHOLDS = { builtins: 12, keywords: 6, variables: 6 } as const
/** Known applet names in one sorted run that make it a multi-call applet table. */
export const MIN_TABLE_APPLETS = 40
/** Most names kept of one applet table, a bound against crafted input (BusyBox has about 400). */
const MAX_TABLE_NAMES = 4096

/** Distinct names within a sliding byte window, remembering the window that held the most. */
class DistinctWindow {
  private readonly positions: number[] = []
  private readonly names: string[] = []
  private head = 0
  private readonly counts = new Map<string, number>()
  best: string[] = []

  constructor(private readonly span: number) {}

  add(position: number, name: string): void {
    this.positions.push(position)
    this.names.push(name)
    this.counts.set(name, (this.counts.get(name) ?? 0) + 1)
    while (this.positions[this.head] < position - this.span) {
      const old = this.names[this.head++]
      const left = (this.counts.get(old) ?? 1) - 1
      if (left > 0) this.counts.set(old, left)
      else this.counts.delete(old)
    }
    if (this.head > 1024) {
      this.positions.splice(0, this.head)
      this.names.splice(0, this.head)
      this.head = 0
    }
    if (this.counts.size > this.best.length) this.best = [...this.counts.keys()]
  }
}

/** A run of names in ascending order: the candidate applet table. */
interface TableRun {
  names: string[]
  known: number
  tokens: number
  last: string
  lastKnown: string
  /** An unknown name waiting for the next known one to show it sorted between its neighbours. */
  pending: string | undefined
}

function newRun(): TableRun {
  return { names: [], known: 0, tokens: 0, last: '', lastKnown: '', pending: undefined }
}

export class ExecContentScanner {
  private offset = 0
  private carry = ''
  private readonly header = Buffer.alloc(HEADER_BYTES)
  private headerBytes = 0
  /** Absolute offset up to which tokens were taken (none is counted twice across windows). */
  private tokenFloor = 0
  /** Absolute end of the last token of the open region; -1 when no region is open. */
  private regionEnd = -1
  private run = newRun()
  private bestRun: TableRun | undefined
  private readonly builtins = new DistinctWindow(TABLE_WINDOW)
  private readonly keywords = new DistinctWindow(TABLE_WINDOW)
  private readonly variables = new DistinctWindow(VARIABLE_WINDOW)
  private busyboxVersion: string | undefined
  private toyboxVersion: string | undefined
  private packerMark: string | undefined
  private markerFloor = 0
  private readonly expansionErrors = new Set<string>()

  write(chunk: Buffer): void {
    if (this.headerBytes < HEADER_BYTES) this.headerBytes += chunk.copy(this.header, this.headerBytes)
    // Pieces small enough for V8's young generation: strings of a whole 512 KiB read chunk went to the
    // large-object space, and collecting them cost more than the scan.
    for (let at = 0; at < chunk.length; at += PIECE_BYTES) {
      const end = Math.min(chunk.length, at + PIECE_BYTES)
      const base = this.offset - this.carry.length
      const text = this.carry + chunk.toString('latin1', at, end)
      this.offset += end - at
      // Markers are strings among strings: a piece without a single name (code, compressed data) has none.
      if (this.scanNames(text, base)) this.scanMarkers(text, base)
      this.carry = text.length > CARRY_BYTES ? text.slice(text.length - CARRY_BYTES) : text
    }
  }

  end(): ExecContent {
    this.closeRegion()
    const content: ExecContent = {}
    const multiCall = this.multiCall()
    if (multiCall) content.multiCall = multiCall
    const shell = this.shell()
    if (shell) content.shell = shell
    const packed = this.packed()
    if (packed) content.packed = packed
    return content
  }

  /** Takes the names of every region in the text; true when there was one. */
  private scanNames(text: string, base: number): boolean {
    const floor = this.tokenFloor
    let from = Math.max(0, this.tokenFloor - base)
    if (this.regionEnd >= 0) from = this.scanRegion(text, base, from)
    while (from < text.length) {
      ANCHOR.lastIndex = from
      const anchor = ANCHOR.exec(text)
      if (!anchor) break
      from = this.scanRegion(text, base, Math.max(anchor.index - REGION_BACK, this.tokenFloor - base, 0))
      if (from <= anchor.index) from = anchor.index + 1
    }
    return this.tokenFloor !== floor
  }

  /** Takes tokens from `from` until names stop (gap) or the text ends; returns where the anchor search resumes. */
  private scanRegion(text: string, base: number, from: number): number {
    TOKEN.lastIndex = from
    for (;;) {
      const token = TOKEN.exec(text)
      if (!token) {
        // The region may go on in the next chunk while its last name is close to the end.
        if (this.regionEnd >= 0 && base + text.length - this.regionEnd > REGION_GAP) this.closeRegion()
        return text.length
      }
      const start = base + token.index
      if (this.regionEnd >= 0 && start - this.regionEnd > REGION_GAP) {
        this.closeRegion()
        return token.index
      }
      const end = start + token[0].length
      this.tokenFloor = end
      this.regionEnd = end
      this.take(start, token[1], token[2])
    }
  }

  private take(position: number, prefix: string, name: string): void {
    const kind = VOCABULARY.get(name) ?? 0
    if (kind & BUILTIN) this.builtins.add(position, name)
    if (kind & KEYWORD) this.keywords.add(position, name)
    if (kind & VARIABLE) this.variables.add(position, name)
    if (prefix === '' && !(kind & VARIABLE) && name.charCodeAt(0) >= 0x5b)
      this.tableToken(name, (kind & APPLET) !== 0)
  }

  /** Follows the ascending run of applet names; unknown names count when they sort between known neighbours. */
  private tableToken(name: string, known: boolean): void {
    const run = this.run
    run.tokens++
    if (!known) {
      if (name > run.last) run.pending = name
      return
    }
    if (name <= run.lastKnown) {
      this.endRun()
      this.run.tokens = 1
      this.addToRun(this.run, name)
      return
    }
    if (
      run.pending !== undefined &&
      run.pending > run.lastKnown &&
      run.pending < name &&
      run.names.length < MAX_TABLE_NAMES
    )
      run.names.push(run.pending)
    this.addToRun(run, name)
  }

  private addToRun(run: TableRun, name: string): void {
    run.pending = undefined
    if (run.names.length < MAX_TABLE_NAMES) run.names.push(name)
    run.known++
    run.last = name
    run.lastKnown = name
  }

  private endRun(): void {
    if (!this.bestRun || this.run.known > this.bestRun.known) this.bestRun = this.run
    this.run = newRun()
  }

  private closeRegion(): void {
    this.regionEnd = -1
    this.endRun()
  }

  private scanMarkers(text: string, base: number): void {
    MARKERS.lastIndex = Math.max(0, this.markerFloor - base)
    for (const marker of text.matchAll(MARKERS)) {
      // A marker cut at the end of the text is matched whole in the next window.
      if (marker.index + marker[0].length + 8 > text.length && text.length > CARRY_BYTES) break
      this.markerFloor = base + marker.index + marker[0].length
      if (marker[1] !== undefined) this.busyboxVersion ??= marker[1]
      else if (marker[2] !== undefined) this.toyboxVersion ??= marker[2]
      else if (marker[3] !== undefined) this.packerMark ??= marker[3]
      else this.expansionErrors.add(marker[4].toLowerCase())
    }
  }

  private multiCall(): MultiCallInfo | undefined {
    const run = this.bestRun
    const table = run && run.known >= MIN_TABLE_APPLETS && run.known * 2 >= run.tokens ? run : undefined
    if (!table && this.busyboxVersion === undefined && this.toyboxVersion === undefined) return undefined
    const applets = table ? [...new Set(table.names)].sort() : []
    // BusyBox keeps its names in one NUL-separated string; toybox puts each command's option string after
    // its name, so a third or more of the names in its run are not applets.
    const kind =
      this.busyboxVersion !== undefined
        ? 'busybox'
        : this.toyboxVersion !== undefined || (table !== undefined && table.known * 10 < table.tokens * 9)
          ? 'toybox'
          : 'busybox'
    const version = (kind === 'busybox' ? this.busyboxVersion : this.toyboxVersion) ?? ''
    return { kind, version, applets }
  }

  private shell(): ShellContentInfo | undefined {
    const builtins = this.builtins.best
    const keywords = this.keywords.best
    const variables = this.variables.best
    const passed =
      Number(builtins.length >= SHELL_THRESHOLDS.builtins) +
      Number(keywords.length >= SHELL_THRESHOLDS.keywords) +
      Number(variables.length >= SHELL_THRESHOLDS.variables)
    if (passed < 2 || this.expansionErrors.size === 0) return undefined
    return {
      builtins: builtins.sort(),
      keywords: keywords.sort(),
      variables: variables.sort(),
      messages: [...this.expansionErrors].sort()
    }
  }

  private packed(): PackedInfo | undefined {
    const header = this.header.subarray(0, this.headerBytes)
    if (
      header.length >= 11 &&
      header[8] === 0x41 &&
      header[9] === 0x49 &&
      (header[10] === 1 || header[10] === 2)
    )
      return { packer: 'AppImage', evidence: `AppImage type ${header[10]} mark in the ELF identification` }
    if (header.indexOf('UPX!') >= 0)
      return { packer: 'UPX', evidence: "UPX's l_info mark (UPX!) after the program headers" }
    if (this.packerMark !== undefined)
      return { packer: this.packerMark, evidence: `"This file is packed with the ${this.packerMark}" mark` }
    const shape = unpackerShape(header)
    return shape ? { packer: '', evidence: shape } : undefined
  }
}

/**
 * The shape every self-unpacking ELF needs: no section headers, and a loadable segment that reserves far
 * more memory than it carries from the file, to unpack into. No linker output has both.
 */
function unpackerShape(header: Buffer): string | undefined {
  if (header.length < 52) return undefined
  const wide = header[4] === 2
  const little = header[5] !== 2
  const u16 = (at: number) => (little ? header.readUInt16LE(at) : header.readUInt16BE(at))
  const u32 = (at: number) => (little ? header.readUInt32LE(at) : header.readUInt32BE(at))
  const word = (at: number) =>
    wide ? Number(little ? header.readBigUInt64LE(at) : header.readBigUInt64BE(at)) : u32(at)
  if (wide && header.length < 64) return undefined
  const sectionCount = u16(wide ? 0x3c : 0x30)
  const sectionOffset = word(wide ? 0x28 : 0x20)
  if (sectionCount !== 0 && sectionOffset !== 0) return undefined
  const programOffset = word(wide ? 0x20 : 0x1c)
  const entrySize = u16(wide ? 0x36 : 0x2a)
  const count = u16(wide ? 0x38 : 0x2c)
  if (entrySize < (wide ? 56 : 32)) return undefined
  for (let index = 0; index < count; index++) {
    const at = programOffset + index * entrySize
    if (at + entrySize > header.length) break
    if (u32(at) !== 1) continue
    const fileSize = word(at + (wide ? 0x20 : 0x10))
    const memorySize = word(at + (wide ? 0x28 : 0x14))
    if (memorySize >= 8 * fileSize && memorySize - fileSize >= 64 * 1024)
      return `no section headers, and a segment that reserves ${memorySize} bytes of memory for ${fileSize} bytes of file`
  }
  return undefined
}

/** Scans a whole file at once (tests, tools); the reader streams through ExecContentScanner instead. */
export function scanExecContent(content: Buffer, chunkBytes = 64 * 1024): ExecContent {
  const scanner = new ExecContentScanner()
  for (let at = 0; at < content.length; at += chunkBytes) scanner.write(content.subarray(at, at + chunkBytes))
  return scanner.end()
}
