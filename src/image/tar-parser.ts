// A synchronous push parser for tar streams: feed chunks, get headers and body bytes.
// All state lives in named fields; body bytes are handed over as views, never copied.
import { LimitError } from '../common/errors.js'
import { limitFlag } from './limits.js'
import { printableName } from './safe-path.js'
import {
  BLOCK,
  type PaxRecords,
  type RawHeader,
  type TarEntryKind,
  TarFormatError,
  decodeHeader,
  goInt,
  isGoPaxTime,
  isHeaderOnly,
  isZeroBlock,
  parsePaxRecords
} from './tar-header.js'
import { decodeTarText } from './tar-text.js'

export interface TarEntryHeader {
  /** Name after PAX and GNU long-name overrides, as written (not normalised); see tar-text.ts for bytes. */
  name: string
  kind: TarEntryKind | 'unknown'
  /** The type flag as Go's archive/tar reports it: '\0' becomes '0', or '5' for a name ending in '/'. */
  typeflag: string
  mode: number
  /** NaN where the archive's number is no safe integer. */
  uid: number
  gid: number
  /** Body bytes of a regular file (0 for links, directories, devices); the size field otherwise. */
  size: number
  linkname: string
  /** Extended attributes a rule reads (SCHILY.xattr.* PAX records of KEPT_XATTRS), when there are any. */
  xattrs?: Map<string, Buffer>
  /** A device's numbers: overlayfs reads a 0:0 character device as a whiteout. */
  devMajor: number
  devMinor: number
  /** Byte offset of this entry's header block in the stream. */
  offset: number
  /** Byte offset of the first body byte. */
  bodyOffset: number
}

/** Linux file capabilities (struct vfs_cap_data): privileges granted at exec, as setuid grants them. */
export const CAPABILITY_XATTR = 'security.capability'

/** Extended attributes kept on entry headers: file capabilities, which grant privileges as setuid does. */
export const KEPT_XATTRS: ReadonlySet<string> = new Set([CAPABILITY_XATTR])

/**
 * Extended attributes overlayfs itself reads (opaque, redirect, metacopy, …), kept so that the layer
 * can be refused: set from a layer, they change what a container on overlay2 sees.
 */
export const OVERLAY_XATTR = /^(trusted|user)\.overlay\./

/** Go's archive/tar refuses a PAX header or GNU long name/link body over 1 MiB (maxSpecialFileSize). */
export const GO_MAX_META_BYTES = 1 << 20

/**
 * Receives one entry's body; `end` is called after the last byte. Chunks are views of the
 * reader's buffers, which may be reused after `write` returns: a sink that keeps bytes copies them.
 */
export interface BodySink {
  write(chunk: Buffer): void
  end(): void
  /** How many of the next body bytes this sink does not need (a file reader may seek past them). */
  skippable?(): number
  /** The next `length` body bytes went by unread. */
  skip?(length: number): void
}

export interface TarVisitor {
  /** Returns a sink for the body, or undefined to skip it. */
  entry(header: TarEntryHeader): BodySink | undefined
}

export interface TarParserLimits {
  /** Largest PAX header or GNU long name/link body kept in memory (at most GO_MAX_META_BYTES are read). */
  maxMetaBytes: number
}

const enum State {
  Header,
  Body,
  MetaBody,
  Padding,
  Ended
}

export class TarParser {
  private state = State.Header
  private position = 0
  private readonly headerBlock = Buffer.alloc(BLOCK)
  private headerFill = 0
  private bodyRemaining = 0
  private paddingRemaining = 0
  private sink: BodySink | undefined
  private metaHeader: RawHeader | undefined
  private metaChunks: Buffer[] = []
  private entryStart = 0
  /** A zero block was read: the next block must be zero too (the end) or the input must end. */
  private zeroBlockSeen = false
  // What meta headers said about the next entry. As in Go, a later PAX header replaces an earlier
  // one whole, and an empty GNU long name means "none" (it still replaces an earlier one).
  private pendingPax: PaxRecords | undefined
  private pendingLongName: string | undefined
  private pendingLongLink: string | undefined

