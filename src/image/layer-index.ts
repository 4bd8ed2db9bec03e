// Turns one layer's tar entries into normalised LayerEntry records as they stream past,
// keeping only the bytes the capture predicate asks for and what executables say about themselves.
import { LimitError } from '../common/errors.js'
import { ExecContentScanner } from './exec-content.js'
import { EXEC_HEAD_BYTES, execInfoFromHead } from './exec-info.js'
import { type ReadLimits, limitFlag } from './limits.js'
import { baseName, normalisePath, parentPath, printableName } from './safe-path.js'
import {
  type BodySink,
  CAPABILITY_XATTR,
  OVERLAY_XATTR,
  type TarEntryHeader,
  type TarVisitor
} from './tar-parser.js'
import { TarFormatError } from './tar-header.js'
import { LayerEntryTable } from './layer-table.js'
import { tarTextByteLength } from './tar-text.js'
import type { CapturePredicate, ExecInfo, LayerEntry } from './types.js'

const WHITEOUT_PREFIX = '.wh.'
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
    if (!isLinuxId(header.uid) || !isLinuxId(header.gid)) {
      // chown(2) takes -1 as "leave unchanged" and the kernel cuts larger ids to 32 bits.
      throw new TarFormatError(
        `entry ${printableName(header.name)} at byte ${header.offset} has uid ${header.uid} and gid ${header.gid}: a Linux owner is 0 to ${MAX_LINUX_ID}`
      )
    }
    const path = normalisePath(header.name)
    const name = baseName(path)
    if (name.startsWith(WHITEOUT_PREFIX)) {
      const dir = parentPath(path)
      let target: string | undefined
      if (name === OPAQUE_MARKER) {
        target = dir
        this.entries.push({ path: dir, type: 'opaque', mode: 0, uid: 0, gid: 0, size: 0 })
      } else if (!name.startsWith(`${WHITEOUT_PREFIX}${WHITEOUT_PREFIX}`)) {
        target = dir === '/' ? `/${name.slice(4)}` : `${dir}/${name.slice(4)}`
        this.entries.push({ path: target, type: 'whiteout', mode: 0, uid: 0, gid: 0, size: 0 })
      }
      // Other .wh..wh.* names are aufs bookkeeping, which Docker skips too.
      // The caps apply to the path removed: Docker's own whiteout of a 255-byte name is 259 bytes long.
      if (target !== undefined) this.charge(this.pathBytes(target, header.offset, 'path'), target, header)
      return undefined
    }
    if (header.xattrs) {
      for (const key of header.xattrs.keys()) {
        // overlayfs reads these on a layer's own files (redirect=/gone makes a whited-out directory
        // show again under another name): Docker's overlay2 applies them, vfs and umoci do not. Refused.
        if (OVERLAY_XATTR.test(key)) {
          throw new TarFormatError(
            `entry ${printableName(path)} at byte ${header.offset} sets the extended attribute ${printableName(key)}, which overlayfs reads to decide what a container sees`
          )
        }
      }
    }
    let bytes = this.pathBytes(path, header.offset, 'path')
    let linkTarget: string | undefined
    if (header.kind === 'symlink') {
      linkTarget = header.linkname
      const targetBytes = tarTextByteLength(linkTarget)
      if (targetBytes > this.limits.maxLinkTargetBytes) {
        throw new LimitError(
          `symlink at byte ${header.offset} has a target of ${targetBytes} bytes, over the limit of ${this.limits.maxLinkTargetBytes} (limit ${limitFlag('maxLinkTargetBytes')}; Linux refuses targets of 4096 bytes and more)`
        )
      }
      bytes += targetBytes
    } else if (header.kind === 'hardlink') {
      linkTarget = normalisePath(header.linkname)
      bytes += this.pathBytes(linkTarget, header.offset, 'hard link target')
    }
    if (header.xattrs) for (const [key, value] of header.xattrs) bytes += key.length + value.length
    this.charge(bytes, path, header)
    const entry: LayerEntry = {
      path,
      // A 0:0 character device is how overlayfs marks a whiteout, wherever it comes from.
      type:
        header.kind === 'char' && header.devMajor === 0 && header.devMinor === 0
          ? 'device-whiteout'
          : header.kind,
      mode: header.mode & 0o7777,
      uid: header.uid,
      gid: header.gid,
      size: header.kind === 'file' ? header.size : 0
    }
    if (linkTarget !== undefined) entry.linkTarget = linkTarget
    // File capabilities matter only where a file is executed: regular files, and the hard links whose
    // unpack sets them on the file (already charged with the other xattrs above).
    const capability = header.xattrs?.get(CAPABILITY_XATTR)
    if (capability && (header.kind === 'file' || header.kind === 'hardlink')) entry.capability = capability
    const row = this.entries.push(entry)
    if (header.kind !== 'file' || header.size === 0) return undefined
    this.contentSize += header.size
    const captureBytes = Math.min(this.capture(path, header.size), this.limits.maxCaptureBytes)
    this.bodyRow = row
    this.fileSink.reset(path, header.size, captureBytes)
    return this.fileSink
  }

  /** Inline rather than retain(): no message closure per entry on this hot path. */
  private charge(bytes: number, path: string, header: TarEntryHeader): void {
    this.budget.retainedBytes = (this.budget.retainedBytes ?? 0) + bytes
    if (this.budget.retainedBytes > this.limits.maxRetainedBytes) {
      retain(this.budget, this.limits, 0, () => `entry ${printableName(path)} at byte ${header.offset}`)
    }
  }

  /**
   * The bytes of a normalised path as the archive wrote them (see tar-text.ts), refused past the
   * path or link-target cap or with a component past the component cap, as Linux refuses them.
   */
  private pathBytes(path: string, offset: number, what: 'path' | 'hard link target'): number {
    const { maxPathComponentBytes } = this.limits
    const flag = what === 'path' ? 'maxPathBytes' : 'maxLinkTargetBytes'
    const max = this.limits[flag]
    let bytes = 1
    let componentStart = 1
    let componentBytes = 0
    for (let i = 1; i <= path.length; i++) {
      const unit = i < path.length ? path.charCodeAt(i) : 0x2f
      if (unit === 0x2f) {
        if (componentBytes > maxPathComponentBytes) {
          throw new LimitError(
            `entry at byte ${offset} has a ${what} component "${printableName(path.slice(componentStart, componentStart + 40))}…" of ${componentBytes} bytes, over the limit of ${maxPathComponentBytes} (limit ${limitFlag('maxPathComponentBytes')}; Linux refuses names over 255 bytes)`
          )
        }
        if (i < path.length) bytes++
        componentStart = i + 1
        componentBytes = 0
        continue
      }
      let unitBytes = 1
      if (unit >= 0x80) {
        const next = i + 1 < path.length ? path.charCodeAt(i + 1) : 0
        const pair = unit >= 0xd800 && unit <= 0xdbff && next >= 0xdc00 && next <= 0xdfff
        unitBytes = tarTextByteLength(path, i, pair ? i + 2 : i + 1)
        if (pair) i++
      }
      bytes += unitBytes
      componentBytes += unitBytes
    }
    if (bytes > max) {
      throw new LimitError(
        `entry at byte ${offset} has a ${what} of ${bytes} bytes, over the limit of ${max} (limit ${limitFlag(flag)}; Linux refuses paths of 4096 bytes and more)`
      )
    }
    return bytes
  }
}

