// The OCI distribution API for one repository over HTTP/1.1 (http1.ts; not fetch, see there why):
// manifests and blobs by reference, with the registry's authentication, retries with backoff (429 honouring Retry-After, 5xx,
// connections reset; a blob cut off part-way is resumed with a Range request, or read again from the
// start and the bytes already delivered skipped), redirects followed by hand so that Authorization
// never goes to another origin, and plain HTTP only where allowed. Every failure is one RegistryError
// line naming the registry and the repository.
import { RegistryError } from '../../common/errors.js'
import { printableName } from '../../image/safe-path.js'
import { type Challenge, TokenCache, USER_AGENT, basic, parseChallenges } from './auth.js'
import type { Credential, CredentialLookup } from './credentials.js'
import { type StreamedAnswer, http1Request } from '../http1.js'
import { type ImageReference, isLoopback } from './reference.js'

export const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
  // Asked for so that a schema 1 image is recognised and refused in words, not as a 404.
  'application/vnd.docker.distribution.manifest.v1+prettyjws;q=0.1'
]

export interface RetryPolicy {
  /** Tries of one request, the first included. */
  attempts: number
  /** The first backoff; doubled each time, with jitter. */
  baseDelayMs: number
  /** A Retry-After longer than this is not waited for. */
  maxRetryAfterMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 500, maxRetryAfterMs: 60_000 }

export interface RegistryClientOptions {
  credentials: CredentialLookup
  /** Registries (host or host:port) that may be reached over plain HTTP besides loopback ones. */
  insecureRegistries?: readonly string[]
  retry?: RetryPolicy
  /** Notes for the log: retries, and where the bytes come from. */
  log?: (line: string) => void
}

/** What is sent: headers as a plain record, so that Authorization can be taken out for another origin. */
export interface RegistryRequest {
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
  signal?: AbortSignal
}

/** An answer: its status, headers and a body read as it is consumed. */
export type Answer = StreamedAnswer

type Transport = (url: URL, request: RegistryRequest) => Promise<Answer>

/** Every request, redirects left to the caller. */
const transport: Transport = (url, request) => http1Request(url, request)

interface Fetched {
  response: Answer
  /** The origin that answered, after redirects. */
  url: URL
}

const REDIRECTS = new Set([301, 302, 303, 307, 308])
const RETRIED_STATUS = new Set([429, 500, 502, 503, 504])
const MAX_REDIRECTS = 5
const RESET_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'ECONNABORTED'
])

export class RegistryClient {
  readonly registry: string
  private readonly retry: RetryPolicy
  private readonly tokens = new TokenCache()
  private origin: Promise<{ base: URL; challenge: Challenge | undefined }> | undefined
  private credential: Promise<Credential | undefined> | undefined
  private readonly insecure: Set<string>
  private readonly scope: string

  constructor(
    readonly reference: ImageReference,
    private readonly options: RegistryClientOptions
  ) {
    this.registry = reference.registry
    this.retry = options.retry ?? DEFAULT_RETRY
    this.insecure = new Set((options.insecureRegistries ?? []).map((host) => host.toLowerCase()))
    this.scope = `repository:${reference.repository}:pull`
  }

  /** Who is asked, for messages: "registry 127.0.0.1:5000, repository app". */
  get name(): string {
    return `registry ${this.registry}, repository ${this.reference.repository}`
  }

  /** Whether plain HTTP may be used to a host: loopback, or named with --insecure-registry. */
  plainHttpAllowed = (host: string): boolean =>
    isLoopback(host) ||
    this.insecure.has(host.toLowerCase()) ||
    this.insecure.has(host.toLowerCase().replace(/:\d+$/, ''))

