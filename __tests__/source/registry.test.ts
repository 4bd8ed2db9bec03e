// Reading images straight from a real registry (distribution 2.8), anonymous, with basic auth and with
// the token flow; each image compared with the same image read from its archive.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { readImage } from '../../src/image/read.js'
import { readStoreImage } from '../../src/image/store-read.js'
import type { Image } from '../../src/image/types.js'
import { captureFor, evaluate, loadPolicy } from '../../src/policy/index.js'
import { buildInspectReport } from '../../src/report/inspect.js'
import type { Credential } from '../../src/source/registry/credentials.js'
import { RegistryStore } from '../../src/source/registry/store.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'
import {
  type RunningRegistry,
  push,
  startProxy,
  startRegistry,
  startTokenService,
  type TokenService
} from '../helpers/registry.js'
import { describeWithTools } from '../helpers/tools.js'

const FAST_RETRY = { attempts: 4, baseDelayMs: 20, maxRetryAfterMs: 5000 }
const anonymous = () => Promise.resolve(undefined)
const withCredential = (registry: string, credential: Credential) => (asked: string) =>
  Promise.resolve(asked === registry ? credential : undefined)

function comparable(image: Image, violations: unknown[]) {
  const report = buildInspectReport(image)
  return {
    ...report,
    layout: undefined,
    manifestDigest: undefined,
    digest: undefined,
    repoTags: undefined,
    reference: undefined,
    compressedSize: undefined,
    layers: report.layers.map((layer) => ({ ...layer, compressedSize: 0, compression: '', digest: '' })),
    violations
  }
}

async function sameAsArchive(fromRegistry: Image, archive: string): Promise<void> {
  const policy = await loadPolicy('strict')
  const fromArchive = await readImage(
    { kind: 'file', path: fixture(archive) },
    { capture: captureFor(policy) }
  )
  expect(comparable(fromRegistry, evaluate(fromRegistry, policy).violations)).toEqual(
    comparable(fromArchive, evaluate(fromArchive, policy).violations)
  )
}

