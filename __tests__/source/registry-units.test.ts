// References as Docker parses them, WWW-Authenticate challenges, and credentials from a docker config
// (auths, credHelpers and credsStore through a real helper program on PATH).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseChallenges } from '../../src/source/registry/auth.js'
import { dockerCredentials } from '../../src/source/registry/credentials.js'
import { isLoopback, parseReference } from '../../src/source/registry/reference.js'

describe('parseReference', () => {
  it.each([
    [
      'alpine',
      'docker.io',
      'registry-1.docker.io',
      'library/alpine',
      'latest',
      'docker.io/library/alpine:latest'
    ],
    [
      'alpine:3.20',
      'docker.io',
      'registry-1.docker.io',
      'library/alpine',
      '3.20',
      'docker.io/library/alpine:3.20'
    ],
    ['user/app', 'docker.io', 'registry-1.docker.io', 'user/app', 'latest', 'docker.io/user/app:latest'],
    [
      'index.docker.io/library/alpine',
      'docker.io',
      'registry-1.docker.io',
      'library/alpine',
      'latest',
      'docker.io/library/alpine:latest'
    ],
    ['ghcr.io/org/app:v1', 'ghcr.io', 'ghcr.io', 'org/app', 'v1', 'ghcr.io/org/app:v1'],
    ['localhost/app', 'localhost', 'localhost', 'app', 'latest', 'localhost/app:latest'],
    ['127.0.0.1:5000/a/b/c:x', '127.0.0.1:5000', '127.0.0.1:5000', 'a/b/c', 'x', '127.0.0.1:5000/a/b/c:x'],
    ['[::1]:5000/app', '[::1]:5000', '[::1]:5000', 'app', 'latest', '[::1]:5000/app:latest']
  ])('%s', (text, registry, apiHost, repository, tag, full) => {
    expect(parseReference(text)).toMatchObject({ registry, apiHost, repository, tag, full })
  })

  it('a digest pins the manifest; a tag may stand beside it', () => {
    const digest = `sha256:${'a'.repeat(64)}`
    expect(parseReference(`host:5000/app@${digest}`)).toMatchObject({
      registry: 'host:5000',
      repository: 'app',
      manifestReference: digest
    })
    expect(parseReference(`app:1@${digest}`)).toMatchObject({ tag: '1', manifestReference: digest })
  })

  it.each(['', 'UPPER/case', 'app@sha256:short', 'app:bad tag', 'a//b', '-x', 'host:5000/'])(
    'refuses %j',
    (text) => {
      expect(() => parseReference(text)).toThrow(/is not an image reference/)
    }
  )

  it('loopback hosts', () => {
    expect(['localhost:5000', '127.0.0.1', '127.1.2.3:80', '[::1]:5000'].every(isLoopback)).toBe(true)
    expect(['localhost.example.com', '128.0.0.1', '10.0.0.1:5000', 'example.com'].some(isLoopback)).toBe(
      false
    )
  })
})

describe('parseChallenges', () => {
  it("reads Docker Hub's and a basic challenge", () => {
    expect(
      parseChallenges(
        'Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/alpine:pull"'
      )
    ).toEqual([
      {
        scheme: 'bearer',
        params: {
          realm: 'https://auth.docker.io/token',
          service: 'registry.docker.io',
          scope: 'repository:library/alpine:pull'
        }
      }
    ])
    expect(parseChallenges('Basic realm="basic-realm"')).toEqual([
      { scheme: 'basic', params: { realm: 'basic-realm' } }
    ])
  })

  it('several challenges, unquoted values, escapes', () => {
    expect(parseChallenges('Basic realm=x, Bearer realm="a\\"b", error=invalid_token')).toEqual([
      { scheme: 'basic', params: { realm: 'x' } },
      { scheme: 'bearer', params: { realm: 'a"b', error: 'invalid_token' } }
    ])
    expect(parseChallenges(null)).toEqual([])
    expect(parseChallenges('')).toEqual([])
  })
})

