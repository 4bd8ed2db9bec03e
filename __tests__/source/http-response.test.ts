// The one HTTP/1.1 response reader (the engine's socket and the registry client), pushed reads as a
// socket hands them over: the status line and headers within their limits, Content-Length, chunked
// (extensions, trailers) and close-delimited bodies split at every boundary, bodies handed back as views
// of each read, and every way a response can be cut or malformed.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { HttpResponse } from '../../src/source/http-response.js'

interface Read {
  status: number
  body: string
  headers: Map<string, string>
  finished: boolean
}

/** Pushes `answer` in reads of `piece` bytes, then ends it, as a connection that closes. */
function read(answer: string | Buffer, piece = 7, response = new HttpResponse('the server')): Read {
  const bytes = Buffer.from(answer)
  const pieces: Buffer[] = []
  for (let at = 0; at < bytes.length && !response.finished; at += piece)
    for (const view of response.push(bytes.subarray(at, at + piece))) pieces.push(Buffer.from(view))
  const finished = response.finished
  response.end()
  return {
    status: response.status,
    body: Buffer.concat(pieces).toString(),
    headers: response.headers,
    finished
  }
}

/** `body` framed in chunks of the given sizes (the rest in one more), each line with `extension`. */
function chunked(body: string, sizes: number[], extension = '', trailers = ''): string {
  let out = ''
  let at = 0
  for (const size of [...sizes, body.length]) {
    const data = body.slice(at, at + size)
    at += data.length
    if (data.length > 0) out += `${data.length.toString(16)}${extension}\r\n${data}\r\n`
  }
  return `${out}0${extension}\r\n${trailers}\r\n`
}

const CHUNKED_HEAD = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n'

describe('HttpResponse: the head', () => {
  it('reads the status and headers, names in any case, repeated values joined', () => {
    const { status, headers } = read('HTTP/1.1 201 Created\r\nX-Test: a\r\nx-test:  b \r\nNo-Colon\r\n\r\n')
    expect(status).toBe(201)
    expect(headers.get('x-test')).toBe('a, b')
    const response = new HttpResponse('the server')
    response.push(Buffer.from('HTTP/1.0 200 OK\r\nContent-Type: x/y\r\nContent-Length: 0\r\n\r\n'))
    expect(response.header('CONTENT-TYPE')).toBe('x/y')
    expect(response.header('absent')).toBeNull()
  })

  it('skips interim answers, whatever headers they carry', () => {
    const { status, body, headers } = read(
      'HTTP/1.1 100 Continue\r\nContent-Length: 0\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n' +
        'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello',
      3
    )
    expect({ status, body, link: headers.get('link') }).toEqual({
      status: 200,
      body: 'hello',
      link: undefined
    })
  })

  it('refuses a head over its limit, with or without its end in sight', () => {
    const endless = new HttpResponse('the server')
    expect(() => endless.push(Buffer.alloc(70 * 1024, 0x41))).toThrow('endless response head')
    const long = `HTTP/1.1 200 OK\r\nX-Big: ${'b'.repeat(2000)}\r\n\r\n`
    const small = new HttpResponse('the engine', { maxHeadBytes: 1024, maxChunkLineBytes: 1024 })
    expect(() => small.push(Buffer.from(long))).toThrow('the engine sent an endless response head')
    // The same head within the limit, in pieces that add up past it only with the body.
    const fits = new HttpResponse('the engine', { maxHeadBytes: 4096, maxChunkLineBytes: 1024 })
    expect(
      read(`${long.replace('\r\n\r\n', '\r\nContent-Length: 3000\r\n\r\n')}${'x'.repeat(3000)}`, 1500, fits)
    ).toMatchObject({ status: 200, body: 'x'.repeat(3000) })
  })

  it('refuses what is not HTTP/1.x, quoting its first line printably', () => {
    expect(() => read('SSH-2.0-OpenSSH\r\n\r\n')).toThrow(
      'the server did not answer in HTTP/1.1: "SSH-2.0-OpenSSH"'
    )
    expect(() => read('HTTP/2 200\x1b[2J\r\n\r\n')).toThrow(
      /did not answer in HTTP\/1\.1: "HTTP\/2 200\\x1b\[2J"/
    )
  })

  it('refuses a Content-Length that is not one plain number', () => {
    for (const length of ['-1', '0x10', '1e3', '5, 6', '', '12a', '9'.repeat(16)])
      expect(() => read(`HTTP/1.1 200 OK\r\nContent-Length: ${length}\r\n\r\n`)).toThrow(
        'the server sent a bad Content-Length'
      )
  })
})

