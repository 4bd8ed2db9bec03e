// docker save from the engine's API socket, against a stand-in engine (Node's HTTP server on a unix socket,
// which writes chunked bodies as an engine does): which socket is used and when the CLI is left to decide,
// the bytes whole, the engine's refusals as one clear line, a cut stream, falling back to the CLI when
// nothing listens, and stopping early.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { engineSave, engineSocket } from '../../src/source/docker/engine.js'
import { dockerSave } from '../../src/source/docker/save.js'
import { digestOf } from './support/digest.js'
import { DockerError } from '../../src/common/errors.js'

let work: string
let socket: string
let server: Server
const payload = randomBytes(3 * 1024 * 1024 + 4321)
const requests: string[] = []

function engine(request: IncomingMessage, response: ServerResponse): void {
  requests.push(request.url ?? '')
  const name = new URL(request.url ?? '', 'http://engine').searchParams.get('names')
  if (name === 'app:1') {
    response.writeHead(200, { 'Content-Type': 'application/x-tar' })
    // In pieces, as an engine streams an export.
    for (let at = 0; at < payload.length; at += 100_000) response.write(payload.subarray(at, at + 100_000))
    response.end()
  } else if (name === 'cut:1') {
    response.writeHead(200, { 'Content-Type': 'application/x-tar' })
    response.write(payload.subarray(0, 200_000), () => response.destroy())
  } else if (name === 'endless:1') {
    response.writeHead(200, { 'Content-Type': 'application/x-tar' })
    const more = () => {
      while (!response.destroyed && response.write(Buffer.alloc(65536))) {
        /* until the socket is full */
      }
      if (!response.destroyed) response.once('drain', more)
    }
    more()
  } else if (name === 'broken:1') {
    response.writeHead(500, { 'Content-Type': 'application/json' })
    response.end(JSON.stringify({ message: 'layer does not exist' }))
  } else if (name === 'long-refusal:1') {
    // An error body in many chunks: each arrives in the same reused read buffer.
    response.writeHead(500, { 'Content-Type': 'application/json' })
    const message = Array.from({ length: 400 }, (_, line) => `line ${line} of the engine's explanation`).join(
      '; '
    )
    const body = JSON.stringify({ message })
    for (let at = 0; at < body.length; at += 37) response.write(body.slice(at, at + 37))
    response.end()
  } else {
    response.writeHead(404, { 'Content-Type': 'application/json' })
    response.end(JSON.stringify({ message: `No such image: ${name}` }))
  }
}

let connections = 0
const openConnections = () => connections

beforeAll(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'ipg-engine-'))
  socket = path.join(work, 'docker.sock')
  server = createServer(engine)
  server.on('connection', (connection) => {
    connections++
    connection.on('close', () => connections--)
  })
  await new Promise<void>((resolve) => server.listen(socket, resolve))
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
  rmSync(work, { recursive: true, force: true })
})

const saved = { DOCKER_HOST: process.env.DOCKER_HOST, IPG_DOCKER: process.env.IPG_DOCKER }
afterEach(() => {
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key]
    else process.env[key] = value
  }
})

/** dockerSave with this stand-in engine as the one DOCKER_HOST names. */
function saveFromEngine(reference: string) {
  process.env.DOCKER_HOST = `unix://${socket}`
  delete process.env.IPG_DOCKER
  return dockerSave(reference)
}

describe('engineSocket', () => {
  const home = () => {
    const dir = mkdtempSync(path.join(work, 'home-'))
    mkdirSync(path.join(dir, '.docker'))
    return dir
  }

  it('uses the unix socket DOCKER_HOST names', () => {
    expect(engineSocket({ DOCKER_HOST: 'unix:///run/user/1000/docker.sock' }, home())).toBe(
      '/run/user/1000/docker.sock'
    )
  })

  it.each([
    ['TCP', { DOCKER_HOST: 'tcp://10.0.0.1:2376' }],
    ['SSH', { DOCKER_HOST: 'ssh://builder@10.0.0.1' }],
    ['TLS', { DOCKER_HOST: 'unix:///var/run/docker.sock', DOCKER_TLS_VERIFY: '1' }],
    ['a context', { DOCKER_CONTEXT: 'colima' }]
  ])('leaves %s to the CLI', (_, env) => {
    expect(engineSocket(env, home())).toBeUndefined()
  })

  it("leaves the CLI's current context to the CLI, and reads DOCKER_CONFIG for it", () => {
    const dir = home()
    writeFileSync(
      path.join(dir, '.docker', 'config.json'),
      JSON.stringify({ currentContext: 'desktop-linux' })
    )
    expect(engineSocket({}, dir)).toBeUndefined()
    const config = mkdtempSync(path.join(work, 'config-'))
    writeFileSync(path.join(config, 'config.json'), JSON.stringify({ currentContext: 'rootless' }))
    expect(engineSocket({ DOCKER_CONFIG: config }, home())).toBeUndefined()
  })
})

