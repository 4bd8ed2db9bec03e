// One HTTP/1.1 response read by hand, pushed a read at a time: the head is parsed, then the body is
// handed back as views of each read (de-chunked when `Transfer-Encoding: chunked`: one view per chunk,
// never joined), so a body of gigabytes costs no copy and no garbage. Node's HTTP client hands a body
// over in fresh pieces of its own (docs/benchmarks.md: slower than the docker CLI for `docker save`).
const MAX_HEAD_BYTES = 64 * 1024
const MAX_CHUNK_LINE = 1024

export class HttpResponse {
  /** Nothing of the response has arrived yet. */
  before = true
  /** The head has been read: `status` and `headers` hold it. */
  headRead = false
  /** The whole body has arrived (by its length, its last chunk, or an empty body). */
  finished = false
  status = 0
  private head: Buffer | undefined = Buffer.alloc(0)
  private chunked = false
  /** Body bytes still to come: in this chunk (chunked) or in the whole body (Content-Length), or -1. */
  private remaining = -1
  private state: 'size' | 'data' | 'data-end' | 'trailer' = 'size'
  private sizeLine = ''

  /** @param peer who answers, for messages ("the engine") */
  constructor(private readonly peer: string) {}

  /** The body bytes in `read`, as views of it (the head is copied: it may span reads). */
  push(read: Buffer): Buffer[] {
    this.before = false
    let bytes = read
    if (this.head) {
      const head = Buffer.concat([this.head, read])
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) {
        if (head.length > MAX_HEAD_BYTES) throw new Error(`${this.peer} sent an endless response head`)
        this.head = head
        return []
      }
      this.head = undefined
      this.readHead(head.toString('latin1', 0, end))
      bytes = head.subarray(end + 4)
    }
    return this.chunked ? this.dechunk(bytes) : this.plain(bytes)
  }

  /** At the end of the connection: throws when the answer or its body was cut short. */
  end(): void {
    if (this.head) throw new Error(`${this.peer} closed the connection without an answer`)
    if (!this.finished && (this.chunked || this.remaining >= 0))
      throw new Error(`${this.peer} stopped sending`)
  }

  private readHead(text: string): void {
    const lines = text.split('\r\n')
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')
    if (!status) throw new Error(`${this.peer} answered "${(lines[0] ?? '').slice(0, 80)}"`)
    this.status = Number(status[1])
    this.headRead = true
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':')
      const name = line.slice(0, colon).trim().toLowerCase()
      const value = line.slice(colon + 1).trim()
      if (name === 'transfer-encoding' && /chunked/i.test(value)) this.chunked = true
      if (name === 'content-length') this.remaining = Number(value)
    }
    if (!this.chunked && this.remaining === 0) this.finished = true
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
    if (this.sizeLine.length + line.length > MAX_CHUNK_LINE)
      throw new Error(`${this.peer} sent a malformed chunk`)
    this.sizeLine += line
    if (newline < 0) return bytes.length
    const text = this.sizeLine.trim()
    this.sizeLine = ''
    if (this.state === 'trailer') {
      if (text === '') this.finished = true
      return newline + 1
    }
    const size = Number.parseInt(text.split(';')[0], 16)
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`${this.peer} sent a malformed chunk`)
    this.remaining = size
    this.state = size === 0 ? 'trailer' : 'data'
    return newline + 1
  }
}
