// One HTTP/1.1 request over a plain or TLS socket, its answer read into one reused buffer (the
// socket's `onread`) and handed out as views of it, a read at a time, as the consumer asks: the
// technique docker/engine.ts uses for the engine's socket. Node's fetch was measured first
// (docs/benchmarks.md): every 64 KiB of a blob came as a fresh buffer and a web-stream step, streaming
// 1 GiB took twice as long, most of it garbage collection over the reader's index, and loading fetch
// alone added 20 MB to the peak memory. One connection per request (Connection: close); no HTTP proxy.
import { errorMessage } from '../common/errors.js'
import { type Socket, connect as connectTcp } from 'node:net'
import type { ConnectionOptions } from 'node:tls'

const READ_BUFFER_BYTES = 256 * 1024
const MAX_HEAD_BYTES = 64 * 1024

/** An answer whose body is read as it is consumed; each piece is valid until the next is asked for. */
export interface StreamedAnswer {
  status: number
  header(name: string): string | null
  body: AsyncIterable<Buffer>
  cancel(): Promise<void>
}

export interface Http1Request {
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
  signal?: AbortSignal
}

export async function http1Request(url: URL, request: Http1Request): Promise<StreamedAnswer> {
  const reads = new SocketReads(url)
  const onAbort = () => reads.destroy(request.signal?.reason)
  request.signal?.addEventListener('abort', onAbort, { once: true })
  const body = request.body === undefined ? undefined : Buffer.from(request.body)
  const headers = Object.entries({
    ...request.headers,
    host: url.host,
    connection: 'close',
    ...(body ? { 'content-length': String(body.length) } : {})
  })
    .filter(([, value]) => !/[\r\n]/.test(value))
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('')
  reads.write(`${request.method} ${url.pathname}${url.search} HTTP/1.1\r\n${headers}\r\n`)
  if (body) reads.write(body)
  const response = new ResponseFraming()
  let first: Buffer[] = []
  try {
    while (!response.headReady) {
      const read = await reads.next()
      if (!read)
        throw Object.assign(new Error('the server closed the connection without an answer'), {
          code: 'ECONNRESET'
        })
      first = response.push(read)
    }
  } catch (error) {
    reads.destroy()
    request.signal?.removeEventListener('abort', onAbort)
    throw error
  }
  // An answer complete with its head (204, an empty body) needs its connection no longer.
  if (response.finished && first.length === 0) {
    reads.destroy()
    request.signal?.removeEventListener('abort', onAbort)
  }
  async function* answer(): AsyncGenerator<Buffer> {
    try {
      for (const piece of first) yield piece
      first = []
      while (!response.finished) {
        const read = await reads.next()
        if (!read) {
          response.end()
          break
        }
        for (const piece of response.push(read)) yield piece
      }
    } finally {
      reads.destroy()
      request.signal?.removeEventListener('abort', onAbort)
    }
  }
  const iterator = answer()
  return {
    status: response.status,
    header: (name) => response.headers.get(name.toLowerCase()) ?? null,
    body: iterator,
    cancel: async () => {
      reads.destroy()
      await iterator.return(undefined)
    }
  }
}

/**
 * A socket read one read at a time into one reused buffer: after each read the socket stops reading
 * until the next is asked for, so a read's bytes stay intact until then.
 */
class SocketReads {
  private readonly socket: Socket
  private ready: Buffer | undefined
  private ended = false
  private failure: Error | undefined
  private wake: (() => void) | undefined

  constructor(url: URL) {
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES)
    const onread = {
      buffer,
      callback: (bytes: number): boolean => {
        this.ready = buffer.subarray(0, bytes)
        this.wakeReader()
        return false
      }
    }
    const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
    this.socket =
      url.protocol === 'https:'
        ? // tls takes onread since Node 15 (nodejs/node#35753); @types/node does not list it.
          // Loaded here, for https only: importing node:tls (and crypto with it) costs every run ~15 ms.
          process.getBuiltinModule('node:tls').connect({
            host,
            port,
            servername: isIp(host) ? '' : host,
            ALPNProtocols: ['http/1.1'],
            onread
          } as ConnectionOptions)
        : connectTcp({ host, port, onread })
    this.socket.setNoDelay(true)
    this.socket.on('error', (error) => {
      this.failure ??= error
      this.wakeReader()
    })
    for (const event of ['end', 'close']) {
      this.socket.on(event, () => {
        this.ended = true
        this.wakeReader()
      })
    }
  }

  write(bytes: string | Buffer): void {
    this.socket.write(bytes)
  }

  async next(): Promise<Buffer | undefined> {
    if (!this.ready && !this.failure && !this.ended) {
      await new Promise<void>((resolve) => {
        this.wake = resolve
        this.socket.resume()
      })
    }
    const read = this.ready
    this.ready = undefined
    if (read) return read
    if (this.failure) throw this.failure
    return undefined
  }

  destroy(reason?: unknown): void {
    if (reason !== undefined)
      this.failure ??= reason instanceof Error ? reason : new Error(errorMessage(reason))
    this.socket.destroy()
    this.wakeReader()
  }

  private wakeReader(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':')
}