describe('docker config credentials', () => {
  let dir: string
  let bin: string
  const oldPath = process.env.PATH
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ipg-creds-'))
    bin = path.join(dir, 'bin')
    await writeFile(path.join(dir, 'placeholder'), '')
    await import('node:fs/promises').then((fs) => fs.mkdir(bin))
    // A credential helper as docker-credential-helpers behave: the server URL on stdin, JSON out.
    await writeFile(
      path.join(bin, 'docker-credential-test'),
      `#!/bin/sh
read server
case "$server" in
  helped.example) printf '{"ServerURL":"%s","Username":"helper-user","Secret":"helper-secret"}' "$server" ;;
  https://index.docker.io/v1/) printf '{"ServerURL":"%s","Username":"<token>","Secret":"refresh-token"}' "$server" ;;
  stored.example) printf '{"ServerURL":"%s","Username":"store-user","Secret":"store-secret"}' "$server" ;;
  *) echo "credentials not found in native keychain"; exit 1 ;;
esac
`
    )
    await chmod(path.join(bin, 'docker-credential-test'), 0o755)
    process.env.PATH = `${bin}:${oldPath ?? ''}`
  })
  afterAll(async () => {
    process.env.PATH = oldPath
    await rm(dir, { recursive: true, force: true })
  })

  async function lookupWith(config: unknown) {
    const configDir = await mkdtemp(path.join(dir, 'config-'))
    await writeFile(path.join(configDir, 'config.json'), JSON.stringify(config))
    return dockerCredentials({ env: { DOCKER_CONFIG: configDir, PATH: `${bin}:${oldPath ?? ''}` } })
  }

  it('auths: base64 auth, username/password, identitytoken, keys with a scheme and a path', async () => {
    const lookup = await lookupWith({
      auths: {
        'https://index.docker.io/v1/': { auth: Buffer.from('hub-user:hub:pass').toString('base64') },
        'ghcr.io': { username: 'gh', password: 'ghp_x' },
        'https://quay.io/v2/': { identitytoken: 'quay-refresh' }
      }
    })
    expect(await lookup('docker.io')).toMatchObject({ username: 'hub-user', password: 'hub:pass' })
    expect(await lookup('ghcr.io')).toMatchObject({ username: 'gh', password: 'ghp_x' })
    expect(await lookup('quay.io')).toMatchObject({ identityToken: 'quay-refresh' })
    // Never another host's: not a prefix, not a subdomain.
    expect(await lookup('ghcr.io.evil.example')).toBeUndefined()
    expect(await lookup('evil.ghcr.io')).toBeUndefined()
  })

  it('credHelpers for one host, credsStore for the rest, through the real helper program', async () => {
    const lookup = await lookupWith({ credHelpers: { 'helped.example': 'test' }, credsStore: 'test' })
    expect(await lookup('helped.example')).toEqual({
      username: 'helper-user',
      password: 'helper-secret',
      origin: 'docker-credential-test'
    })
    expect(await lookup('stored.example')).toMatchObject({ username: 'store-user' })
    // "<token>" as the user: the secret is an identity token.
    expect(await lookup('docker.io')).toEqual({
      identityToken: 'refresh-token',
      origin: 'docker-credential-test'
    })
    expect(await lookup('unknown.example')).toBeUndefined()
  })

  it('a helper that is missing, or a helper name that is a path, is one line', async () => {
    await expect((await lookupWith({ credsStore: 'absent' }))('x.example')).rejects.toThrow(
      'the docker config names the credential helper docker-credential-absent, which is not on PATH'
    )
    await expect((await lookupWith({ credsStore: '../../bin/sh' }))('x.example')).rejects.toThrow(
      /not a plain name/
    )
  })

  it('the explicit credential (the action registry-token) only for its registry, after the docker config', async () => {
    const configDir = await mkdtemp(path.join(dir, 'config-'))
    const explicit = new Map([
      ['ghcr.io', { username: 'x-access-token', password: 'ghs_token', origin: 'registry-token' }]
    ])
    const lookup = dockerCredentials({ env: { DOCKER_CONFIG: configDir }, explicit })
    expect(await lookup('ghcr.io')).toMatchObject({ password: 'ghs_token' })
    expect(await lookup('docker.io')).toBeUndefined()
    await writeFile(
      path.join(configDir, 'config.json'),
      JSON.stringify({ auths: { 'ghcr.io': { username: 'me', password: 'pat' } } })
    )
    expect(await dockerCredentials({ env: { DOCKER_CONFIG: configDir }, explicit })('ghcr.io')).toMatchObject(
      { password: 'pat' }
    )
  })
})
