// `docker save` straight from a local engine's API socket (GET /images/get, what the CLI itself calls).
// Through the CLI every byte is copied once more and reaches us in 64 KiB reads of a socket pair. Here
// the socket is read into one reused buffer and the HTTP/1.1 body is de-chunked into views of it: joining
// the engine's 32 KiB chunks per read cost 0.4 s on 1.1 GiB and a fresh buffer per read 0.2 s of garbage
// collection, CPU taken from an engine that needs both cores while it sends (docs/benchmarks.md). Node's
// HTTP client hands the body over in ~49,000 fresh pieces: slower than the CLI. Whatever cannot be
// reached this way is left to the CLI.
import { existsSync, readFileSync } from 'node:fs'
import { type Socket, connect } from 'node:net'
import path from 'node:path'

const DEFAULT_SOCKET = '/var/run/docker.sock'
/** Connection failures where the CLI, with its own configuration and messages, takes over. */
const CLI_TAKES_OVER = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'EPERM', 'ENOTSOCK'])
const MAX_HEAD_BYTES = 64 * 1024
const MAX_ERROR_BODY_BYTES = 64 * 1024
/** The engine writes 32 KiB chunks; a read takes whatever has arrived, up to this. */
const READ_BUFFER_BYTES = 1 << 20

/**
 * The engine's unix socket when the docker CLI would use it without configuration of its own:
 * DOCKER_HOST=unix://…, or no DOCKER_HOST, no DOCKER_CONTEXT, no current context in the CLI's config
 * and the default socket present. Contexts, TCP, SSH and TLS are the CLI's business: undefined.
 */
export function engineSocket(env: NodeJS.ProcessEnv, home: string): string | undefined {
  const host = env.DOCKER_HOST
  if (host)
    return host.startsWith('unix://') && !env.DOCKER_TLS_VERIFY ? host.slice('unix://'.length) : undefined
  if (env.DOCKER_CONTEXT && env.DOCKER_CONTEXT !== 'default') return undefined
  try {
    const configFile = path.join(env.DOCKER_CONFIG || path.join(home, '.docker'), 'config.json')
    const config = JSON.parse(readFileSync(configFile, 'utf8')) as { currentContext?: unknown }
    if (config.currentContext !== undefined && config.currentContext !== 'default') return undefined
  } catch {
    // No config (or one the CLI would refuse as well): the CLI would use the default socket.
  }
  return existsSync(DEFAULT_SOCKET) ? DEFAULT_SOCKET : undefined
}

/** The engine answered with an error status; `message` is its own explanation. */
export class EngineRefusal extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

export interface Save {
  /** The archive's bytes. A chunk may be overwritten once the next one is asked for. */
  stdout: AsyncIterable<Buffer>
  /** Settles once the archive has arrived whole; rejects with why it did not. */
  exited: Promise<void>
  kill(): void
}

/**
 * Streams `reference`'s archive from the engine at `socket`. When nothing can be reached there,
 * `fallback` (the CLI) is started instead and its output and outcome become this save's.
 */
export function engineSave(reference: string, socket: string, fallback: () => Save): Save {
  let settle!: { resolve: () => void; reject: (error: unknown) => void }
  const exited = new Promise<void>((resolve, reject) => (settle = { resolve, reject }))
  exited.catch(() => undefined)
  const reads = new SocketReads(socket)
  let killed = false
  let cli: Save | undefined
  reads.write(
    `GET /images/get?names=${encodeURIComponent(reference)} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n`
  )
  async function* body(): AsyncGenerator<Buffer> {
    const response = new ResponseReader()
    try {
      for (let read = await reads.next(); read; read = await reads.next()) {
        for (const piece of response.push(read)) yield piece
        if (response.finished) break
      }
      response.end()
      settle.resolve()
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (!killed && response.before && code !== undefined && CLI_TAKES_OVER.has(code)) {
        cli = fallback()
        cli.exited.then(settle.resolve, settle.reject)
        yield* cli.stdout
        return
      }
      // As with the CLI, the output just ends; `exited` says why.
      settle.reject(killed ? new Error('stopped by the reader') : error)
    } finally {
      reads.destroy()
    }
  }
  return {
    stdout: body(),
    exited,
    kill: () => {
      killed = true
      // Handed over to the CLI: its outcome (often why it could not start) is this save's.
      if (cli) return cli.kill()
      reads.destroy()
      settle.reject(new Error('stopped by the reader'))
    }
  }
}

/**
 * A unix socket read one read at a time into one reused buffer (net's `onread`): the socket stops
 * reading after each read and starts again when the next is asked for, so a read stays intact until then.
 */
