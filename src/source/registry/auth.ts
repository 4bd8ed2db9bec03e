// Registry authentication as the docker CLI, crane and regctl do it: anonymous; Basic when the
// registry's challenge asks for it; the token flow when it says `Bearer realm=…,service=…`: a token
// for the repository's pull scope from the realm (with the registry's credential as Basic, or its
// identity token as an OAuth2 refresh token), cached per scope until it expires.
//
// Where a credential may go: to the registry it is filed under, and to the token realm that this
// registry's own challenge names (Docker Hub's is auth.docker.io, another host: the registry chose it,
// and could as well have asked for the credential itself), never over plain HTTP except to hosts that
// may be reached so (loopback, --insecure-registry), and never on a redirect to another origin.
import { RegistryError } from '../../common/errors.js'
import { printableName } from '../../image/safe-path.js'
import type { Credential } from './credentials.js'

export interface Challenge {
  scheme: string
  params: Record<string, string>
}

/** The challenges of a WWW-Authenticate header: `Bearer realm="…",service="…", Basic realm="…"`. */
export function parseChallenges(header: string | null): Challenge[] {
  if (!header) return []
  const challenges: Challenge[] = []
  const token = /[!#$%&'*+.^_`|~0-9A-Za-z-]+/y
  let at = 0
  const skip = (pattern: RegExp) => {
    while (at < header.length && pattern.test(header[at])) at++
  }
  while (at < header.length) {
    skip(/[\s,]/)
    token.lastIndex = at
    const name = token.exec(header)
    if (!name) break
    at = token.lastIndex
    skip(/\s/)
    if (header[at] !== '=') {
      challenges.push({ scheme: name[0].toLowerCase(), params: {} })
      continue
    }
    at++
    skip(/\s/)
    let value = ''
    if (header[at] === '"') {
      for (at++; at < header.length && header[at] !== '"'; at++) {
        if (header[at] === '\\') at++
        value += header[at] ?? ''
      }
      at++
    } else {
      token.lastIndex = at
      value = token.exec(header)?.[0] ?? ''
      at += value.length
      // token68 padding (Basic abc==) ends in '='s
      while (header[at] === '=') at++
    }
    const current = challenges[challenges.length - 1]
    if (current) current.params[name[0].toLowerCase()] = value
  }
  return challenges
}

/** A request to a token service, as the token flow writes it. */
export interface TokenServiceRequest {
  method: 'GET' | 'POST'
  headers: Record<string, string>
  body?: string
}

/** What the token flow reads of a token service's answer. */
export interface TokenServiceAnswer {
  status: number
  header(name: string): string | null
  body: AsyncIterable<Buffer>
  cancel(): Promise<void>
}

export interface TokenRequest {
  challenge: Challenge
  scope: string
  credential: Credential | undefined
  /** Whether plain HTTP may be used to a host (loopback, --insecure-registry). */
  plainHttpAllowed: (host: string) => boolean
  /** The registry, for messages. */
  registry: string
  /**
   * Sends the request: the registry client's own sending, which follows redirects by hand and keeps
   * Authorization to the origin it was given for. All the token flow needs of the client.
   */
  send: (url: URL, init: TokenServiceRequest) => Promise<TokenServiceAnswer>
}

interface CachedToken {
  token: string
  expiresAt: number
}

/** Tokens by realm, service and scope, reused until a little before they expire. */
export class TokenCache {
  private readonly tokens = new Map<string, CachedToken>()

  async token(request: TokenRequest, refresh = false): Promise<string> {
    const { challenge, scope } = request
    const key = `${challenge.params.realm ?? ''}\n${challenge.params.service ?? ''}\n${scope}`
    const cached = this.tokens.get(key)
    if (cached && !refresh && cached.expiresAt > Date.now()) return cached.token
    const fresh = await fetchToken(request)
    this.tokens.set(key, fresh)
    return fresh.token
  }
}

async function fetchToken({
  challenge,
  scope,
  credential,
  plainHttpAllowed,
  registry,
  send
}: TokenRequest): Promise<CachedToken> {
  const realmText = challenge.params.realm
  let realm: URL
  try {
    realm = new URL(realmText ?? '')
  } catch {
    throw new RegistryError(
      `registry ${registry} asks for a token from "${printableName(realmText ?? '', 80)}", which is not a URL`
    )
  }
  if (realm.protocol !== 'https:' && !(realm.protocol === 'http:' && plainHttpAllowed(realm.host))) {
    throw new RegistryError(
      `registry ${registry} names a token service at ${printableName(realm.origin, 80)}, not over HTTPS; refused (only loopback hosts and --insecure-registry hosts may use plain HTTP)`
    )
  }
  const service = challenge.params.service
  const headers: Record<string, string> = { 'user-agent': USER_AGENT }
  let init: TokenServiceRequest
  if (credential?.identityToken) {
    // OAuth2 refresh-token grant, as docker login leaves it for registries with a token flow.
    const form = new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: credential.identityToken,
      client_id: 'image-policy-gate',
      scope,
      ...(service ? { service } : {})
    })
    headers['content-type'] = 'application/x-www-form-urlencoded'
    init = { method: 'POST', headers, body: form.toString() }
  } else {
    if (service) realm.searchParams.set('service', service)
    realm.searchParams.set('scope', scope)
    if (credential?.password !== undefined) headers.authorization = basic(credential)
    init = { method: 'GET', headers }
  }
  const response = await send(realm, init)
  if (response.status === 401 || response.status === 403) {
    await response.cancel()
    throw new RegistryError(
      `the token service of registry ${registry} (${printableName(realm.host, 80)}) refused ${credential ? `the credentials from ${credential.origin}` : 'anonymous access'} (HTTP ${response.status}): check them with docker login ${registry}`
    )
  }
  if (response.status < 200 || response.status >= 300) {
    await response.cancel()
    throw new RegistryError(
      `the token service of registry ${registry} (${printableName(realm.host, 80)}) answered HTTP ${response.status}`
    )
  }
  const text = await boundedText(response, 1 << 20)
  let parsed: { token?: unknown; access_token?: unknown; expires_in?: unknown }
  try {
    parsed = JSON.parse(text) as typeof parsed
  } catch {
    throw new RegistryError(`the token service of registry ${registry} answered something that is not JSON`)
  }
  const token = typeof parsed.token === 'string' ? parsed.token : parsed.access_token
  if (typeof token !== 'string' || token === '' || /[\r\n]/.test(token)) {
    throw new RegistryError(`the token service of registry ${registry} answered without a token`)
  }
  // Tokens last at least 60 s (the distribution token spec); renewed 10 s early.
  const seconds = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : 60
  return { token, expiresAt: Date.now() + Math.max(seconds - 10, 5) * 1000 }
}

export function basic(credential: Credential): string {
  return `Basic ${Buffer.from(`${credential.username ?? ''}:${credential.password ?? ''}`).toString('base64')}`
}

export const USER_AGENT = 'image-policy-gate'

/** A small response body as text, refused past `maxBytes`. */
export async function boundedText(response: TokenServiceAnswer, maxBytes: number): Promise<string> {
  const length = Number(response.header('content-length') ?? '-1')
  if (length > maxBytes) {
    await response.cancel()
    throw new RegistryError(`a registry answer of ${length} bytes is over ${maxBytes}`)
  }
  const chunks: Buffer[] = []
  let bytes = 0
  for await (const chunk of response.body) {
    bytes += chunk.length
    if (bytes > maxBytes) throw new RegistryError(`a registry answer is over ${maxBytes} bytes`)
    chunks.push(Buffer.from(chunk))
  }
  return Buffer.concat(chunks).toString('utf8')
}
