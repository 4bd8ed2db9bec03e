// A real registry for the tests: Debian's docker-registry (distribution 2.8) on 127.0.0.1 with a
// temporary config and a free port; images pushed with skopeo; basic auth from an htpasswd file; the
// token flow with a token service run here, whose JWTs the registry itself verifies against the
// certificate given as its rootcertbundle.
import { type ChildProcess, execFile, spawn } from 'node:child_process'
import { createPrivateKey, createSign, randomBytes, X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http'
import { type AddressInfo, createConnection, createServer as createNetServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

const run = promisify(execFile)

export async function freePort(host = '127.0.0.1'): Promise<number> {
  const server = createNetServer()
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((resolve) => server.close(() => resolve()))
  return port
}

export interface TokenAuth {
  realm: string
  service: string
  issuer: string
  certificate: string
}

export interface RunningRegistry {
  /** host:port */
  host: string
  stop(): Promise<void>
}

export interface RegistryAuth {
  htpasswd?: { user: string; password: string }
  token?: TokenAuth
  /** Serve HTTPS with this certificate and key (files). */
  tls?: { certificate: string; key: string }
}

/** Starts docker-registry on 127.0.0.1 and waits until /v2/ answers. */
export async function startRegistry(auth: RegistryAuth = {}): Promise<RunningRegistry> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ipg-registry-'))
  const port = await freePort()
  const lines = [
    'version: 0.1',
    'log:',
    '  level: error',
    '  accesslog:',
    '    disabled: true',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${dir}/data`,
    'http:',
    `  addr: 127.0.0.1:${port}`,
    `  secret: ${randomBytes(16).toString('hex')}`
  ]
  if (auth.tls) lines.push('  tls:', `    certificate: ${auth.tls.certificate}`, `    key: ${auth.tls.key}`)
  if (auth.htpasswd) {
    const { stdout } = await run('htpasswd', ['-Bbn', auth.htpasswd.user, auth.htpasswd.password])
    await writeFile(path.join(dir, 'htpasswd'), stdout)
    lines.push('auth:', '  htpasswd:', '    realm: basic-realm', `    path: ${dir}/htpasswd`)
  }
  if (auth.token) {
    await writeFile(path.join(dir, 'root.pem'), auth.token.certificate)
    lines.push(
      'auth:',
      '  token:',
      `    realm: ${auth.token.realm}`,
      `    service: ${auth.token.service}`,
      `    issuer: ${auth.token.issuer}`,
      `    rootcertbundle: ${dir}/root.pem`
    )
  }
  await writeFile(path.join(dir, 'config.yml'), `${lines.join('\n')}\n`)
  const child = spawn('docker-registry', ['serve', path.join(dir, 'config.yml')], {
    stdio: ['ignore', 'ignore', 'pipe']
  })
  let stderr = ''
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)))
  const host = `127.0.0.1:${port}`
  const stop = async () => {
    await stopChild(child)
    await rm(dir, { recursive: true, force: true })
  }
  for (let tries = 0; ; tries++) {
    try {
      if (auth.tls) await waitForPort(port)
      else await fetch(`http://${host}/v2/`)
      return { host, stop }
    } catch {
      if (tries > 100 || child.exitCode !== null) {
        await stop()
        throw new Error(`docker-registry did not start: ${stderr}`)
      }
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
}

function waitForPort(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port }, () => {
      socket.destroy()
      resolve()
    })
    socket.on('error', reject)
  })
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise((resolve) => child.once('exit', resolve))
  child.kill('SIGTERM')
  await exited
}

/** `skopeo copy --all SOURCE docker://HOST/REPO` over plain HTTP, with credentials when given. */
export async function push(
  source: string,
  destination: string,
  creds?: { user: string; password: string },
  /** Let skopeo gzip uncompressed layers, as it does by default for registries. */
  compress = false
): Promise<void> {
  await run(
    'skopeo',
    [
      'copy',
      '-q',
      '--all',
      ...(compress ? [] : ['--preserve-digests']),
      '--dest-tls-verify=false',
      ...(creds ? ['--dest-creds', `${creds.user}:${creds.password}`] : ['--dest-no-creds']),
      source,
      `docker://${destination}`
    ],
    { env: { ...process.env, REGISTRY_AUTH_FILE: '/dev/null/none' } }
  )
}