describe('HttpResponse: bodies', () => {
  it('Content-Length: exactly that many bytes, the rest of the read ignored', () => {
    for (const piece of [1, 2, 7, 100])
      expect(read('HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello worldGARBAGE', piece)).toMatchObject({
        body: 'hello world',
        finished: true
      })
  })

  it('no body for 204, 304 and Content-Length: 0', () => {
    for (const head of [
      'HTTP/1.1 204 No Content',
      'HTTP/1.1 304 Not Modified',
      'HTTP/1.1 200 OK\r\nContent-Length: 0'
    ])
      expect(read(`${head}\r\n\r\nnot a body`)).toMatchObject({ body: '', finished: true })
  })

  it('a body delimited by the connection closing', () => {
    expect(read('HTTP/1.0 200 OK\r\n\r\nuntil close', 4)).toMatchObject({
      body: 'until close',
      finished: false
    })
  })

  it('chunked with extensions (bare, valued, quoted, after spaces) and a Content-Length it overrides', () => {
    const body = 'hello world, in pieces'
    for (const extension of ['', ';ext', ';ext=1', ';a="b;c";d', ' ; ext = 1'])
      for (const piece of [1, 3, 64])
        expect(
          read(
            `HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n${chunked(body, [5, 1, 7], extension)}`,
            piece
          )
        ).toMatchObject({ body, finished: true })
  })

  it('chunked with trailers: read past, the body ends at the empty line after them', () => {
    const answer =
      CHUNKED_HEAD + chunked('abc', [1], '', 'Trailer-One: x\r\nDigest: sha-256=zz\r\n') + 'AFTER'
    for (const piece of [1, 5, 1000])
      expect(read(answer, piece)).toMatchObject({ body: 'abc', finished: true })
  })

  it('refuses trailers past the head limit, and an endless chunk-size line', () => {
    const limits = { maxHeadBytes: 256, maxChunkLineBytes: 64 }
    const trailers = Array.from({ length: 40 }, (_, i) => `T${i}: ${'v'.repeat(10)}\r\n`).join('')
    expect(() =>
      read(CHUNKED_HEAD + chunked('abc', [], '', trailers), 9, new HttpResponse('the engine', limits))
    ).toThrow('the engine sent endless trailers')
    expect(() =>
      read(
        `${CHUNKED_HEAD}3;${'e'.repeat(100)}\r\nabc\r\n0\r\n\r\n`,
        9,
        new HttpResponse('the engine', limits)
      )
    ).toThrow('the engine sent a malformed chunk')
  })

  it('refuses malformed chunk sizes', () => {
    const bad = new HttpResponse('the server')
    expect(() => bad.push(Buffer.from(`${CHUNKED_HEAD}zz\r\n`))).toThrow('the server sent a malformed chunk')
    for (const size of ['+5', '-5', '5x', '', ';ext', '0x5', '1'.repeat(14)])
      expect(() => read(`${CHUNKED_HEAD}${size}\r\nhello\r\n0\r\n\r\n`)).toThrow(
        'the server sent a malformed chunk'
      )
  })

  it('hands the body back as views of the reads pushed, one per chunk in a read, never joined', () => {
    const response = new HttpResponse('the engine')
    const first = Buffer.from(`${CHUNKED_HEAD}3\r\nabc\r\n`)
    response.push(first)
    const second = Buffer.from('4\r\ndefg\r\n2\r\nhi\r\n0\r\n\r\n')
    const views = response.push(second)
    expect(views.map((view) => view.toString())).toEqual(['defg', 'hi'])
    for (const view of views) expect(view.buffer).toBe(second.buffer)
    expect(response.finished).toBe(true)
  })

  it('any body, chunked or not, comes back whole for any split of the reads', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 300 }),
        fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 10 }),
        fc.integer({ min: 1, max: 50 }),
        fc.boolean(),
        (body, sizes, piece, useChunks) => {
          const bytes = Buffer.from(body).toString('latin1')
          const answer = useChunks
            ? CHUNKED_HEAD + chunked(bytes, sizes, ';x=1', 'T: v\r\n')
            : `HTTP/1.1 200 OK\r\nContent-Length: ${Buffer.byteLength(bytes, 'latin1')}\r\n\r\n${bytes}`
          const result = read(Buffer.from(answer, 'latin1'), piece)
          expect(Buffer.from(result.body).equals(Buffer.from(body))).toBe(true)
          expect(result.finished).toBe(true)
        }
      )
    )
  })
})

/** What `run` throws. */
function thrown(run: () => unknown): unknown {
  try {
    run()
  } catch (error) {
    return error
  }
  throw new Error('nothing was thrown')
}

describe('HttpResponse: early EOF', () => {
  const cutAt = (answer: string, at: number) => () => read(answer.slice(0, at))

  it('no answer, or half a head: ECONNRESET-coded, so a caller may retry', () => {
    expect(thrown(() => read(''))).toMatchObject({
      code: 'ECONNRESET',
      message: 'the server closed the connection without an answer'
    })
    expect(cutAt('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello', 20)).toThrow('without an answer')
    expect(cutAt('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n', 30)).toThrow('without an answer')
  })

  it('a body cut anywhere: inside the data, a size line, the CRLF after data, or the trailers', () => {
    const length = 'HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world'
    expect(thrown(cutAt(length, length.length - 1))).toMatchObject({
      code: 'ECONNRESET',
      message: 'the server closed the connection before the body ended'
    })
    const answer = CHUNKED_HEAD + chunked('hello world', [5], ';e', 'T: v\r\n')
    for (let at = CHUNKED_HEAD.length; at < answer.length; at++)
      expect(thrown(cutAt(answer, at))).toMatchObject({
        code: 'ECONNRESET',
        message: expect.stringContaining('before the body ended')
      })
    expect(read(answer).body).toBe('hello world')
  })
})
