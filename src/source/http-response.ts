// The one HTTP/1.1 response reader, for the engine's socket and the registry client alike, pushed a
// read at a time: the status line and headers are parsed (within limits), then the body is handed back
// as views of each read (Content-Length, chunked with one view per chunk and never joined, or until the
// connection closes), so a body of gigabytes costs no copy and no garbage. Node's HTTP client and fetch
// hand a body over in fresh pieces of their own (docs/benchmarks.md: slower for both).
import { printableName } from '../common/printable.js'

export interface HttpResponseLimits {
  /** The status line and headers together, and the trailers together. */
  maxHeadBytes: number
  /** One chunk-size line, extensions included. */
  maxChunkLineBytes: number
}

export const DEFAULT_HTTP_LIMITS: HttpResponseLimits = { maxHeadBytes: 64 * 1024, maxChunkLineBytes: 1024 }

/** Chunk sizes past 2^52 are refused: the body length must stay an exact number. */
const CHUNK_SIZE = /^[0-9a-fA-F]{1,13}$/

export class HttpResponse {
  /** Nothing of the response has arrived yet. */
  before = true
  /** The final head has been read (interim 1xx answers skipped): `status` and `headers` hold it. */
  headRead = false
  /** The whole body has arrived (by its length, its last chunk and trailers, or an empty body). */
  finished = false
  status = 0
  /** Header names in lower case; a repeated header's values joined with ", ". */
  readonly headers = new Map<string, string>()
  private head: Buffer | undefined = Buffer.alloc(0)
  private chunked = false
  /** Body bytes still to come: in this chunk (chunked) or in the whole body (Content-Length), or -1. */
  private remaining = -1
  private state: 'size' | 'data' | 'data-end' | 'trailer' = 'size'
  private line = ''
  private trailerBytes = 0

  /** @param peer who answers, for messages ("the engine", "the server") */
  constructor(
    private readonly peer: string,
    private readonly limits: HttpResponseLimits = DEFAULT_HTTP_LIMITS
  ) {}

  header(name: string): string | null {
    return this.headers.get(name.toLowerCase()) ?? null
  }

  /** The body bytes in `read`, as views of it (the head is copied: it may span reads). */
  push(read: Buffer): Buffer[] {
    this.before = false
    let bytes = read
    if (this.head) {
      const head = Buffer.concat([this.head, read])
      const end = head.indexOf('\r\n\r\n')
      if (end > this.limits.maxHeadBytes || (end < 0 && head.length > this.limits.maxHeadBytes))
        throw new Error(`${this.peer} sent an endless response head`)
      if (end < 0) {
        this.head = head
        return []
      }
      this.readHead(head.toString('latin1', 0, end))
      bytes = head.subarray(end + 4)
      // An interim answer (100 Continue, 103 Early Hints) is followed by the real one.
      if (this.status >= 100 && this.status < 200) {
        this.head = Buffer.alloc(0)
        return bytes.length > 0 ? this.push(bytes) : []
      }
      this.head = undefined
      this.headRead = true
      if (this.finished) return []
    }
    return this.chunked ? this.dechunk(bytes) : this.plain(bytes)
  }

  /** At the end of the connection: throws (ECONNRESET-coded, so a caller may retry) when it came short. */
  end(): void {
    if (!this.headRead) throw cut(`${this.peer} closed the connection without an answer`)
    if (!this.finished && (this.chunked || this.remaining >= 0))
      throw cut(`${this.peer} closed the connection before the body ended`)
    this.finished = true
  }

  private readHead(text: string): void {
    const lines = text.split('\r\n')
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')
    if (!status)
      throw new Error(
        `${this.peer} did not answer in HTTP/1.1: "${printableName((lines[0] ?? '').slice(0, 80), 120)}"`
      )
    this.status = Number(status[1])
    this.headers.clear()
    this.chunked = false
    this.remaining = -1
    this.finished = false
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':')
      if (colon <= 0) continue
      const name = line.slice(0, colon).trim().toLowerCase()
      const value = line.slice(colon + 1).trim()
      const earlier = this.headers.get(name)
      this.headers.set(name, earlier === undefined ? value : `${earlier}, ${value}`)
    }
    this.chunked = /chunked/i.test(this.headers.get('transfer-encoding') ?? '')
    const length = this.headers.get('content-length')
    if (!this.chunked && length !== undefined) {
      if (!/^\d{1,15}$/.test(length)) throw new Error(`${this.peer} sent a bad Content-Length`)
      this.remaining = Number(length)
    }
    const interim = this.status < 200
    if (!interim && (this.status === 204 || this.status === 304 || (!this.chunked && this.remaining === 0)))
      this.finished = true
  }

  private plain(bytes: Buffer): Buffer[] {
    if (this.remaining < 0) return bytes.length > 0 ? [bytes] : []
    const kept = bytes.subarray(0, this.remaining)
    this.remaining -= kept.length
    if (this.remaining === 0) this.finished = true
    return kept.length > 0 ? [kept] : []
  }

  private dechunk(bytes: Buffer): Buffer[] {
    const pieces: Buffer[] = []
    let at = 0
    while (at < bytes.length && !this.finished) {
      if (this.state === 'size' || this.state === 'trailer') at = this.chunkLine(bytes, at)
      else if (this.state === 'data') {
        const take = Math.min(this.remaining, bytes.length - at)
        pieces.push(bytes.subarray(at, at + take))
        at += take
        this.remaining -= take
        if (this.remaining === 0) this.state = 'data-end'
      } else {
        // The CRLF after a chunk's data.
        const newline = bytes.indexOf(10, at)
        if (newline < 0) break
        at = newline + 1
        this.state = 'size'
      }
    }
    return pieces
  }

  /** Reads a chunk-size or trailer line from `at` (it may span reads); returns where reading goes on. */
  private chunkLine(bytes: Buffer, at: number): number {
    const newline = bytes.indexOf(10, at)
    const line = bytes.toString('latin1', at, newline < 0 ? bytes.length : newline)
    // Trailers are bounded as a head is; a chunk-size line on its own.
    if (this.state === 'trailer') {
      this.trailerBytes += line.length + 1
      if (this.trailerBytes > this.limits.maxHeadBytes) throw new Error(`${this.peer} sent endless trailers`)
    } else if (this.line.length + line.length > this.limits.maxChunkLineBytes)
      throw new Error(`${this.peer} sent a malformed chunk`)
    this.line += line
    if (newline < 0) return bytes.length
    const text = this.line.trim()
    this.line = ''
    if (this.state === 'trailer') {
      if (text === '') this.finished = true
      return newline + 1
    }
    // chunk-size [ BWS ";" chunk-ext ]: the extensions mean nothing to us.
    const size = text.split(';')[0].trim()
    if (!CHUNK_SIZE.test(size)) throw new Error(`${this.peer} sent a malformed chunk`)
    this.remaining = Number.parseInt(size, 16)
    this.state = this.remaining === 0 ? 'trailer' : 'data'
    return newline + 1
  }
}

function cut(message: string): Error {
  return Object.assign(new Error(message), { code: 'ECONNRESET' })
}
