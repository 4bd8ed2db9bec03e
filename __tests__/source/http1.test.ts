// The hand-written HTTP/1.1 client against raw servers that answer byte by byte: Content-Length,
// chunked and close-delimited bodies split at every boundary, interim 1xx answers, and broken answers
// (a cut body must be an ECONNRESET-coded error so the caller can resume it).
import { afterEach, describe, expect, it } from '@jest/globals'
import { type AddressInfo, type Server, type Socket, createServer } from 'node:net'
import { http1Request } from '../../src/source/http1.js'

const servers: Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve))
})

/** A server that writes `answer` in pieces of `piece` bytes and then (optionally) closes. */
async function serve(answer: Buffer, piece = 7, close = true): Promise<{ url: URL; requests: string[] }> {
  const requests: string[] = []
  const server = createServer((socket: Socket) => {
    const respond = async (request: Buffer) => {
      requests.push(request.toString('latin1'))
      for (let at = 0; at < answer.length; at += piece) {
        socket.write(answer.subarray(at, at + piece))
        await new Promise((resolve) => setImmediate(resolve))
      }
      if (close) socket.end()
    }
    socket.once('data', (request: Buffer) => void respond(request))
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return { url: new URL(`http://127.0.0.1:${port}/v2/x/blobs/sha256:abc?q=1`), requests }
}

async function bodyOf(url: URL): Promise<{ status: number; body: string; header: string | null }> {
  const answer = await http1Request(url, { method: 'GET', headers: { accept: 'x/y' } })
  const pieces: Buffer[] = []
  // A copy of each piece: the client reuses its buffer.
  for await (const piece of answer.body) pieces.push(Buffer.from(piece))
  return { status: answer.status, body: Buffer.concat(pieces).toString(), header: answer.header('X-Test') }
}

describe('http1Request', () => {
  it('Content-Length, split everywhere; the request line and headers', async () => {
    const { url, requests } = await serve(
      Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-Test: a\r\nX-Test: b\r\n\r\nhello world')
    )
    expect(await bodyOf(url)).toEqual({ status: 200, body: 'hello world', header: 'a, b' })
    expect(requests[0]).toMatch(/^GET \/v2\/x\/blobs\/sha256:abc\?q=1 HTTP\/1\.1\r\n/)
    expect(requests[0]).toContain(`host: ${url.host}\r\n`)
    expect(requests[0]).toContain('connection: close\r\n')
  })

  it('chunked with extensions and trailers, and an interim 100 Continue first', async () => {
    const { url } = await serve(
      Buffer.from(
        'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 206 Partial Content\r\nTransfer-Encoding: chunked\r\n\r\n' +
          '5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nTrailer: x\r\n\r\n'
      ),
      3,
      false
    )
    expect(await bodyOf(url)).toEqual({ status: 206, body: 'hello world', header: null })
  })

  it('a body delimited by the connection closing', async () => {
    const { url } = await serve(Buffer.from('HTTP/1.0 200 OK\r\n\r\nuntil close'))
    expect((await bodyOf(url)).body).toBe('until close')
  })

  it('a body cut short is an ECONNRESET-coded error', async () => {
    const { url } = await serve(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this'))
    await expect(bodyOf(url)).rejects.toMatchObject({ code: 'ECONNRESET' })
    const chunked = await serve(Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel'))
    await expect(bodyOf(chunked.url)).rejects.toMatchObject({ code: 'ECONNRESET' })
  })

  it('no answer at all, and an answer that is not HTTP', async () => {
    const { url } = await serve(Buffer.alloc(0))
    await expect(bodyOf(url)).rejects.toMatchObject({ code: 'ECONNRESET' })
    const garbage = await serve(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'))
    await expect(bodyOf(garbage.url)).rejects.toThrow('the server did not answer in HTTP/1.1')
  })

  it('a POST carries its body and its length', async () => {
    const { url, requests } = await serve(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}'))
    const answer = await http1Request(url, { method: 'POST', headers: {}, body: 'a=1&b=2' })
    for await (const piece of answer.body) void piece
    expect(requests[0]).toMatch(/^POST /)
    expect(requests[0]).toContain('content-length: 7\r\n')
    expect(requests[0].endsWith('\r\n\r\na=1&b=2')).toBe(true)
  })

  it('header values with line breaks are never sent', async () => {
    const { url, requests } = await serve(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'))
    const answer = await http1Request(url, { method: 'GET', headers: { authorization: 'x\r\nInjected: 1' } })
    expect(answer.status).toBe(204)
    await answer.cancel()
    expect(requests[0]).not.toContain('Injected')
  })
})