  /** A manifest or index, whole, refused above `maxBytes` before it is read. */
  async manifest(
    reference: string,
    maxBytes: number
  ): Promise<{ bytes: Buffer; mediaType: string; digest: string | undefined }> {
    const what = `manifest ${reference}`
    const { response } = await this.get(`manifests/${reference}`, what, { accept: MANIFEST_TYPES.join(', ') })
    const bytes = await this.readWhole(response, what, maxBytes)
    const mediaType = (response.header('content-type') ?? '').split(';')[0].trim()
    const header = response.header('docker-content-digest') ?? undefined
    return { bytes, mediaType, digest: header }
  }

  /** A small blob (a config), whole. */
  async blob(digest: string, maxBytes: number, what: string): Promise<Buffer> {
    const { response } = await this.get(`blobs/${digest}`, `${what} ${digest}`, {})
    return this.readWhole(response, `${what} ${digest}`, maxBytes)
  }

  /**
   * Streams a blob to `write`, which may return a promise to wait for (backpressure): the body is
   * read no faster than it is consumed, so memory stays bounded. Resumed where it stopped when the
   * connection fails part-way. At most `size` bytes, when known.
   */
  async streamBlob(
    digest: string,
    size: number | undefined,
    write: (chunk: Buffer) => void | Promise<unknown>,
    signal: AbortSignal
  ): Promise<void> {
    const what = `blob ${digest}`
    let delivered = 0
    for (let attempt = 1; ; attempt++) {
      const range = delivered > 0 ? { range: `bytes=${delivered}-` } : {}
      const { response } = await this.get(`blobs/${digest}`, what, range, signal)
      let skip = 0
      if (delivered > 0) {
        const start = /^bytes (\d+)-/.exec(response.header('content-range') ?? '')
        if (response.status === 206 && start && Number(start[1]) === delivered) skip = 0
        else if (response.status === 200) skip = delivered
        else {
          await response.cancel()
          throw new RegistryError(
            `${this.name}: ${what}: the registry answered a resumed read with HTTP ${response.status}`
          )
        }
      }
      try {
        for await (const piece of response.body) {
          let chunk = piece
          if (skip > 0) {
            const dropped = Math.min(skip, chunk.length)
            skip -= dropped
            chunk = chunk.subarray(dropped)
            if (chunk.length === 0) continue
          }
          if (size !== undefined && delivered + chunk.length > size) {
            throw new RegistryError(
              `${this.name}: ${what} is longer than the ${size} bytes its descriptor says`
            )
          }
          delivered += chunk.length
          const wait = write(chunk)
          if (wait) await wait
          if (signal.aborted) return
        }
        // The response ended as it said it would (a cut connection is an error from the transport): not this blob.
        if (size !== undefined && delivered < size) {
          throw new RegistryError(
            `${this.name}: ${what} is ${delivered} bytes, shorter than the ${size} its descriptor says`
          )
        }
        return
      } catch (error) {
        await response.cancel().catch(() => undefined)
        if (signal.aborted || error instanceof RegistryError || !isReset(error)) throw error
        if (attempt >= this.retry.attempts) {
          throw new RegistryError(
            `${this.name}: ${what}: the connection failed after ${delivered} bytes${attempt > 1 ? ` (${attempt} tries)` : ''}: ${reason(error)}`
          )
        }
        this.note(`${what}: the connection failed after ${delivered} bytes (${reason(error)}); resuming`)
        await sleep(this.backoff(attempt), signal)
      }
    }
  }