class SocketReads {
  private readonly socket: Socket
  /** A read not yet handed out (the first may come before anyone asks; later ones only when asked). */
  private ready: Buffer | undefined
  private ended = false
  /** Kept from the start: a refused connection fails before anyone reads, and must not go unheard. */
  private failure: Error | undefined
  private wake: (() => void) | undefined

  constructor(path: string) {
    const buffer = Buffer.allocUnsafe(READ_BUFFER_BYTES)
    const callback = (bytes: number): boolean => {
      this.ready = buffer.subarray(0, bytes)
      this.wakeReader()
      return false
    }
    this.socket = connect({ path, onread: { buffer, callback } })
    this.socket.on('error', (error) => {
      this.failure ??= error
      this.wakeReader()
    })
    // 'close' without 'end' (destroyed): the response is judged by what arrived.
    for (const event of ['end', 'close']) {
      this.socket.on(event, () => {
        this.ended = true
        this.wakeReader()
      })
    }
  }

  write(request: string): void {
    this.socket.write(request)
  }

  /** The next read, or undefined at the end of the connection. */
  async next(): Promise<Buffer | undefined> {
    if (!this.ready && !this.failure && !this.ended) {
      await new Promise<void>((resolve) => {
        this.wake = resolve
        this.socket.resume()
      })
    }
    if (this.failure) throw this.failure
    const read = this.ready
    this.ready = undefined
    return read
  }

  destroy(): void {
    this.socket.destroy()
  }

  private wakeReader(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }
}

/**
 * One HTTP/1.1 response, pushed as it arrives: the head is checked, then the body is handed back as
 * views of each read (de-chunked when `Transfer-Encoding: chunked`: one view per chunk, never joined).
 * An error status is read whole and thrown as an EngineRefusal; a body cut short is an error at `end()`.
 */
class ResponseReader {
  /** Nothing of the response has arrived yet. */
  before = true
  finished = false
  private head: Buffer | undefined = Buffer.alloc(0)
  private status = 0
  private chunked = false
  /** Body bytes still to come: in this chunk (chunked) or in the whole body (Content-Length), or -1. */
  private remaining = -1
  private state: 'size' | 'data' | 'data-end' | 'trailer' = 'size'
  private sizeLine = ''
  private errorBody: Buffer[] = []
  private errorBytes = 0

  /** The body bytes in `read`, as views of it (the head is copied: it may span reads). */
  push(read: Buffer): Buffer[] {
    this.before = false
    let bytes = read
    if (this.head) {
      const head = Buffer.concat([this.head, read])
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) {
        if (head.length > MAX_HEAD_BYTES) throw new Error('the engine sent an endless response head')
        this.head = head
        return []
      }
      this.head = undefined
      this.readHead(head.toString('latin1', 0, end))
      bytes = head.subarray(end + 4)
    }
    const body = this.chunked ? this.dechunk(bytes) : this.plain(bytes)
    if (this.status === 200) return body
    for (const piece of body) {
      // A copy: the read's buffer is reused.
      if (this.errorBytes < MAX_ERROR_BODY_BYTES) this.errorBody.push(Buffer.from(piece))
      this.errorBytes += piece.length
    }
    if (this.finished) this.refuse()
    return []
  }

  end(): void {
    if (this.head) throw new Error('the engine closed the connection without an answer')
    if (this.status !== 200) this.refuse()
    if (!this.finished && (this.chunked || this.remaining >= 0)) throw new Error('the engine stopped sending')
  }

  private readHead(text: string): void {
    const lines = text.split('\r\n')
    const status = /^HTTP\/1\.[01] (\d{3})/.exec(lines[0] ?? '')
    if (!status) throw new Error(`the engine answered "${(lines[0] ?? '').slice(0, 80)}"`)
    this.status = Number(status[1])
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
      if (this.state === 'size' || this.state === 'trailer') {
        const newline = bytes.indexOf(10, at)
        const line = bytes.toString('latin1', at, newline < 0 ? bytes.length : newline)
        if (this.sizeLine.length + line.length > 1024) throw new Error('the engine sent a malformed chunk')
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
        if (!Number.isSafeInteger(size) || size < 0) throw new Error('the engine sent a malformed chunk')
        this.remaining = size
        this.state = size === 0 ? 'trailer' : 'data'
      } else if (this.state === 'data') {
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

  private refuse(): never {
    const text = Buffer.concat(this.errorBody).toString('utf8').trim()
    let message = text
    try {
      const parsed = JSON.parse(text) as { message?: unknown }
      if (typeof parsed.message === 'string') message = parsed.message
    } catch {
      // Not JSON: the text as it is.
    }
    throw new EngineRefusal(this.status, message.slice(0, 500))
  }
}