/**
 * The framing of one HTTP/1.1 response: the head (copied, it may span reads), then the body as views of
 * each read: Content-Length, chunked, or until the connection closes. A body cut short is an
 * ECONNRESET-coded error at `end()`, so that the caller may resume it.
 */
export class ResponseFraming {
  headReady = false
  finished = false
  status = 0
  readonly headers = new Map<string, string>()
  private head: Buffer = Buffer.alloc(0)
  private chunked = false
  private remaining = -1
  private state: 'size' | 'data' | 'data-end' | 'trailer' = 'size'
  private sizeLine = ''

  push(read: Buffer): Buffer[] {
    let bytes = read
    if (!this.headReady) {
      const head = Buffer.concat([this.head, read])
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) {
        if (head.length > MAX_HEAD_BYTES) throw new Error('the server sent an endless response head')
        this.head = head
        return []
      }
      this.readHead(head.toString('latin1', 0, end))
      bytes = head.subarray(end + 4)
      this.head = Buffer.alloc(0)
      // An interim answer (100 Continue, 103 Early Hints) is followed by the real one.
      if (this.status >= 100 && this.status < 200) {
        this.headers.clear()
        return bytes.length > 0 ? this.push(Buffer.from(bytes)) : []
      }
      this.headReady = true
    }
    return this.chunked ? this.dechunk(bytes) : this.plain(bytes)
  }

  end(): void {
    if (!this.finished && (this.chunked || this.remaining >= 0)) {
      throw Object.assign(new Error('the connection closed before the body ended'), { code: 'ECONNRESET' })
    }
    this.finished = true
  }

  private readHead(text: string): void {
    const lines = text.split('\r\n')
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')
    if (!status) throw new Error('the server did not answer in HTTP/1.1')
    this.status = Number(status[1])
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':')
      if (colon <= 0) continue
      const name = line.slice(0, colon).trim().toLowerCase()
      const value = line.slice(colon + 1).trim()
      this.headers.set(name, this.headers.has(name) ? `${this.headers.get(name) ?? ''}, ${value}` : value)
    }
    if (/chunked/i.test(this.headers.get('transfer-encoding') ?? '')) this.chunked = true
    else if (this.headers.has('content-length')) {
      const length = Number(this.headers.get('content-length'))
      if (!Number.isSafeInteger(length) || length < 0) throw new Error('the server sent a bad Content-Length')
      this.remaining = length
    }
    if (this.status === 204 || this.status === 304 || (!this.chunked && this.remaining === 0))
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
      if (this.state === 'size' || this.state === 'trailer') {
        const newline = bytes.indexOf(10, at)
        const line = bytes.toString('latin1', at, newline < 0 ? bytes.length : newline)
        if (this.sizeLine.length + line.length > 1024) throw new Error('the server sent a malformed chunk')
        this.sizeLine += line
        if (newline < 0) break
        at = newline + 1
        const text = this.sizeLine.trim()
        this.sizeLine = ''
        if (this.state === 'trailer') {
          if (text === '') this.finished = true
          continue
        }
        const size = Number.parseInt(text.split(';')[0], 16)
        if (!Number.isSafeInteger(size) || size < 0 || !/^[0-9a-fA-F]+/.test(text)) {
          throw new Error('the server sent a malformed chunk')
        }
        this.remaining = size
        this.state = size === 0 ? 'trailer' : 'data'
      } else if (this.state === 'data') {
        const take = Math.min(this.remaining, bytes.length - at)
        pieces.push(bytes.subarray(at, at + take))
        at += take
        this.remaining -= take
        if (this.remaining === 0) this.state = 'data-end'
      } else {
        const newline = bytes.indexOf(10, at)
        if (newline < 0) break
        at = newline + 1
        this.state = 'size'
      }
    }
    return pieces
  }
}