  /** GET a path under /v2/<repository>/, with auth, retries and redirects; an ok response or a RegistryError. */
  private async get(
    path: string,
    what: string,
    headers: { accept?: string; range?: string },
    signal?: AbortSignal
  ): Promise<Fetched> {
    const { base } = await this.originOf()
    const url = new URL(`v2/${this.reference.repository}/${path}`, base)
    let refreshed = false
    for (let attempt = 1; ; attempt++) {
      let fetched: Fetched
      try {
        const authorization = await this.authorization(false)
        fetched = await this.send(url, {
          method: 'GET',
          headers: {
            'user-agent': USER_AGENT,
            ...(headers.accept ? { accept: headers.accept } : {}),
            ...(headers.range ? { range: headers.range } : {}),
            ...(authorization ? { authorization } : {})
          },
          ...(signal ? { signal } : {})
        })
      } catch (error) {
        if (error instanceof RegistryError || signal?.aborted) throw error
        if (isReset(error) && attempt < this.retry.attempts) {
          this.note(`${what}: ${reason(error)}; retrying`)
          await sleep(this.backoff(attempt), signal)
          continue
        }
        throw new RegistryError(`cannot reach registry ${this.registry} (${what}): ${reason(error)}`)
      }
      const { response } = fetched
      if (response.status >= 200 && response.status < 300) return fetched
      const sameOrigin = fetched.url.origin === base.origin
      if (response.status === 401 && sameOrigin && !refreshed) {
        const challenge = parseChallenges(response.header('www-authenticate')).find(
          (c) => c.scheme === 'bearer'
        )
        const current = (await this.originOf()).challenge
        if (challenge && current?.scheme === 'bearer') {
          // The token expired, or the registry wants another scope: ask once more.
          await response.cancel()
          refreshed = true
          await this.authorization(true)
          continue
        }
      }
      if (RETRIED_STATUS.has(response.status) && attempt < this.retry.attempts) {
        const wait = response.status === 429 ? this.retryAfter(response, what) : this.backoff(attempt)
        await response.cancel()
        this.note(
          `${what}: HTTP ${response.status} from ${fetched.url.host}; retrying in ${(wait / 1000).toFixed(1)} s`
        )
        await sleep(wait, signal)
        continue
      }
      await response.cancel()
      throw this.statusError(response.status, what, sameOrigin ? undefined : fetched.url)
    }
  }

  /**
   * One request with redirects followed by hand: Authorization goes only to the registry's own
   * origin, never to blob storage a redirect points at, and a redirect may not downgrade to plain HTTP
   * where that is not allowed.
   */
  private async send(start: URL, init: RegistryRequest): Promise<Fetched> {
    const registryOrigin = start.origin
    let url = start
    for (let hop = 0; ; hop++) {
      const headers = { ...init.headers }
      if (url.origin !== registryOrigin) delete headers.authorization
      const response = await transport(url, { ...init, headers })
      if (!REDIRECTS.has(response.status)) return { response, url }
      await response.cancel()
      const location = response.header('location')
      if (!location || hop >= MAX_REDIRECTS) {
        throw new RegistryError(
          `${this.name}: ${location ? 'too many redirects' : 'a redirect without a Location'}`
        )
      }
      const next = new URL(location, url)
      if (next.protocol !== 'https:' && !(next.protocol === 'http:' && this.plainHttpAllowed(next.host))) {
        throw new RegistryError(
          `${this.name}: the registry redirected to ${printableName(next.origin, 80)}, not HTTPS; refused`
        )
      }
      url = next
    }
  }

  /**
   * The registry's base URL and its challenge, learnt once from GET /v2/: over HTTPS, else plain HTTP
   * where allowed; a loopback host over plain HTTP first (see `schemes`).
   */
  private originOf(): Promise<{ base: URL; challenge: Challenge | undefined }> {
    this.origin ??= this.ping()
    return this.origin
  }

  /**
   * The schemes GET /v2/ tries, in order. A loopback host is tried over plain HTTP first: local
   * registries mostly speak it, a probe over TLS would load node:tls and OpenSSL's TLS code (megabytes
   * of the peak memory) for nothing, and on loopback no one can strip TLS on the way. A TLS server
   * refuses the plain request (HTTP 400, or no answer), and HTTPS is tried next.
   */
  private schemes(host: string): string[] {
    if (isLoopback(host)) return ['http', 'https']
    return this.plainHttpAllowed(host) ? ['https', 'http'] : ['https']
  }

