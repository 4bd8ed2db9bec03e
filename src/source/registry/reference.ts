// Image references parsed as Docker parses them (distribution/reference): `alpine` is
// docker.io/library/alpine:latest, a first component with a dot or a colon (or `localhost`) is a
// registry host, a digest pins the manifest.
import { UserError } from '../../common/errors.js'
import { printableName } from '../../image/safe-path.js'

export interface ImageReference {
  /** The registry as named: "docker.io", "ghcr.io", "127.0.0.1:5000". */
  registry: string
  /** The host the API is served from: registry-1.docker.io for Docker Hub, else the registry. */
  apiHost: string
  repository: string
  tag?: string
  digest?: string
  /** What the manifest is asked for by: the digest when there is one, else the tag. */
  manifestReference: string
  /** The full reference, for reports: docker.io/library/alpine:3.20. */
  full: string
}

const DOCKER_HUB = 'docker.io'
const COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/
const TAG = /^[\w][\w.-]{0,127}$/
const DIGEST = /^(sha256:[a-f0-9]{64}|sha512:[a-f0-9]{128})$/
const HOST =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\[[0-9a-fA-F:.]+\])(?::[0-9]{1,5})?$/

export function parseReference(text: string): ImageReference {
  const bad = (why: string) =>
    new UserError(`"${printableName(text, 120)}" is not an image reference: ${why}`)
  const input = text.trim()
  if (input === '' || input.length > 1024) throw bad('empty or too long')
  let rest = input
  let digest: string | undefined
  const at = rest.indexOf('@')
  if (at >= 0) {
    digest = rest.slice(at + 1)
    rest = rest.slice(0, at)
    if (!DIGEST.test(digest)) throw bad('the digest must be sha256: and 64 hex digits')
  }
  let tag: string | undefined
  const lastSlash = rest.lastIndexOf('/')
  const colon = rest.indexOf(':', lastSlash + 1)
  if (colon >= 0) {
    tag = rest.slice(colon + 1)
    rest = rest.slice(0, colon)
    if (!TAG.test(tag)) throw bad('a tag is up to 128 letters, digits, _, . and -')
  }
  let registry = DOCKER_HUB
  let path = rest
  const slash = rest.indexOf('/')
  if (slash >= 0) {
    const first = rest.slice(0, slash)
    if (first.includes('.') || first.includes(':') || first === 'localhost' || first.startsWith('[')) {
      registry = first
      path = rest.slice(slash + 1)
      if (!HOST.test(registry)) throw bad('the registry host is not a host name or address')
    }
  }
  if (registry === 'index.docker.io' || registry === 'registry-1.docker.io') registry = DOCKER_HUB
  if (registry === DOCKER_HUB && !path.includes('/')) path = `library/${path}`
  if (path === '' || !path.split('/').every((component) => COMPONENT.test(component))) {
    throw bad('a repository is lowercase letters and digits, separated by /, ., _ or -')
  }
  if (!tag && !digest) tag = 'latest'
  const full = `${registry}/${path}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`
  return {
    registry,
    apiHost: registry === DOCKER_HUB ? 'registry-1.docker.io' : registry,
    repository: path,
    ...(tag ? { tag } : {}),
    ...(digest ? { digest } : {}),
    manifestReference: digest ?? (tag as string),
    full
  }
}

/** The host without its port, lowercased and without IPv6 brackets. */
export function hostName(hostAndPort: string): string {
  const host = hostAndPort.startsWith('[')
    ? hostAndPort.slice(1, hostAndPort.indexOf(']'))
    : hostAndPort.replace(/:\d+$/, '')
  return host.toLowerCase()
}

/** localhost, 127.0.0.0/8 and ::1: where Docker allows plain HTTP without being told. */
export function isLoopback(hostAndPort: string): boolean {
  const host = hostName(hostAndPort)
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)
}
