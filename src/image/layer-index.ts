// Turns one layer's tar entries into normalised LayerEntry records as they stream past,
// keeping only the bytes the capture predicate asks for and what executables say about themselves.
import { LimitError } from '../errors.js'
import {
  EXEC_HEAD_BYTES,
  MARKER_OVERLAP,
  detectMultiCall,
  execInfoFromHead,
  hasMultiCallMarker
} from './exec-info.js'
import { type ReadLimits, limitFlag } from './limits.js'
import { baseName, normalisePath, parentPath, printableName } from './safe-path.js'
import type { BodySink, TarEntryHeader, TarVisitor } from './tar-parser.js'
import { TarFormatError } from './tar-header.js'
import { LayerEntryTable } from './layer-table.js'
import type { CapturePredicate, ExecInfo, LayerEntry } from './types.js'

const WHITEOUT_PREFIX = '.wh.'
/** Shared by every reset: an empty Buffer per file was a tenth of the allocations of a read. */
const EMPTY = Buffer.alloc(0)
const OPAQUE_MARKER = '.wh..wh..opq'

/** Shared across the layers of one read, so limits hold for the whole archive. */
export interface EntryBudget {
  entries: number
  /** Bytes kept in memory so far (names, link targets, captured content, applet tables, JSON). */
  retainedBytes?: number
}

/** Counts bytes the read keeps against `maxRetainedBytes`, so memory stays bounded by more than entry count. */
export function retain(budget: EntryBudget, limits: ReadLimits, bytes: number, what: () => string): void {
  budget.retainedBytes = (budget.retainedBytes ?? 0) + bytes
  if (budget.retainedBytes > limits.maxRetainedBytes) {
    throw new LimitError(
      `${what()} takes the bytes kept in memory past ${limits.maxRetainedBytes} ` +
        `(names, link targets, captured content and JSON; limit ${limitFlag('maxRetainedBytes')})`
    )
  }
}

export class LayerIndexer implements TarVisitor {
  readonly entries = new LayerEntryTable()
  contentSize = 0
  /** One sink serves every file of the layer in turn: entries arrive one at a time. */
  private readonly fileSink: FileBodySink
  /** Row of the file whose body the sink is reading. */
  private bodyRow = 0

  constructor(
    private readonly capture: CapturePredicate,
    private readonly limits: ReadLimits,
    private readonly budget: EntryBudget
  ) {
    this.fileSink = new FileBodySink(
      limits.maxScanBytes,
      (content, truncated, exec) => this.entries.setBody(this.bodyRow, content, truncated, exec),
      (bytes, path) => retain(budget, limits, bytes, () => `entry ${printableName(path)}`)
    )
  }

  entry(header: TarEntryHeader): BodySink | undefined {
    if (++this.budget.entries > this.limits.maxEntries) {
      throw new LimitError(
        `more than ${this.limits.maxEntries} entries in the image (limit ${limitFlag('maxEntries')})`
      )
    }
    if (header.kind === 'unknown') {
      // Docker refuses to unpack entry types it does not know; so do we.
      throw new TarFormatError(
        `entry ${printableName(header.name)} at byte ${header.offset} has unsupported tar type '${printableName(header.typeflag)}'`
      )
    }
    const path = normalisePath(header.name)
    const name = baseName(path)
    if (name.startsWith(WHITEOUT_PREFIX)) {
      const dir = parentPath(path)
      if (name === OPAQUE_MARKER)
        this.entries.push({ path: dir, type: 'opaque', mode: 0, uid: 0, gid: 0, size: 0 })
      else if (!name.startsWith(`${WHITEOUT_PREFIX}${WHITEOUT_PREFIX}`)) {
        const target = dir === '/' ? `/${name.slice(4)}` : `${dir}/${name.slice(4)}`
        this.entries.push({ path: target, type: 'whiteout', mode: 0, uid: 0, gid: 0, size: 0 })
      }
      // Other .wh..wh.* names are aufs bookkeeping, which Docker skips too.
      return undefined
    }
    if (path.length > this.limits.maxPathBytes) {
      throw new LimitError(
        `entry at byte ${header.offset} has a path of ${path.length} bytes, over the limit of ${this.limits.maxPathBytes} (limit ${limitFlag('maxPathBytes')})`
      )
    }
    // Inline rather than retain(): no message closure per entry on this hot path.
    this.budget.retainedBytes =
      (this.budget.retainedBytes ?? 0) +
      path.length +
      (header.kind === 'symlink' || header.kind === 'hardlink' ? header.linkname.length : 0)
    if (this.budget.retainedBytes > this.limits.maxRetainedBytes) {
      retain(this.budget, this.limits, 0, () => `entry ${printableName(path)} at byte ${header.offset}`)
    }
    const entry: LayerEntry = {
      path,
      type: header.kind,
      mode: header.mode & 0o7777,
      uid: header.uid,
      gid: header.gid,
      size: header.kind === 'file' ? header.size : 0
    }
    if (header.kind === 'symlink') entry.linkTarget = header.linkname
    if (header.kind === 'hardlink') entry.linkTarget = normalisePath(header.linkname)
    const row = this.entries.push(entry)
    if (header.kind !== 'file' || header.size === 0) return undefined
    this.contentSize += header.size
    const captureBytes = Math.min(this.capture(path, header.size), this.limits.maxCaptureBytes)
    this.bodyRow = row
    this.fileSink.reset(path, header.size, captureBytes)
    return this.fileSink
  }
}