describeWithFixtures('images from a real registry', () => {
  describeWithTools(['docker-registry', 'skopeo', 'htpasswd', 'openssl'], 'distribution 2.8', () => {
    describe('anonymous', () => {
      let registry: RunningRegistry
      beforeAll(async () => {
        registry = await startRegistry()
        await push(`docker-archive:${fixture('app-alpine.docker26.tar')}`, `${registry.host}/app:1`)
        await push(
          `docker-archive:${fixture('distroless-static.containerd.tar')}`,
          `${registry.host}/base/distroless:12`
        )
      }, 60_000)
      afterAll(() => registry.stop())

      it('reads an image by tag: the same report as its archive', async () => {
        const policy = await loadPolicy('strict')
        const store = new RegistryStore(`${registry.host}/app:1`, {
          credentials: anonymous,
          retry: FAST_RETRY
        })
        const image = await readStoreImage(store, { capture: captureFor(policy) })
        expect(image.layout).toBe('registry')
        expect(image.reference).toBe(`${registry.host}/app:1`)
        expect(image.manifestDigest).toMatch(/^sha256:[0-9a-f]{64}$/)
        await sameAsArchive(image, 'app-alpine.docker26.tar')
      })

      it('reads an image by digest, and a nested repository', async () => {
        const byTag = await readStoreImage(
          new RegistryStore(`${registry.host}/base/distroless:12`, { credentials: anonymous }),
          {}
        )
        const policy = await loadPolicy('strict')
        const byDigest = await readStoreImage(
          new RegistryStore(`${registry.host}/base/distroless@${byTag.manifestDigest ?? ''}`, {
            credentials: anonymous
          }),
          { capture: captureFor(policy) }
        )
        expect(byDigest.manifestDigest).toBe(byTag.manifestDigest)
        await sameAsArchive(byDigest, 'distroless-static.containerd.tar')
      })

      it('a missing tag and a missing repository are one line each', async () => {
        await expect(
          readStoreImage(new RegistryStore(`${registry.host}/app:nope`, { credentials: anonymous }))
        ).rejects.toThrow(
          `repository app on registry ${registry.host}: manifest nope not found (HTTP 404): check the repository name and the tag or digest`
        )
        await expect(
          readStoreImage(new RegistryStore(`${registry.host}/nothing/here`, { credentials: anonymous }))
        ).rejects.toThrow(/repository nothing\/here on registry .*: manifest latest not found \(HTTP 404\)/)
      })
    })

    describe('basic auth (htpasswd)', () => {
      const user = { user: 'gate', password: 'Secret-1' }
      let registry: RunningRegistry
      beforeAll(async () => {
        registry = await startRegistry({ htpasswd: user })
        await push(
          `docker-archive:${fixture('busybox-musl.docker20.tar')}`,
          `${registry.host}/busybox:1`,
          user
        )
      }, 60_000)
      afterAll(() => registry.stop())

      it('reads with the credential filed for the registry', async () => {
        const credentials = withCredential(registry.host, {
          username: user.user,
          password: user.password,
          origin: 'test'
        })
        const policy = await loadPolicy('strict')
        const image = await readStoreImage(new RegistryStore(`${registry.host}/busybox:1`, { credentials }), {
          capture: captureFor(policy)
        })
        await sameAsArchive(image, 'busybox-musl.docker20.tar')
      })

      it('anonymous and wrong credentials are refused in one line', async () => {
        await expect(
          readStoreImage(new RegistryStore(`${registry.host}/busybox:1`, { credentials: anonymous }))
        ).rejects.toThrow(
          `repository busybox on registry ${registry.host}: not authorized (HTTP 401) for manifest 1: log in (docker login ${registry.host}) or check the credentials in the docker config`
        )
        const wrong = withCredential(registry.host, {
          username: user.user,
          password: 'wrong',
          origin: 'test'
        })
        await expect(
          readStoreImage(new RegistryStore(`${registry.host}/busybox:1`, { credentials: wrong }))
        ).rejects.toThrow(/not authorized \(HTTP 401\)/)
      })
    })

    describe('token flow', () => {
      const user = { user: 'gate', password: 'Token-Pass-2' }
      let tokens: TokenService
      let registry: RunningRegistry
      beforeAll(async () => {
        tokens = await startTokenService({ [user.user]: user.password }, { 'refresh-abc': user.user })
        registry = await startRegistry({ token: tokens.auth })
        await push(
          `docker-archive:${fixture('alpine-3.20.docker26.tar')}`,
          `${registry.host}/private/alpine:3.20`,
          user
        )
        await push(
          `docker-archive:${fixture('alpine-3.20.docker26.tar')}`,
          `${registry.host}/public/alpine:3.20`,
          user
        )
      }, 60_000)
      afterAll(async () => {
        await registry.stop()
        await tokens.stop()
      })

      it('gets a token with the credential and reads the image; the registry verifies the token', async () => {
        const credentials = withCredential(registry.host, {
          username: user.user,
          password: user.password,
          origin: 'test'
        })
        const before = tokens.issued.length
        const policy = await loadPolicy('strict')
        const image = await readStoreImage(
          new RegistryStore(`${registry.host}/private/alpine:3.20`, { credentials }),
          {
            capture: captureFor(policy)
          }
        )
        await sameAsArchive(image, 'alpine-3.20.docker26.tar')
        // One token for the read, cached for every request after it.
        expect(tokens.issued.slice(before)).toEqual([user.user])
      })

      it('an identity token (docker login with a token flow) is exchanged with a refresh-token POST', async () => {
        const credentials = withCredential(registry.host, { identityToken: 'refresh-abc', origin: 'test' })
        const before = tokens.requests.length
        const image = await readStoreImage(
          new RegistryStore(`${registry.host}/private/alpine:3.20`, { credentials })
        )
        expect(image.fs.lstat('/sbin/apk')).toBeDefined()
        const asked = tokens.requests.slice(before)
        expect(asked.map((request) => request.method)).toEqual(['POST'])
        expect(asked[0].authorization).toBeUndefined()
      })

      it('a token the registry stops accepting is asked for again, once', async () => {
        let refused = 0
        const challenge = `Bearer realm="${tokens.auth.realm}",service="${tokens.auth.service}",scope="repository:private/alpine:pull",error="invalid_token"`
        const proxy = await startProxy(registry.host, (request) =>
          request.path.includes('/manifests/') && refused++ === 0
            ? { kind: 'answer', status: 401, headers: { 'www-authenticate': challenge } }
            : { kind: 'forward' }
        )
        try {
          const credentials = withCredential(proxy.host, {
            username: user.user,
            password: user.password,
            origin: 'test'
          })
          const before = tokens.issued.length
          const image = await readStoreImage(
            new RegistryStore(`${proxy.host}/private/alpine:3.20`, { credentials })
          )
          expect(image.fs.lstat('/sbin/apk')).toBeDefined()
          expect(tokens.issued.slice(before)).toEqual([user.user, user.user])
        } finally {
          await proxy.stop()
        }
      })

      it('anonymous: a token without access is refused by the registry', async () => {
        await expect(
          readStoreImage(
            new RegistryStore(`${registry.host}/private/alpine:3.20`, { credentials: anonymous })
          )
        ).rejects.toThrow(/repository private\/alpine on registry .*: not authorized \(HTTP 401\)/)
        const image = await readStoreImage(
          new RegistryStore(`${registry.host}/public/alpine:3.20`, { credentials: anonymous })
        )
        expect(image.fs.lstat('/sbin/apk')).toBeDefined()
      })

      it('wrong credentials: the token service refuses, in one line', async () => {
        const wrong = withCredential(registry.host, {
          username: user.user,
          password: 'nope',
          origin: 'the docker config'
        })
        await expect(
          readStoreImage(new RegistryStore(`${registry.host}/private/alpine:3.20`, { credentials: wrong }))
        ).rejects.toThrow(
          `the token service of registry ${registry.host} (${tokens.auth.realm.replace(/^http:\/\/|\/token$/g, '')}) refused the credentials from the docker config (HTTP 401): check them with docker login ${registry.host}`
        )
      })
    })
  })
})
