// A synchronous push parser for tar streams: feed chunks, get headers and body bytes.
// All state lives in named fields; body bytes are handed over as views, never copied.
import { LimitError } from '../errors.js'
import { limitFlag } from './limits.js'
import {
  BLOCK,
  type RawHeader,
  type TarEntryKind,
  TarFormatError,
  decodeHeader,
  isZeroBlock,
  parsePaxRecords
} from './tar-header.js'

export interface TarEntryHeader {
  /** Name after PAX and GNU long-name overrides, as written (not normalised). */
  name: string
  kind: TarEntryKind | 'unknown'
  typeflag: string
  mode: number
  uid: number
  gid: number
  size: number
  linkname: string
  /** Byte offset of this entry's header block in the stream. */
  offset: number
  /** Byte offset of the first body byte. */
  bodyOffset: number
}

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
  /** Largest PAX header or GNU long name/link body kept in memory. */
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
  private zeroBlocks = 0
  private globalPax = new Map<string, string>()
  private pendingPax: Map<string, string> | undefined
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

  /** Call at end of input: throws when the stream stopped inside an entry. */
  end(): void {
    if (this.state === State.Ended) return
    if (this.state === State.Header && this.headerFill === 0 && !this.hasPendingMeta()) {
      this.state = State.Ended
      return
    }
    if (this.state === State.Header && this.headerFill > 0) {
      throw new TarFormatError(
        `stream ends inside a header that starts at byte ${this.position - this.headerFill}`
      )
    }
    const where = this.state === State.Header ? 'a header' : 'the body of the entry'
    throw new TarFormatError(`stream ends inside ${where} that starts at byte ${this.entryStart}`)
  }

  private hasPendingMeta(): boolean {
    return (
      this.pendingPax !== undefined ||
      this.pendingLongName !== undefined ||
      this.pendingLongLink !== undefined
    )
  }

  /** The header block is the 512 bytes at `at` in `block` (a chunk of input, or the block assembled from pieces). */
  private onHeader(block: Buffer, at: number): void {
    this.entryStart = this.position - BLOCK
    if (isZeroBlock(block, at)) {
      if (++this.zeroBlocks === 2) this.state = State.Ended
      return
    }
    if (this.zeroBlocks > 0) this.zeroBlocks = 0
    let raw: RawHeader
    try {
      raw = decodeHeader(block, at)
    } catch (error) {
      throw new TarFormatError(`invalid tar header at byte ${this.entryStart}: ${(error as Error).message}`)
    }
    if (
      raw.kind === 'pax' ||
      raw.kind === 'pax-global' ||
      raw.kind === 'gnu-long-name' ||
      raw.kind === 'gnu-long-link'
    ) {
      if (raw.size > this.limits.maxMetaBytes) {
        throw new LimitError(
          `${raw.kind} header at byte ${this.entryStart} is ${raw.size} bytes, over the limit of ${this.limits.maxMetaBytes} (limit ${limitFlag('maxTarMetaBytes')})`
        )
      }
      this.metaHeader = raw
      this.metaChunks = []
      this.bodyRemaining = raw.size
      this.paddingRemaining = padding(raw.size)
      this.state = raw.size > 0 ? State.MetaBody : State.Header
      if (raw.size === 0) this.finishMeta()
      return
    }
    const header = this.applyOverrides(raw)
    this.sink = this.visitor.entry(header)
    // Only regular files carry bodies; a size on a link or directory is ignored, as GNU tar does.
    this.bodyRemaining = header.kind === 'file' || header.kind === 'unknown' ? header.size : 0
    this.paddingRemaining = padding(this.bodyRemaining)
    if (this.bodyRemaining > 0) this.state = State.Body
    else this.finishBody()
  }

  private applyOverrides(raw: RawHeader): TarEntryHeader {
    // Most archives have no PAX records at all: then no lookups on the hot path.
    const pax = this.pendingPax !== undefined || this.globalPax.size > 0
    const header: TarEntryHeader = {
      name: (pax ? this.paxValue('path') : undefined) ?? this.pendingLongName ?? raw.name,
      kind: raw.kind as TarEntryKind | 'unknown',
      typeflag: raw.typeflag,
      mode: raw.mode,
      uid: pax ? this.paxNumber('uid', raw.uid) : raw.uid,
      gid: pax ? this.paxNumber('gid', raw.gid) : raw.gid,
      size: pax ? this.paxNumber('size', raw.size) : raw.size,
      linkname: (pax ? this.paxValue('linkpath') : undefined) ?? this.pendingLongLink ?? raw.linkname,
      offset: this.entryStart,
      bodyOffset: this.position
    }
    this.pendingPax = undefined
    this.pendingLongName = undefined
    this.pendingLongLink = undefined
    return header
  }

  private paxValue(key: string): string | undefined {
    return this.pendingPax?.get(key) ?? this.globalPax.get(key)
  }

  private paxNumber(key: string, fallback: number): number {
    const text = this.paxValue(key)
    if (text === undefined) return fallback
    const parsed = Number(text)
    if (!Number.isSafeInteger(parsed) || parsed < 0) {
      throw new TarFormatError(
        `invalid PAX ${key} "${text.slice(0, 40)}" for entry at byte ${this.entryStart}`
      )
    }
    return parsed
  }

  private finishMeta(): void {
    const header = this.metaHeader as RawHeader
    const body = Buffer.concat(this.metaChunks)
    this.metaChunks = []
    if (header.kind === 'pax') this.pendingPax = parsePaxRecords(body)
    else if (header.kind === 'pax-global') {
      // Global records apply to every later entry unless a per-file record overrides them.
      for (const [key, value] of parsePaxRecords(body)) this.globalPax.set(key, value)
    } else {
      const nul = body.indexOf(0)
      const text = body.toString('utf8', 0, nul < 0 ? body.length : nul)
      if (header.kind === 'gnu-long-name') this.pendingLongName = text
      else this.pendingLongLink = text
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
