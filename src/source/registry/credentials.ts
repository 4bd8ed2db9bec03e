// Registry credentials as the docker CLI keeps them ($DOCKER_CONFIG/config.json, else
// ~/.docker/config.json): `auths` entries (`auth` base64 user:password, or `username`/`password`,
// `identitytoken`), a `credHelpers` helper for the host, else the `credsStore` helper, run as
// `docker-credential-NAME get` without a shell. Each credential is for the one registry it is filed
// under: the caller asks by host, and nothing here is ever offered to another host.
import { readFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import path from 'node:path'
import { UserError } from '../../common/errors.js'
import { printableName } from '../../image/safe-path.js'

export interface Credential {
  username?: string
  password?: string
  /** An OAuth2 refresh token for the registry's token service (`docker login` with a token flow). */
  identityToken?: string
  /** Where it came from, for messages: "~/.docker/config.json", "docker-credential-pass". */
  origin: string
}

/** Looks up the credential for a registry host, or undefined for anonymous access. */
export type CredentialLookup = (registry: string) => Promise<Credential | undefined>

const DOCKER_HUB_KEY = 'https://index.docker.io/v1/'
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/
const HELPER_TIMEOUT_MS = 30_000

/** The names a registry may be filed under in config.json: Docker Hub has its historical URL. */
function keysFor(registry: string): string[] {
  return registry === 'docker.io'
    ? [DOCKER_HUB_KEY, 'docker.io', 'index.docker.io', 'registry-1.docker.io']
    : [registry]
}

/** config.json's `auths` keys may carry a scheme and a path (https://host/v1/): the host they name. */
function keyHost(key: string): string {
  let host = key.trim().replace(/^[a-z]+:\/\//i, '')
  const slash = host.indexOf('/')
  if (slash >= 0) host = host.slice(0, slash)
  host = host.toLowerCase()
  return host === 'index.docker.io' || host === 'registry-1.docker.io' ? 'docker.io' : host
}

interface DockerConfig {
  auths?: Record<string, { auth?: unknown; username?: unknown; password?: unknown; identitytoken?: unknown }>
  credsStore?: unknown
  credHelpers?: Record<string, unknown>
}

export interface CredentialOptions {
  env?: NodeJS.ProcessEnv
  home?: string
  /** Extra credentials by registry host, before the docker config (the action's registry-token for ghcr.io). */
  explicit?: Map<string, Credential>
  /** Runs a credential helper; tests replace it. */
  runHelper?: (program: string, serverUrl: string) => Promise<string>
}

export function dockerCredentials(options: CredentialOptions = {}): CredentialLookup {
  const env = options.env ?? process.env
  const configDir = env.DOCKER_CONFIG || path.join(options.home ?? homedir(), '.docker')
  const configFile = path.join(configDir, 'config.json')
  let config: Promise<DockerConfig | undefined> | undefined
  const load = () =>
    (config ??= readFile(configFile, 'utf8').then(
      (text) => {
        try {
          const parsed = JSON.parse(text) as unknown
          return typeof parsed === 'object' && parsed !== null ? parsed : undefined
        } catch {
          throw new UserError(
            `${configFile} is not valid JSON; fix it or set DOCKER_CONFIG to another directory`
          )
        }
      },
      () => undefined
    ))
  const runHelper =
    options.runHelper ??
    ((program: string, serverUrl: string) => runCredentialHelper(program, serverUrl, env))
  return async (registry) => {
    const docker = await fromConfig(await load(), registry, configFile, runHelper)
    return docker ?? options.explicit?.get(registry)
  }
}

async function fromConfig(
  config: DockerConfig | undefined,
  registry: string,
  configFile: string,
  runHelper: (program: string, serverUrl: string) => Promise<string>
): Promise<Credential | undefined> {
  if (!config) return undefined
  const helpers = isRecord(config.credHelpers) ? config.credHelpers : {}
  const helper = keysFor(registry)
    .map((key) => helpers[key])
    .find((name) => typeof name === 'string')
  const store =
    typeof config.credsStore === 'string' && config.credsStore !== '' ? config.credsStore : undefined
  const entry = isRecord(config.auths)
    ? Object.entries(config.auths).find(([key]) => keyHost(key) === registry)?.[1]
    : undefined
  if (typeof helper === 'string') return fromHelper(helper, registry, runHelper)
  if (entry && isRecord(entry)) {
    const credential = fromEntry(entry, configFile)
    if (credential) return credential
  }
  if (store) return fromHelper(store, registry, runHelper)
  return undefined
}

function fromEntry(entry: Record<string, unknown>, configFile: string): Credential | undefined {
  const credential: Credential = { origin: configFile }
  if (typeof entry.auth === 'string' && entry.auth !== '') {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    if (colon < 0)
      throw new UserError(`${configFile}: an auths entry's "auth" is not base64 of user:password`)
    credential.username = decoded.slice(0, colon)
    credential.password = decoded.slice(colon + 1)
  } else if (typeof entry.username === 'string' && typeof entry.password === 'string') {
    credential.username = entry.username
    credential.password = entry.password
  }
  if (typeof entry.identitytoken === 'string' && entry.identitytoken !== '') {
    credential.identityToken = entry.identitytoken
  }
  return credential.password !== undefined || credential.identityToken ? credential : undefined
}

async function fromHelper(
  name: string,
  registry: string,
  runHelper: (program: string, serverUrl: string) => Promise<string>
): Promise<Credential | undefined> {
  if (!HELPER_NAME.test(name)) {
    throw new UserError(
      `the docker config names a credential helper "${printableName(name, 60)}" that is not a plain name`
    )
  }
  const program = `docker-credential-${name}`
  const serverUrl = registry === 'docker.io' ? DOCKER_HUB_KEY : registry
  const output = await runHelper(program, serverUrl)
  if (output === '') return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(output)
  } catch {
    throw new UserError(`${program} get answered something that is not JSON`)
  }
  if (!isRecord(parsed) || typeof parsed.Secret !== 'string') {
    throw new UserError(`${program} get answered without a Secret`)
  }
  const username = typeof parsed.Username === 'string' ? parsed.Username : ''
  // A helper's "<token>" user means the secret is an identity token (docker-credential-helpers).
  if (username === '<token>') return { identityToken: parsed.Secret, origin: program }
  return { username, password: parsed.Secret, origin: program }
}

/** Runs `PROGRAM get` with the server URL on stdin; "" when the helper has nothing for it. */
export function runCredentialHelper(
  program: string,
  serverUrl: string,
  env: NodeJS.ProcessEnv = process.env
): Promise<string> {
  const { spawn } = process.getBuiltinModule('node:child_process')
  return new Promise((resolve, reject) => {
    const child = spawn(program, ['get'], {
      stdio: ['pipe', 'pipe', 'pipe'],
      env,
      shell: false
    })
    const timer = setTimeout(() => child.kill(), HELPER_TIMEOUT_MS)
    timer.unref()
    const out: Buffer[] = []
    const err: Buffer[] = []
    let bytes = 0
    child.stdout.on('data', (chunk: Buffer) => {
      bytes += chunk.length
      if (bytes <= 1 << 20) out.push(chunk)
    })
    child.stderr.on('data', (chunk: Buffer) => {
      if (err.length < 16) err.push(chunk)
    })
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      reject(
        new UserError(
          error.code === 'ENOENT'
            ? `the docker config names the credential helper ${program}, which is not on PATH`
            : `could not run ${program}: ${error.message}`
        )
      )
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      const stdout = Buffer.concat(out).toString('utf8').trim()
      if (code === 0) return resolve(stdout)
      // docker-credential-helpers say "credentials not found in native keychain" for a host they lack.
      const said = `${stdout}\n${Buffer.concat(err).toString('utf8')}`
      if (/credentials not found/i.test(said)) return resolve('')
      reject(new UserError(`${program} get failed with exit code ${code}`))
    })
    child.stdin.end(`${serverUrl}\n`)
  })
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