  constructor(
    private readonly visitor: TarVisitor,
    private readonly limits: TarParserLimits = { maxMetaBytes: 1 << 20 }
  ) {}

  /** Bytes consumed so far. */
  get bytesRead(): number {
    return this.position
  }

  get ended(): boolean {
    return this.state === State.Ended
  }

  push(chunk: Buffer): void {
    let offset = 0
    while (offset < chunk.length) {
      switch (this.state) {
        case State.Header: {
          const take = Math.min(BLOCK - this.headerFill, chunk.length - offset)
          if (take === BLOCK) {
            offset += take
            this.position += take
            this.onHeader(chunk, offset - BLOCK)
          } else {
            chunk.copy(this.headerBlock, this.headerFill, offset, offset + take)
            this.headerFill += take
            offset += take
            this.position += take
            if (this.headerFill === BLOCK) {
              this.headerFill = 0
              this.onHeader(this.headerBlock, 0)
            }
          }
          break
        }
        case State.Body: {
          const take = Math.min(this.bodyRemaining, chunk.length - offset)
          if (this.sink) this.sink.write(chunk.subarray(offset, offset + take))
          offset += take
          this.position += take
          this.bodyRemaining -= take
          if (this.bodyRemaining === 0) this.finishBody()
          break
        }
        case State.MetaBody: {
          const take = Math.min(this.bodyRemaining, chunk.length - offset)
          this.metaChunks.push(Buffer.from(chunk.subarray(offset, offset + take)))
          offset += take
          this.position += take
          this.bodyRemaining -= take
          if (this.bodyRemaining === 0) this.finishMeta()
          break
        }
        case State.Padding: {
          const take = Math.min(this.paddingRemaining, chunk.length - offset)
          offset += take
          this.position += take
          this.paddingRemaining -= take
          if (this.paddingRemaining === 0) this.state = State.Header
          break
        }
        case State.Ended:
          // Anything after the end-of-archive marker is padding (tar writes to a record boundary).
          this.position += chunk.length - offset
          return
      }
    }
  }

  /** Bytes from the current position that no sink needs: a reader with random access may skip them. */
  skippable(): number {
    if (this.state !== State.Body) return 0
    if (!this.sink) return this.bodyRemaining
    return this.sink.skippable ? Math.min(this.bodyRemaining, this.sink.skippable()) : 0
  }

  /** Advances past `length` body bytes (at most `skippable()`) without reading them. */
  skip(length: number): void {
    if (length <= 0) return
    if (this.state !== State.Body || length > this.bodyRemaining)
      throw new Error('tar parser: skip outside a body')
    this.sink?.skip?.(length)
    this.position += length
    this.bodyRemaining -= length
    if (this.bodyRemaining === 0) this.finishBody()
  }

  /**
   * Call at end of input: throws when the stream stopped inside a header, a PAX or long-name body,
   * or a file body. As in Go, input may also end at a block boundary without the two zero blocks,
   * or inside the padding after the last body; meta headers with no entry after them are dropped.
   */
  end(): void {
    if (this.state === State.Ended) return
    if (this.state === State.Padding || (this.state === State.Header && this.headerFill === 0)) {
      this.state = State.Ended
      return
    }
    if (this.state === State.Header) {
      throw new TarFormatError(
        `stream ends inside a header that starts at byte ${this.position - this.headerFill}`
      )
    }
    const where = this.state === State.MetaBody ? 'the body of the meta header' : 'the body of the entry'
    throw new TarFormatError(`stream ends inside ${where} that starts at byte ${this.entryStart}`)
  }

