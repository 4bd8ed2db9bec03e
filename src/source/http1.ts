// One HTTP/1.1 request over a plain or TLS socket, its answer read into one reused buffer
// (socket-reads.ts) and handed out as views of it by the HTTP/1.1 reader (http-response.ts), a read
// at a time, as the consumer asks, as docker/engine.ts reads the engine's socket. Node's fetch was
// measured first (docs/benchmarks.md): every 64 KiB of a blob came as a fresh buffer and a web-stream
// step, streaming 1 GiB took twice as long, most of it garbage collection over the reader's index, and
// loading fetch alone added 20 MB to the peak memory. One connection per request (Connection: close);
// no HTTP proxy.
import { type OnReadOpts, type Socket, connect as connectTcp } from 'node:net'
import type { ConnectionOptions } from 'node:tls'
import { HttpResponse } from './http-response.js'
import { SocketReads } from './socket-reads.js'

const READ_BUFFER_BYTES = 256 * 1024

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
  const reads = new SocketReads(connectTo(url), READ_BUFFER_BYTES)
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
  const response = new HttpResponse('the server')
  let first: Buffer[] = []
  try {
    while (!response.headRead) {
      const read = await reads.next()
      if (!read) {
        response.end() // throws: the connection closed without an answer
        break
      }
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
    header: (name) => response.header(name),
    body: iterator,
    cancel: async () => {
      reads.destroy()
      await iterator.return(undefined)
    }
  }
}

function connectTo(url: URL): (onread: OnReadOpts) => Socket {
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80))
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname
  return (onread) => {
    const socket =
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
    socket.setNoDelay(true)
    return socket
  }
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':')
}
