// `docker save` straight from a local engine's API socket (GET /images/get, what the CLI itself calls).
// Through the CLI every byte is copied once more and reaches us in 64 KiB reads of a socket pair; read
// from the engine's socket, 1.1 GiB arrives ~1 s sooner with half the CPU (docs/benchmarks.md). The
// HTTP/1.1 response is read by hand: Node's HTTP client hands the body over in ~49,000 pieces, which
// cost more than the CLI's copy saved. Whatever cannot be reached this way is left to the CLI.
import { existsSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import path from 'node:path'

const DEFAULT_SOCKET = '/var/run/docker.sock'
/** Connection failures where the CLI, with its own configuration and messages, takes over. */
const CLI_TAKES_OVER = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'EPERM', 'ENOTSOCK'])
const MAX_HEAD_BYTES = 64 * 1024
const MAX_ERROR_BODY_BYTES = 64 * 1024

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
  const connection = connect(socket)
  // Kept from the start: a refused connection fails before anyone reads, and must not go unheard.
  let connectionError: NodeJS.ErrnoException | undefined
  connection.on('error', (error: NodeJS.ErrnoException) => (connectionError ??= error))
  let killed = false
  let cli: Save | undefined
  connection.write(
    `GET /images/get?names=${encodeURIComponent(reference)} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n`
  )
  async function* body(): AsyncGenerator<Buffer> {
    const response = new ResponseReader()
    try {
      for await (const read of connection as AsyncIterable<Buffer>) {
        const bytes = response.push(read)
        if (bytes) yield bytes
        if (response.finished) break
      }
      if (connectionError) throw connectionError
      response.end()
      settle.resolve()
    } catch (thrown) {
      const error = connectionError ?? thrown
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
      connection.destroy()
    }
  }
  return {
    stdout: body(),
    exited,
    kill: () => {
      killed = true
      // Handed over to the CLI: its outcome (often why it could not start) is this save's.
      if (cli) return cli.kill()
      connection.destroy()
      settle.reject(new Error('stopped by the reader'))
    }
  }
}

/**
 * One HTTP/1.1 response, pushed as it arrives: the head is checked, then the body is handed back
 * (de-chunked when `Transfer-Encoding: chunked`). An error status is read whole and thrown as an
 * EngineRefusal; a body cut short is an error at `end()`.
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

  push(read: Buffer): Buffer | undefined {
    this.before = false
    let bytes = read
    if (this.head) {
      const head = Buffer.concat([this.head, read])
      const end = head.indexOf('\r\n\r\n')
      if (end < 0) {
        if (head.length > MAX_HEAD_BYTES) throw new Error('the engine sent an endless response head')
        this.head = head
        return undefined
      }
      this.head = undefined
      this.readHead(head.toString('latin1', 0, end))
      bytes = head.subarray(end + 4)
    }
    const body = this.chunked ? this.dechunk(bytes) : this.plain(bytes)
    if (this.status === 200 || !body) return body
    if (this.errorBytes < MAX_ERROR_BODY_BYTES) this.errorBody.push(body)
    this.errorBytes += body.length
    if (this.finished) this.refuse()
    return undefined
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

  private plain(bytes: Buffer): Buffer | undefined {
    if (this.remaining < 0) return bytes.length > 0 ? bytes : undefined
    const kept = bytes.subarray(0, this.remaining)
    this.remaining -= kept.length
    if (this.remaining === 0) this.finished = true
    return kept.length > 0 ? kept : undefined
  }

  private dechunk(bytes: Buffer): Buffer | undefined {
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
    if (pieces.length === 0) return undefined
    return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces)
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