  /** The header block is the 512 bytes at `at` in `block` (a chunk of input, or the block assembled from pieces). */
  private onHeader(block: Buffer, at: number): void {
    this.entryStart = this.position - BLOCK
    if (isZeroBlock(block, at)) {
      if (this.zeroBlockSeen) this.state = State.Ended
      this.zeroBlockSeen = true
      return
    }
    if (this.zeroBlockSeen) {
      throw new TarFormatError(
        `invalid tar header at byte ${this.entryStart}: a header after a zero block (one zero block ends nothing, two end the archive)`
      )
    }
    let raw: RawHeader
    try {
      raw = decodeHeader(block, at)
    } catch (error) {
      throw new TarFormatError(`invalid tar header at byte ${this.entryStart}: ${(error as Error).message}`)
    }
    if (raw.size < 0 && !isHeaderOnly(raw.typeflag)) {
      throw new TarFormatError(`invalid tar header at byte ${this.entryStart}: negative size ${raw.size}`)
    }
    if (
      raw.kind === 'pax' ||
      raw.kind === 'pax-global' ||
      raw.kind === 'gnu-long-name' ||
      raw.kind === 'gnu-long-link'
    ) {
      this.startMeta(raw)
      return
    }
    if (raw.kind === 'sparse') {
      throw new TarFormatError(
        `entry ${printableName(raw.name)} at byte ${this.entryStart} is a GNU sparse file (type 'S'), which is not read`
      )
    }
    const header = this.applyOverrides(raw)
    // Only regular files and unknown types carry bodies: Go ignores the size of links, directories, devices.
    const bodyBytes = isHeaderOnly(header.typeflag) ? 0 : header.size
    if (!Number.isSafeInteger(bodyBytes) || bodyBytes < 0) {
      throw new TarFormatError(
        `invalid tar header at byte ${this.entryStart}: entry ${printableName(header.name)} has size ${Number.isNaN(bodyBytes) ? 'past 2^53' : bodyBytes}`
      )
    }
    if (header.kind !== 'file') header.size = bodyBytes
    this.sink = this.visitor.entry(header)
    this.bodyRemaining = bodyBytes
    this.paddingRemaining = padding(bodyBytes)
    if (this.bodyRemaining > 0) this.state = State.Body
    else this.finishBody()
  }

  private startMeta(raw: RawHeader): void {
    const limit = Math.min(this.limits.maxMetaBytes, GO_MAX_META_BYTES)
    if (!(raw.size <= limit)) {
      const size = Number.isNaN(raw.size) ? 'over 2^53' : String(raw.size)
      const message = `${raw.kind} header at byte ${this.entryStart} is ${size} bytes, over the limit of ${limit}`
      if (!(raw.size <= GO_MAX_META_BYTES)) {
        throw new TarFormatError(`${message}, the most Go's archive/tar (and so Docker) reads`)
      }
      throw new LimitError(`${message} (limit ${limitFlag('maxTarMetaBytes')})`)
    }
    this.metaHeader = raw
    this.metaChunks = []
    this.bodyRemaining = raw.size
    this.paddingRemaining = padding(raw.size)
    this.state = raw.size > 0 ? State.MetaBody : State.Header
    if (raw.size === 0) this.finishMeta()
  }

  /** Go's order: the header's fields, then the PAX records (an empty value changes nothing), then GNU long names. */
  private applyOverrides(raw: RawHeader): TarEntryHeader {
    const header: TarEntryHeader = {
      name: raw.name,
      kind: raw.kind as TarEntryKind | 'unknown',
      typeflag: raw.typeflag,
      mode: raw.mode,
      uid: raw.uid,
      gid: raw.gid,
      size: raw.size,
      linkname: raw.linkname,
      devMajor: raw.devMajor,
      devMinor: raw.devMinor,
      offset: this.entryStart,
      bodyOffset: this.position
    }
    if (this.pendingPax !== undefined) this.applyPax(header, this.pendingPax)
    if (this.pendingLongName) header.name = this.pendingLongName
    if (this.pendingLongLink) header.linkname = this.pendingLongLink
    this.pendingPax = undefined
    this.pendingLongName = undefined
    this.pendingLongLink = undefined
    if (header.typeflag === '\0') {
      // Legacy archives mark directories with a trailing slash (Go's TypeRegA promotion).
      const dir = header.name.endsWith('/')
      header.typeflag = dir ? '5' : '0'
      header.kind = dir ? 'dir' : 'file'
    }
    return header
  }