/**
 * Keeps the captured prefix, recognises executables from the first bytes, and scans ELF files for
 * multi-call binaries: whole when small enough to hold, by marker only when larger.
 */
export class FileBodySink implements BodySink {
  private path = ''
  private size = 0
  private captureBytes = 0
  private kept: Buffer[] = []
  private keptBytes = 0
  private readonly head = Buffer.alloc(EXEC_HEAD_BYTES)
  private headBytes = 0
  private exec: ExecInfo | undefined
  private decided = false
  private elfChunks: Buffer[] | undefined
  private markerSeen = false
  private carry: Buffer = EMPTY

  constructor(
    private readonly maxScanBytes: number,
    /** Receives what the body said, once it has gone by. */
    private readonly finished: (
      content: Buffer | undefined,
      truncated: boolean,
      exec: ExecInfo | undefined
    ) => void,
    /** Charges what a file keeps (captured bytes, applet names) to the read's memory budget. */
    private readonly retain: (bytes: number, path: string) => void = () => undefined
  ) {}

  reset(path: string, size: number, captureBytes: number): void {
    this.path = path
    this.size = size
    this.captureBytes = captureBytes
    this.kept = []
    this.keptBytes = 0
    this.headBytes = 0
    this.exec = undefined
    this.decided = false
    this.elfChunks = undefined
    this.markerSeen = false
    this.carry = EMPTY
  }

  write(chunk: Buffer): void {
    if (this.keptBytes < this.captureBytes) {
      const part = chunk.subarray(0, this.captureBytes - this.keptBytes)
      this.kept.push(Buffer.from(part))
      this.keptBytes += part.length
    }
    if (!this.decided) {
      const copied = chunk.copy(this.head, this.headBytes, 0, EXEC_HEAD_BYTES - this.headBytes)
      this.headBytes += copied
      if (this.headBytes < Math.min(EXEC_HEAD_BYTES, this.size)) return
      this.decide()
      // A view of the rest only for ELF files, the ones scanned further: most files stop here.
      if (this.exec?.format === 'elf' && copied < chunk.length) this.scan(chunk.subarray(copied))
      return
    }
    if (this.exec?.format === 'elf' && chunk.length > 0) this.scan(chunk)
  }

  skippable(): number {
    const done = this.decided && this.exec?.format !== 'elf' && this.keptBytes >= this.captureBytes
    return done ? Number.MAX_SAFE_INTEGER : 0
  }

  skip(): void {
    // Only ever asked for bytes this sink said it does not need.
  }

  end(): void {
    if (!this.decided) this.decide()
    let content: Buffer | undefined
    if (this.captureBytes > 0) {
      this.retain(this.keptBytes, this.path)
      content = this.kept.length === 1 ? this.kept[0] : Buffer.concat(this.kept)
    }
    if (this.exec) {
      if (this.elfChunks) {
        const multiCall = detectMultiCall(Buffer.concat(this.elfChunks))
        if (multiCall) {
          this.retain(
            multiCall.applets.reduce((sum, applet) => sum + applet.length + 16, 0),
            this.path
          )
          this.exec.multiCall = multiCall
        }
      } else if (this.markerSeen) {
        // Too large to hold: the marker proves a multi-call binary, its applet list stays unknown.
        this.exec.multiCall = { kind: 'busybox', version: '', applets: [] }
      }
    }
    this.finished(content, content !== undefined && this.keptBytes < this.size, this.exec)
    this.elfChunks = undefined
    this.kept = []
  }

  private decide(): void {
    this.decided = true
    const head = this.headBytes === EXEC_HEAD_BYTES ? this.head : this.head.subarray(0, this.headBytes)
    this.exec = execInfoFromHead(head)
    if (this.exec?.format !== 'elf') return
    if (this.size <= this.maxScanBytes) this.elfChunks = []
    this.scan(head)
  }

  private scan(chunk: Buffer): void {
    if (this.elfChunks) this.elfChunks.push(Buffer.from(chunk))
    else if (!this.markerSeen) {
      const window = this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk
      this.markerSeen = hasMultiCallMarker(window)
      this.carry = Buffer.from(window.subarray(Math.max(0, window.length - MARKER_OVERLAP)))
    }
  }
}