  private async ping(): Promise<{ base: URL; challenge: Challenge | undefined }> {
    const host = this.reference.apiHost
    const schemes = this.schemes(host)
    let lastError: unknown
    // Each round asks the schemes still in question in turn. One whose connection was reset, or that
    // answered 429 or 5xx, is asked again next round, after the backoff: a reset may be transient, or a
    // TLS server's answer to plain HTTP, and a later scheme must not wait for its retries.
    let left = schemes
    for (let attempt = 1; left.length > 0; attempt++) {
      const again: string[] = []
      let wait = 0
      for (const scheme of left) {
        const base = new URL(`${scheme}://${host}/`)
        try {
          const { response } = await this.send(new URL('v2/', base), {
            method: 'GET',
            headers: { 'user-agent': USER_AGENT }
          })
          await response.cancel()
          if (response.status >= 200 && response.status < 300) return { base, challenge: undefined }
          if (response.status === 401) {
            const challenges = parseChallenges(response.header('www-authenticate'))
            const challenge =
              challenges.find((c) => c.scheme === 'bearer') ?? challenges.find((c) => c.scheme === 'basic')
            return { base, challenge }
          }
          // Some registries answer /v2/ with 404 or 403 and still serve images: proceed anonymously.
          if (response.status === 403 || response.status === 404) return { base, challenge: undefined }
          // 400 is what a TLS server says to plain HTTP: not a registry at this scheme.
          lastError = new Error(`GET /v2/ answered HTTP ${response.status}`)
          if (RETRIED_STATUS.has(response.status) && attempt < this.retry.attempts) {
            again.push(scheme)
            wait = Math.max(
              wait,
              response.status === 429 ? this.retryAfter(response, 'GET /v2/') : this.backoff(attempt)
            )
          }
        } catch (error) {
          if (error instanceof RegistryError) throw error
          const certificate = certificateProblem(error)
          if (certificate) {
            throw new RegistryError(
              `the TLS certificate of registry ${this.registry} is not trusted (${certificate}): give its CA in NODE_EXTRA_CA_CERTS`
            )
          }
          lastError = error
          if (isReset(error) && attempt < this.retry.attempts) {
            again.push(scheme)
            wait = Math.max(wait, this.backoff(attempt))
          }
        }
      }
      left = again
      if (left.length > 0) await sleep(wait)
    }
    throw new RegistryError(
      `cannot reach registry ${this.registry} at ${schemes.map((s) => `${s}://${host}`).join(' or ')}: ${reason(lastError)}${
        schemes.length === 1 && !isLoopback(host)
          ? ' (plain HTTP is used only for loopback hosts and --insecure-registry)'
          : ''
      }`
    )
  }

  private credentialOf(): Promise<Credential | undefined> {
    this.credential ??= this.options.credentials(this.registry)
    return this.credential
  }

  /** The Authorization header for the registry's origin, per its challenge. */
  private async authorization(refresh: boolean): Promise<string | undefined> {
    const { challenge } = await this.originOf()
    if (!challenge) return undefined
    const credential = await this.credentialOf()
    if (challenge.scheme === 'basic') {
      if (credential?.password === undefined) return undefined
      const { base } = await this.originOf()
      if (base.protocol !== 'https:' && !this.plainHttpAllowed(base.host)) return undefined
      return basic(credential)
    }
    if (challenge.scheme !== 'bearer') return undefined
    const token = await this.tokens.token(
      {
        challenge,
        scope: this.scope,
        credential,
        plainHttpAllowed: this.plainHttpAllowed,
        registry: this.registry,
        send: async (url, init) => (await this.send(url, init)).response
      },
      refresh
    )
    return `Bearer ${token}`
  }

  private async readWhole(response: Answer, what: string, maxBytes: number): Promise<Buffer> {
    const length = Number(response.header('content-length') ?? '-1')
    if (length > maxBytes) {
      await response.cancel()
      throw new RegistryError(
        `${this.name}: ${what} is ${length} bytes, over the metadata limit of ${maxBytes} (limit --max-metadata-bytes)`
      )
    }
    const chunks: Buffer[] = []
    let bytes = 0
    try {
      {
        for await (const chunk of response.body) {
          bytes += chunk.length
          if (bytes > maxBytes) {
            throw new RegistryError(
              `${this.name}: ${what} is over the metadata limit of ${maxBytes} bytes (limit --max-metadata-bytes)`
            )
          }
          // A copy: a transport may reuse its buffer.
          chunks.push(Buffer.from(chunk))
        }
      }
    } catch (error) {
      await response.cancel().catch(() => undefined)
      if (error instanceof RegistryError) throw error
      throw new RegistryError(`${this.name}: ${what}: the connection failed: ${reason(error)}`)
    }
    return Buffer.concat(chunks)
  }

  private statusError(status: number, what: string, elsewhere: URL | undefined): RegistryError {
    const where = elsewhere ? ` (redirected to ${printableName(elsewhere.host, 80)})` : ''
    const repository = `repository ${this.reference.repository} on registry ${this.registry}`
    if (status === 401) {
      return new RegistryError(
        `${repository}: not authorized (HTTP 401) for ${what}${where}: log in (docker login ${this.registry}) or check the credentials in the docker config${this.registry === 'ghcr.io' ? ' or the registry-token input' : ''}`
      )
    }
    if (status === 403) {
      return new RegistryError(
        `${repository}: access denied (HTTP 403) for ${what}${where}: the credentials are not allowed to pull it (for ghcr.io the token needs read:packages, or the package must grant this repository access)`
      )
    }
    if (status === 404) {
      return new RegistryError(
        `${repository}: ${what} not found (HTTP 404)${where}: check the repository name and the tag or digest${this.registry === 'docker.io' ? ' (official images are library/NAME)' : ''}`
      )
    }
    if (status === 429) {
      return new RegistryError(
        `${repository}: rate limited (HTTP 429) for ${what}${where} after ${this.retry.attempts} tries: retry later, or log in for a higher limit`
      )
    }
    return new RegistryError(
      `${repository}: HTTP ${status} for ${what}${where}${RETRIED_STATUS.has(status) ? ` after ${this.retry.attempts} tries` : ''}`
    )
  }

  private retryAfter(response: Answer, what: string): number {
    const header = response.header('retry-after')
    let ms = this.backoff(1)
    if (header) {
      const seconds = Number(header)
      ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(header) - Date.now()
      if (!Number.isFinite(ms) || ms < 0) ms = this.backoff(1)
    }
    if (ms > this.retry.maxRetryAfterMs) {
      throw new RegistryError(
        `repository ${this.reference.repository} on registry ${this.registry}: rate limited (HTTP 429) for ${what}, retry after ${Math.round(ms / 1000)} s: retry later, or log in for a higher limit`
      )
    }
    return ms
  }

  private backoff(attempt: number): number {
    const delay = this.retry.baseDelayMs * 2 ** (attempt - 1)
    return Math.min(delay, 8000) * (0.75 + Math.random() * 0.5)
  }

  private note(line: string): void {
    this.options.log?.(`registry ${this.registry}: ${line}`)
  }
}

/** The code of a TLS certificate failure (self-signed, unknown issuer, wrong name, expired), if it is one. */
function certificateProblem(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && /CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET_ISSUER)/.test(code)) return code
    current = (current as { cause?: unknown }).cause
  }
  return undefined
}

function isReset(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code
    if (typeof code === 'string' && RESET_CODES.has(code)) return true
    const message = (current as { message?: unknown }).message
    if (typeof message === 'string' && /^(terminated|other side closed|socket hang up)$/i.test(message))
      return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}

/** The innermost reason of a fetch failure ("connect ECONNREFUSED 127.0.0.1:5000"), one line. */
function reason(error: unknown): string {
  let current = error
  for (let depth = 0; depth < 5; depth++) {
    const cause = (current as { cause?: unknown } | undefined)?.cause
    if (!cause) break
    current = cause
  }
  const message = current instanceof Error ? current.message : String(current)
  return printableName(message.split('\n')[0], 200)
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error)
    const timer = setTimeout(resolve, ms)
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(signal.reason as Error)
      },
      { once: true }
    )
  })
}