  private applyPax(header: TarEntryHeader, records: PaxRecords): void {
    for (const [key, value] of records) {
      if (key.startsWith('GNU.sparse.')) {
        // Go rebuilds GNU sparse files (PAX 0.x and 1.0) from a map; the gate does not read sparse data.
        throw new TarFormatError(
          `entry ${printableName(header.name)} at byte ${this.entryStart} is a GNU sparse file (PAX ${key}), which is not read`
        )
      }
      if (value.length === 0) continue
      switch (key) {
        case 'path':
          header.name = decodeTarText(value, 0, value.length)
          break
        case 'linkpath':
          header.linkname = decodeTarText(value, 0, value.length)
          break
        case 'uid':
          header.uid = this.paxInt(key, value)
          break
        case 'gid':
          header.gid = this.paxInt(key, value)
          break
        case 'size':
          header.size = this.paxInt(key, value)
          break
        case 'atime':
        case 'mtime':
        case 'ctime':
          if (!isGoPaxTime(value.toString('latin1'))) throw this.invalidPax(key, value)
          break
        default:
          if (key.startsWith('SCHILY.xattr.')) {
            const name = decodeTarText(Buffer.from(key, 'latin1'), 13, key.length)
            if (KEPT_XATTRS.has(name) || OVERLAY_XATTR.test(name))
              (header.xattrs ??= new Map()).set(name, Buffer.from(value))
          }
      }
    }
  }

  private paxInt(key: string, value: Buffer): number {
    const parsed = goInt(value.toString('latin1'))
    if (parsed === undefined) throw this.invalidPax(key, value)
    return parsed
  }

  private invalidPax(key: string, value: Buffer): TarFormatError {
    return new TarFormatError(
      `invalid PAX ${key} "${printableName(value.toString('latin1', 0, 40))}" for entry at byte ${this.entryStart}`
    )
  }

  private finishMeta(): void {
    const header = this.metaHeader as RawHeader
    const body = this.metaChunks.length === 1 ? this.metaChunks[0] : Buffer.concat(this.metaChunks)
    this.metaChunks = []
    try {
      if (header.kind === 'pax') this.pendingPax = parsePaxRecords(body)
      else if (header.kind === 'pax-global') {
        // Go returns a global header as an entry of its own, which Docker and containerd ignore: its
        // records apply to nothing, and meta headers before it are lost. They are checked, then dropped.
        parsePaxRecords(body)
        this.pendingPax = undefined
        this.pendingLongName = undefined
        this.pendingLongLink = undefined
      } else {
        const nul = body.indexOf(0)
        const text = decodeTarText(body, 0, nul < 0 ? body.length : nul)
        if (header.kind === 'gnu-long-name') this.pendingLongName = text
        else this.pendingLongLink = text
      }
    } catch (error) {
      if (!(error instanceof TarFormatError)) throw error
      throw new TarFormatError(`invalid tar header at byte ${this.entryStart}: ${error.message}`)
    }
    this.state = this.paddingRemaining > 0 ? State.Padding : State.Header
  }

  private finishBody(): void {
    const sink = this.sink
    this.sink = undefined
    if (sink) sink.end()
    this.state = this.paddingRemaining > 0 ? State.Padding : State.Header
  }
}

export function padding(size: number): number {
  const rest = size % BLOCK
  return rest === 0 ? 0 : BLOCK - rest
}