export interface RecordedRequest {
  method: string
  url: string
  authorization: string | undefined
  range: string | undefined
}

/** A server on 127.0.0.1 that records what it is sent; `handle` answers. */
export async function startServer(
  handle: (request: IncomingMessage, response: ServerResponse, body: Buffer) => void | Promise<void>,
  host = '127.0.0.1'
): Promise<{ origin: string; host: string; requests: RecordedRequest[]; stop(): Promise<void> }> {
  const requests: RecordedRequest[] = []
  const server: Server = createServer((request, response) => {
    requests.push({
      method: request.method ?? '',
      url: request.url ?? '',
      authorization: request.headers.authorization,
      range: request.headers.range
    })
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      Promise.resolve(handle(request, response, Buffer.concat(chunks))).catch((error: unknown) => {
        response.destroy(error as Error)
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const { port } = server.address() as AddressInfo
  return {
    origin: `http://${host}:${port}`,
    host: `${host}:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      })
  }
}

/** A private key and a self-signed certificate for it, made by openssl (`extra`: more req options). */
export async function signingKey(extra: string[] = []): Promise<{ keyPem: string; certPem: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ipg-token-key-'))
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      path.join(dir, 'key.pem'),
      '-out',
      path.join(dir, 'cert.pem'),
      '-days',
      '2',
      '-subj',
      '/CN=ipg-test-token-issuer',
      ...extra
    ])
    return {
      keyPem: await readFile(path.join(dir, 'key.pem'), 'utf8'),
      certPem: await readFile(path.join(dir, 'cert.pem'), 'utf8')
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

const base64url = (bytes: Buffer | string) => Buffer.from(bytes).toString('base64url')

export interface TokenService {
  origin: string
  auth: TokenAuth
  requests: RecordedRequest[]
  /** Tokens issued, by whom ("anonymous" or the user). */
  issued: string[]
  stop(): Promise<void>
}

/**
 * The distribution token flow's token service: GET /token?service=…&scope=repository:NAME:ACTIONS.
 * A known user (Basic) gets what it asks for; an anonymous caller gets pull on repositories under
 * public/ only; wrong credentials get 401.
 */
export async function startTokenService(
  users: Record<string, string>,
  /** OAuth2 refresh tokens (docker login's identity tokens) and whose they are. */
  refreshTokens: Record<string, string> = {}
): Promise<TokenService> {
  const { keyPem, certPem } = await signingKey()
  const key = createPrivateKey(keyPem)
  const der = new X509Certificate(certPem).raw
  const service = 'ipg-test-registry'
  const issuer = 'ipg-test-issuer'
  const issued: string[] = []
  const server = await startServer((request, response, body) => {
    const url = new URL(request.url ?? '/', 'http://token')
    if (url.pathname !== '/token') {
      response.writeHead(404).end()
      return
    }
    let subject = 'anonymous'
    const header = request.headers.authorization
    if (request.method === 'POST') {
      // The OAuth2 refresh-token grant: the form carries the scope.
      const form = new URLSearchParams(body.toString())
      const owner = refreshTokens[form.get('refresh_token') ?? '']
      if (form.get('grant_type') !== 'refresh_token' || !owner) {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad refresh token"}')
        return
      }
      subject = owner
      for (const scope of form.getAll('scope')) url.searchParams.append('scope', scope)
      url.searchParams.set('service', form.get('service') ?? '')
    } else if (header) {
      const [user, password] = Buffer.from(header.replace(/^Basic /, ''), 'base64')
        .toString()
        .split(':')
      if (!header.startsWith('Basic ') || users[user] !== password) {
        response.writeHead(401, { 'content-type': 'application/json' }).end('{"details":"bad credentials"}')
        return
      }
      subject = user
    }
    const access = url.searchParams.getAll('scope').flatMap((scope) => {
      const [type, name, actions] = scope.split(':')
      if (type !== 'repository' || !name || !actions) return []
      if (subject === 'anonymous' && !name.startsWith('public/')) return []
      const granted = actions.split(',').filter((action) => subject !== 'anonymous' || action === 'pull')
      return [{ type, name, actions: granted }]
    })
    const now = Math.floor(Date.now() / 1000)
    const head = { typ: 'JWT', alg: 'RS256', x5c: [der.toString('base64')] }
    const claims = {
      iss: issuer,
      sub: subject,
      aud: url.searchParams.get('service'),
      exp: now + 300,
      nbf: now - 10,
      iat: now,
      jti: randomBytes(8).toString('hex'),
      access
    }
    const signed = `${base64url(JSON.stringify(head))}.${base64url(JSON.stringify(claims))}`
    const signature = createSign('RSA-SHA256').update(signed).sign(key)
    issued.push(subject)
    response
      .writeHead(200, { 'content-type': 'application/json' })
      // An OAuth2 answer says access_token; the token flow's says token.
      .end(
        JSON.stringify(
          request.method === 'POST'
            ? { access_token: `${signed}.${base64url(signature)}`, expires_in: 300 }
            : { token: `${signed}.${base64url(signature)}`, expires_in: 300 }
        )
      )
  })
  return {
    origin: server.origin,
    auth: { realm: `${server.origin}/token`, service, issuer, certificate: certPem },
    requests: server.requests,
    issued,
    stop: () => server.stop()
  }
}

/** What the hostile proxy does to one request, decided by the test. */
export type ProxyAction =
  | {
      kind: 'forward'
      /** Ask the registry for this path instead (another blob than the one asked for). */
      path?: string
      stripRange?: boolean
      corrupt?: boolean
      resetAfter?: number
      extraHeaders?: Record<string, string>
    }
  | { kind: 'answer'; status: number; headers?: Record<string, string>; body?: string }

/**
 * A proxy in front of a registry that forwards requests as they are (Authorization included) and lets
 * the test answer, corrupt, cut off or redirect any of them. Records every request it is sent.
 */
export async function startProxy(
  upstream: string,
  decide: (request: { method: string; path: string; range: string | undefined }) => ProxyAction
): Promise<{ host: string; requests: RecordedRequest[]; stop(): Promise<void> }> {
  const server = await startServer(async (request, response) => {
    const path = request.url ?? '/'
    const action = decide({ method: request.method ?? 'GET', path, range: request.headers.range })
    if (action.kind === 'answer') {
      response.writeHead(action.status, action.headers ?? {}).end(action.body ?? '')
      return
    }
    const headers: Record<string, string> = {}
    for (const name of ['authorization', 'accept', 'range', 'user-agent']) {
      const value = request.headers[name]
      if (typeof value === 'string' && !(name === 'range' && action.stripRange)) headers[name] = value
    }
    const answer = await fetch(`http://${upstream}${action.path ?? path}`, {
      method: request.method ?? 'GET',
      headers,
      redirect: 'manual'
    })
    const out: Record<string, string> = {}
    for (const name of [
      'content-type',
      'content-length',
      'docker-content-digest',
      'www-authenticate',
      'content-range',
      'location',
      'accept-ranges',
      'docker-distribution-api-version'
    ]) {
      const value = answer.headers.get(name)
      if (value !== null) out[name] = value
    }
    Object.assign(out, action.extraHeaders ?? {})
    response.writeHead(answer.status, out)
    let sent = 0
    let flipped = false
    if (answer.body) {
      for await (const piece of answer.body) {
        let chunk = Buffer.from(piece)
        if (action.resetAfter !== undefined && sent + chunk.length > action.resetAfter) {
          response.write(chunk.subarray(0, action.resetAfter - sent))
          await new Promise((resolve) => setTimeout(resolve, 20))
          response.destroy()
          return
        }
        // Byte 4: in a gzip layer its header's time stamp, so the data still inflates and only the
        // digest tells.
        if (action.corrupt && !flipped && chunk.length > 4) {
          chunk = Buffer.from(chunk)
          chunk[4] ^= 0x01
          flipped = true
        }
        sent += chunk.length
        if (!response.write(chunk)) await new Promise((resolve) => response.once('drain', resolve))
      }
    }
    response.end()
  })
  return { host: server.host, requests: server.requests, stop: () => server.stop() }
}

/**
 * An OCI layout with an index of two platforms (`amd64` as linux/amd64, `arm64` relabelled
 * linux/arm64/v8 in its config) and a BuildKit-style attestation manifest (unknown/unknown, an in-toto
 * layer, vnd.docker.reference.type: attestation-manifest), tagged `tag`: what buildx pushes for a
 * multi-platform build with provenance.
 */
export async function multiPlatformLayout(
  dir: string,
  sources: { amd64: string; arm64: string },
  tag: string
): Promise<{ amd64: string; arm64: string; attestation: string; index: string }> {
  const { createHash } = await import('node:crypto')
  const { cp } = await import('node:fs/promises')
  const digestOf = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`
  const work = `${dir}.parts`
  await run('skopeo', ['copy', '-q', sources.amd64, `oci:${work}:amd64`])
  await run('skopeo', ['copy', '-q', sources.arm64, `oci:${work}:arm64`])
  const parts = JSON.parse(await readFile(path.join(work, 'index.json'), 'utf8')) as {
    manifests: { digest: string; annotations: Record<string, string> }[]
  }
  await cp(path.join(work, 'blobs'), path.join(dir, 'blobs'), { recursive: true })
  await writeFile(path.join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
  await rm(work, { recursive: true, force: true })
  const blob = (digest: string) => path.join(dir, 'blobs', 'sha256', digest.slice(7))
  const write = async (bytes: Buffer, mediaType: string) => {
    const digest = digestOf(bytes)
    await writeFile(blob(digest), bytes)
    return { mediaType, digest, size: bytes.length }
  }
  const manifestOf = (name: string) =>
    parts.manifests.find((m) => m.annotations['org.opencontainers.image.ref.name'] === name)?.digest ?? ''
  const MANIFEST = 'application/vnd.oci.image.manifest.v1+json'
  const amd64 = manifestOf('amd64')
  // The arm64 image: its config says arm64/v8, so its manifest and digest are new.
  const armManifest = JSON.parse(await readFile(blob(manifestOf('arm64')), 'utf8')) as {
    config: { mediaType: string; digest: string; size: number }
  }
  const armConfig = JSON.parse(await readFile(blob(armManifest.config.digest), 'utf8')) as Record<
    string,
    unknown
  >
  armConfig.architecture = 'arm64'
  armConfig.variant = 'v8'
  armManifest.config = await write(Buffer.from(JSON.stringify(armConfig)), armManifest.config.mediaType)
  const arm64 = (await write(Buffer.from(JSON.stringify(armManifest)), MANIFEST)).digest
  const statement = Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v0.1',
      predicateType: 'https://slsa.dev/provenance/v0.2',
      subject: [{ name: 'image', digest: { sha256: amd64.slice(7) } }],
      predicate: { builder: { id: 'test' } }
    })
  )
  const layer = {
    ...(await write(statement, 'application/vnd.in-toto+json')),
    annotations: { 'in-toto.io/predicate-type': 'https://slsa.dev/provenance/v0.2' }
  }
  const attestationConfig = await write(
    Buffer.from(
      JSON.stringify({
        architecture: 'unknown',
        os: 'unknown',
        config: {},
        rootfs: { type: 'layers', diff_ids: [layer.digest] }
      })
    ),
    'application/vnd.oci.image.config.v1+json'
  )
  const attestation = (
    await write(
      Buffer.from(
        JSON.stringify({ schemaVersion: 2, mediaType: MANIFEST, config: attestationConfig, layers: [layer] })
      ),
      MANIFEST
    )
  ).digest
  const size = async (digest: string) => (await readFile(blob(digest))).length
  const index = await write(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          {
            mediaType: MANIFEST,
            digest: amd64,
            size: await size(amd64),
            platform: { os: 'linux', architecture: 'amd64' }
          },
          {
            mediaType: MANIFEST,
            digest: arm64,
            size: await size(arm64),
            platform: { os: 'linux', architecture: 'arm64', variant: 'v8' }
          },
          {
            mediaType: MANIFEST,
            digest: attestation,
            size: await size(attestation),
            platform: { os: 'unknown', architecture: 'unknown' },
            annotations: {
              'vnd.docker.reference.type': 'attestation-manifest',
              'vnd.docker.reference.digest': amd64
            }
          }
        ]
      })
    ),
    'application/vnd.oci.image.index.v1+json'
  )
  await writeFile(
    path.join(dir, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ ...index, annotations: { 'org.opencontainers.image.ref.name': tag } }]
    })
  )
  return { amd64, arm64, attestation, index: index.digest }
}