describe('docker save from the engine socket', () => {
  it('streams every byte of GET /images/get for the reference and settles', async () => {
    requests.length = 0
    const save = saveFromEngine('app:1')
    const got = await digestOf(save.stdout)
    await expect(save.exited).resolves.toBeUndefined()
    expect(got).toEqual({ sha256: createHash('sha256').update(payload).digest('hex'), bytes: payload.length })
    expect(requests).toEqual(['/images/get?names=app%3A1'])
  })

  it('keeps each chunk intact until the next is asked for, in one reused buffer', async () => {
    const save = saveFromEngine('app:1')
    const whole = createHash('sha256')
    const buffers = new Set<ArrayBufferLike>()
    let firstRead: ArrayBufferLike | undefined
    let bytes = 0
    for await (const chunk of save.stdout) {
      const before = createHash('sha256').update(chunk).digest('hex')
      // A slow reader: the engine goes on writing while this chunk is looked at.
      await new Promise((resolve) => setTimeout(resolve, 1))
      expect(createHash('sha256').update(chunk).digest('hex')).toBe(before)
      whole.update(chunk)
      // The first read is copied with the response head; the others are not copied at all.
      firstRead ??= chunk.buffer
      if (chunk.buffer !== firstRead) buffers.add(chunk.buffer)
      bytes += chunk.length
    }
    await expect(save.exited).resolves.toBeUndefined()
    expect({ sha256: whole.digest('hex'), bytes }).toEqual({
      sha256: createHash('sha256').update(payload).digest('hex'),
      bytes: payload.length
    })
    // No allocation per read: every later chunk is a view of the same buffer.
    expect(buffers.size).toBe(1)
  })

  it('says the image is not in the engine when the engine answers 404', async () => {
    const save = saveFromEngine('missing:1')
    expect((await digestOf(save.stdout)).bytes).toBe(0)
    await expect(save.exited).rejects.toThrow(/image "missing:1" is not in the local Docker engine/)
  })

  it("gives the engine's own message for another refusal", async () => {
    const save = saveFromEngine('broken:1')
    await digestOf(save.stdout)
    await expect(save.exited).rejects.toThrow(
      /^the Docker engine could not save broken:1 \(HTTP 500: layer does not exist\)$/
    )
  })

  it('reads a refusal sent in many pieces whole', async () => {
    const save = saveFromEngine('long-refusal:1')
    await digestOf(save.stdout)
    const refusal = await save.exited.then(
      () => undefined,
      (error: unknown) => error as Error
    )
    // The message is cut at 500 characters, and is the text the engine sent, not bytes of a later read.
    expect(refusal?.message).toMatch(
      /^the Docker engine could not save long-refusal:1 \(HTTP 500: line 0 of the engine's explanation; line 1 of /
    )
    const said = /HTTP 500: (.*)\)$/.exec(refusal?.message ?? '')?.[1] ?? ''
    expect(said).toHaveLength(500)
    expect(said.split('; ').slice(0, -1)).toEqual(
      Array.from(
        { length: said.split('; ').length - 1 },
        (_, line) => `line ${line} of the engine's explanation`
      )
    )
  })

  it('ends the stream and rejects when the engine stops part-way', async () => {
    const save = saveFromEngine('cut:1')
    const got = await digestOf(save.stdout)
    expect(got.bytes).toBeLessThan(payload.length)
    await expect(save.exited).rejects.toThrow(DockerError)
    await expect(save.exited).rejects.toThrow(/stopped sending cut:1 part-way/)
  })

  it('stops the request when the reader gives up early', async () => {
    const save = saveFromEngine('endless:1')
    let seen = 0
    for await (const chunk of save.stdout) {
      seen += chunk.length
      if (seen > 4 * 1024 * 1024) break
    }
    save.kill()
    await expect(save.exited).rejects.toThrow(DockerError)
    // The engine sees the connection go: its endless writes stop.
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(openConnections()).toBe(0)
  })
})

describe('engineSave', () => {
  it('hands over to the CLI when nothing listens on the socket', async () => {
    const cliOutput = new PassThrough()
    let started = 0
    const save = engineSave('app:1', path.join(work, 'no-such.sock'), () => {
      started++
      cliOutput.end(Buffer.from('from the CLI'))
      return { stdout: cliOutput, exited: Promise.resolve(), kill: () => undefined }
    })
    const chunks: Buffer[] = []
    for await (const chunk of save.stdout) chunks.push(chunk)
    await expect(save.exited).resolves.toBeUndefined()
    expect(started).toBe(1)
    expect(Buffer.concat(chunks).toString()).toBe('from the CLI')
  })

  it("keeps the CLI's reason when the reader stops it after the hand-over", async () => {
    let rejectCli!: (error: Error) => void
    const cliExited = new Promise<void>((_, reject) => (rejectCli = reject))
    const save = engineSave('app:1', path.join(work, 'no-such.sock'), () => ({
      stdout: new PassThrough().end(),
      exited: cliExited,
      kill: () => setTimeout(() => rejectCli(new DockerError('the Docker daemon is not reachable')), 20)
    }))
    for await (const chunk of save.stdout) expect(chunk).toBeUndefined()
    save.kill()
    await expect(save.exited).rejects.toThrow('the Docker daemon is not reachable')
  })
})
