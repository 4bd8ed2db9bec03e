// `docker save` straight from a local engine's API socket (GET /images/get, what the CLI itself calls).
// Through the CLI every byte is copied once more and reaches us in 64 KiB reads of a socket pair. Here
// the socket is read into one reused buffer (socket-reads.ts) and the HTTP/1.1 body is de-chunked into
// views of it (http-response.ts, the reader the registry client uses too): joining the engine's chunks per read, or a fresh buffer per read, took
// CPU from an engine that needs both cores while it sends (docs/benchmarks.md). Whatever cannot be
// reached this way is left to the CLI.
import { existsSync, readFileSync } from 'node:fs'
import { connect } from 'node:net'
import path from 'node:path'
import { HttpResponse } from '../http-response.js'
import { SocketReads } from '../socket-reads.js'
import type { DockerSave } from './cli-save.js'

const DEFAULT_SOCKET = '/var/run/docker.sock'
/** Connection failures where the CLI, with its own configuration and messages, takes over. */
const CLI_TAKES_OVER = new Set(['ENOENT', 'ECONNREFUSED', 'EACCES', 'EPERM', 'ENOTSOCK'])
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

/**
 * Streams `reference`'s archive from the engine at `socket`. When nothing can be reached there,
 * `fallback` (the CLI) is started instead and its output and outcome become this save's.
 */
export function engineSave(reference: string, socket: string, fallback: () => DockerSave): DockerSave {
  let settle!: { resolve: () => void; reject: (error: unknown) => void }
  const exited = new Promise<void>((resolve, reject) => (settle = { resolve, reject }))
  // Read by whoever awaits the archive; a save nobody waits for must not fail the process.
  exited.catch(() => undefined)
  const reads = new SocketReads((onread) => connect({ path: socket, onread }), READ_BUFFER_BYTES)
  let killed = false
  let cli: DockerSave | undefined
  reads.write(
    `GET /images/get?names=${encodeURIComponent(reference)} HTTP/1.1\r\nHost: docker\r\nConnection: close\r\n\r\n`
  )
  async function* body(): AsyncGenerator<Buffer> {
    const response = new EngineResponse()
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
 * The engine's answer to /images/get: the archive's bytes on 200; any other status is read whole
 * (bounded) and thrown as an EngineRefusal with the engine's own message.
 */
class EngineResponse {
  private readonly http = new HttpResponse('the engine')
  private readonly errorBody: Buffer[] = []
  private errorBytes = 0

  get before(): boolean {
    return this.http.before
  }

  get finished(): boolean {
    return this.http.finished
  }

  push(read: Buffer): Buffer[] {
    const body = this.http.push(read)
    if (!this.http.headRead || this.http.status === 200) return body
    for (const piece of body) {
      // A copy: the read's buffer is reused.
      if (this.errorBytes < MAX_ERROR_BODY_BYTES) this.errorBody.push(Buffer.from(piece))
      this.errorBytes += piece.length
    }
    if (this.http.finished) this.refuse()
    return []
  }

  end(): void {
    if (this.http.headRead && this.http.status !== 200) this.refuse()
    this.http.end()
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
    throw new EngineRefusal(this.http.status, message.slice(0, 500))
  }
}