const MAX_LINUX_ID = 0xfffffffe

function isLinuxId(id: number): boolean {
  return id >= 0 && id <= MAX_LINUX_ID && Number.isInteger(id)
}

/**
 * Keeps the captured prefix, recognises executables from the first bytes, and streams every ELF file
 * through a content scanner (multi-call tables, shell tables, packers) that keeps a bounded carry, never
 * the file.
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
  private scanner: ExecContentScanner | undefined

  constructor(
    /** Receives what the body said, once it has gone by. */
    private readonly finished: (
      content: Buffer | undefined,
      truncated: boolean,
      exec: ExecInfo | undefined
    ) => void,
    /** Charges what a file keeps (captured bytes, applet and builtin names) to the read's memory budget. */
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
    this.scanner = undefined
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
      // Only ELF files are scanned further: most files stop here.
      if (this.scanner && copied < chunk.length) this.scanner.write(chunk.subarray(copied))
      return
    }
    if (this.scanner) this.scanner.write(chunk)
  }

  skippable(): number {
    const done = this.decided && this.scanner === undefined && this.keptBytes >= this.captureBytes
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
    if (this.exec && this.scanner) {
      const { multiCall, shell, packed } = this.scanner.end()
      const names = [...(multiCall?.applets ?? []), ...(shell?.builtins ?? [])]
      if (names.length > 0)
        this.retain(
          names.reduce((sum, name) => sum + name.length + 16, 0),
          this.path
        )
      if (multiCall) this.exec.multiCall = multiCall
      if (shell) this.exec.shell = shell
      if (packed) this.exec.packed = packed
    }
    this.finished(content, content !== undefined && this.keptBytes < this.size, this.exec)
    this.scanner = undefined
    this.kept = []
  }

  private decide(): void {
    this.decided = true
    const head = this.headBytes === EXEC_HEAD_BYTES ? this.head : this.head.subarray(0, this.headBytes)
    this.exec = execInfoFromHead(head)
    if (this.exec?.format !== 'elf') return
    this.scanner = new ExecContentScanner()
    this.scanner.write(head)
  }
}
