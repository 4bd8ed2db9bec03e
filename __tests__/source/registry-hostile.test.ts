// A real registry (distribution 2.8) behind a proxy that answers 429 and 503, cuts blobs off part-way,
// ignores Range, redirects blobs to another host (recording whether Authorization arrived there),
// corrupts blobs and manifests; and a multi-platform index with an attestation manifest. Every
// hostile answer ends in one RegistryError/ImageReadError line, with nothing sent where it should not go.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { UserError } from '../../src/common/errors.js'
import { readStoreImage } from '../../src/image/store-read.js'
import { LayoutStore } from '../../src/source/layout.js'
import { RegistryStore } from '../../src/source/registry/store.js'
import type { RegistryClientOptions } from '../../src/source/registry/client.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'
import {
  type ProxyAction,
  type RunningRegistry,
  multiPlatformLayout,
  push,
  startProxy,
  startRegistry,
  startServer
} from '../helpers/registry.js'
import { describeWithTools } from '../helpers/tools.js'

const FAST_RETRY = { attempts: 4, baseDelayMs: 20, maxRetryAfterMs: 5000 }
const anonymous: RegistryClientOptions = { credentials: () => Promise.resolve(undefined), retry: FAST_RETRY }

/** The error a read ends with: a user error (exit 2), its one line. */
async function failure(read: Promise<unknown>): Promise<string> {
  const error = await read.then(
    () => undefined,
    (thrown: unknown) => thrown
  )
  expect(error).toBeInstanceOf(UserError)
  const message = (error as Error).message
  expect(message).not.toContain('\n')
  return message
}

describeWithFixtures('hostile registry answers', () => {
  describeWithTools(['docker-registry', 'skopeo', 'htpasswd'], 'distribution 2.8 behind a proxy', () => {
    let registry: RunningRegistry
    let layerDigest: string
    let smallLayerDigest: string
    let configDigest: string
    let decide: (request: { method: string; path: string; range: string | undefined }) => ProxyAction
    let proxy: Awaited<ReturnType<typeof startProxy>>
    const forward: ProxyAction = { kind: 'forward' }
    const isLayer = (p: string) => p.endsWith(`/blobs/${layerDigest}`)

    beforeAll(async () => {
      registry = await startRegistry()
      // Layers gzip-compressed on the way, as skopeo and docker push do.
      await push(
        `docker-archive:${fixture('app-alpine.docker26.tar')}`,
        `${registry.host}/app:1`,
        undefined,
        true
      )
      const manifest = (await (
        await fetch(`http://${registry.host}/v2/app/manifests/1`, {
          headers: { accept: 'application/vnd.docker.distribution.manifest.v2+json' }
        })
      ).json()) as { config: { digest: string }; layers: { digest: string; size: number }[] }
      // The largest layer: Alpine's.
      const bySize = [...manifest.layers].sort((a, b) => b.size - a.size)
      layerDigest = bySize[0].digest
      smallLayerDigest = bySize[bySize.length - 1].digest
      configDigest = manifest.config.digest
      proxy = await startProxy(registry.host, (request) => decide(request))
    }, 60_000)
    afterAll(async () => {
      await proxy.stop()
      await registry.stop()
    })
    const read = (options: RegistryClientOptions = anonymous, limits = {}) =>
      readStoreImage(new RegistryStore(`${proxy.host}/app:1`, options), { limits })

    it('429 with Retry-After: waits and reads', async () => {
      let refused = 0
      decide = (request) =>
        request.path.includes('/manifests/') && refused++ < 2
          ? { kind: 'answer', status: 429, headers: { 'retry-after': '1' } }
          : forward
      const started = proxy.requests.length
      const lines: string[] = []
      const image = await read({ ...anonymous, log: (line) => lines.push(line) })
      expect(image.fs.lstat('/srv/hello')).toBeDefined()
      expect(proxy.requests.slice(started).filter((r) => r.url.includes('/manifests/'))).toHaveLength(3)
      expect(lines.filter((line) => /HTTP 429 .*retrying in 1\.0 s/.test(line))).toHaveLength(2)
    })

    it('429 for ever: one line that says rate limited', async () => {
      decide = (request) =>
        request.path.includes('/manifests/')
          ? { kind: 'answer', status: 429, headers: { 'retry-after': '0' } }
          : forward
      expect(await failure(read())).toBe(
        `repository app on registry ${proxy.host}: rate limited (HTTP 429) for manifest 1 after 4 tries: retry later, or log in for a higher limit`
      )
    })

    it('a Retry-After beyond the bound is not waited for', async () => {
      decide = (request) =>
        request.path.includes('/manifests/')
          ? { kind: 'answer', status: 429, headers: { 'retry-after': '3600' } }
          : forward
      expect(await failure(read())).toMatch(/rate limited \(HTTP 429\) for manifest 1, retry after 3600 s/)
    })

    it('503 twice on a blob: retried', async () => {
      let failed = 0
      decide = (request) =>
        isLayer(request.path) && failed++ < 2 ? { kind: 'answer', status: 503 } : forward
      const image = await read()
      expect(image.layers).toHaveLength(3)
      expect(failed).toBe(3)
    })

    it('a blob cut off part-way is resumed with a Range request', async () => {
      let cut = false
      decide = (request) => {
        if (!isLayer(request.path) || cut) return forward
        cut = true
        return { kind: 'forward', resetAfter: 1_000_000 }
      }
      const started = proxy.requests.length
      const image = await read()
      expect(image.fs.lstat('/sbin/apk')).toBeDefined()
      const ranges = proxy.requests.slice(started).filter((r) => isLayer(r.url))
      expect(ranges.map((request) => request.range)).toEqual([undefined, 'bytes=1000000-'])
    })

    it('a registry that ignores Range: read again from the start, the bytes already had skipped', async () => {
      let cut = false
      decide = (request) => {
        if (!isLayer(request.path)) return forward
        if (!cut) {
          cut = true
          return { kind: 'forward', resetAfter: 700_000 }
        }
        return { kind: 'forward', stripRange: true }
      }
      const image = await read()
      expect(image.fs.lstat('/sbin/apk')).toBeDefined()
    })

    it('a blob that is cut off on every try ends in one line', async () => {
      decide = (request) => (isLayer(request.path) ? { kind: 'forward', resetAfter: 100_000 } : forward)
      expect(await failure(read())).toMatch(
        new RegExp(
          `^registry ${proxy.host}, repository app: blob ${layerDigest}: the connection failed after \\d+ bytes \\(4 tries\\)`
        )
      )
    })

    it('a layer whose bytes do not match its digest: one line naming both digests', async () => {
      decide = (request) => (isLayer(request.path) ? { kind: 'forward', corrupt: true } : forward)
      const message = await failure(read())
      expect(message).toMatch(
        new RegExp(
          `^registry ${proxy.host}, repository app: layer blobs/sha256/${layerDigest.slice(7)}: content digest is sha256:[0-9a-f]{64}, expected ${layerDigest}$`
        )
      )
    })

    it('another blob served for the one asked for (shorter): one line, no retry', async () => {
      decide = (request) =>
        isLayer(request.path)
          ? { kind: 'forward', path: request.path.replace(layerDigest, smallLayerDigest) }
          : forward
      const started = proxy.requests.length
      expect(await failure(read())).toMatch(
        new RegExp(
          `^registry ${proxy.host}, repository app: blob ${layerDigest} is \\d+ bytes, shorter than the \\d+ its descriptor says$`
        )
      )
      expect(proxy.requests.slice(started).filter((r) => isLayer(r.url))).toHaveLength(1)
    })

    it('a config whose bytes do not match its digest', async () => {
      decide = (request) =>
        request.path.endsWith(`/blobs/${configDigest}`) ? { kind: 'forward', corrupt: true } : forward
      expect(await failure(read())).toMatch(
        new RegExp(
          `^registry ${proxy.host}, repository app: image config blobs/sha256/${configDigest.slice(7)}: content digest is sha256:[0-9a-f]{64}, expected ${configDigest}$`
        )
      )
    })

    it('a manifest fetched by digest whose bytes do not match', async () => {
      decide = () => forward
      const byTag = await read()
      const digest = byTag.manifestDigest ?? ''
      decide = (request) =>
        request.path.includes('/manifests/') ? { kind: 'forward', corrupt: true } : forward
      expect(
        await failure(readStoreImage(new RegistryStore(`${proxy.host}/app@${digest}`, anonymous)))
      ).toMatch(/manifest .*: content digest is sha256:[0-9a-f]{64}, expected sha256:/)
    })

    it("a manifest by tag that is not what the registry's Docker-Content-Digest says", async () => {
      decide = (request) =>
        request.path.includes('/manifests/')
          ? { kind: 'forward', extraHeaders: { 'docker-content-digest': `sha256:${'0'.repeat(64)}` } }
          : forward
      expect(await failure(read())).toMatch(
        /the manifest of .*app:1 has digest sha256:[0-9a-f]{64}, but the registry says sha256:0{64}/
      )
    })

    it('a manifest over --max-metadata-bytes is refused before it is read', async () => {
      decide = () => forward
      expect(await failure(read(anonymous, { maxMetadataBytes: 100 }))).toMatch(
        /manifest 1 is \d+ bytes, over the metadata limit of 100 \(limit --max-metadata-bytes\)/
      )
    })

    it('a manifest without Content-Length is cut off at --max-metadata-bytes as it is read', async () => {
      decide = (request) =>
        request.path.includes('/manifests/')
          ? {
              kind: 'answer',
              status: 200,
              // No Content-Length: Node sends it chunked.
              headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
              body: JSON.stringify({ schemaVersion: 2, padding: 'x'.repeat(5000) })
            }
          : forward
      expect(await failure(read(anonymous, { maxMetadataBytes: 1000 }))).toMatch(
        /manifest 1 is over the metadata limit of 1000 bytes \(limit --max-metadata-bytes\)$/
      )
    })

    it('403 is one line that says what to check', async () => {
      decide = (request) => (request.path.includes('/manifests/') ? { kind: 'answer', status: 403 } : forward)
      expect(await failure(read())).toBe(
        `repository app on registry ${proxy.host}: access denied (HTTP 403) for manifest 1: the credentials are not allowed to pull it (for ghcr.io the token needs read:packages, or the package must grant this repository access)`
      )
    })

    it('a redirect to plain HTTP on a host that is not loopback is refused without a request', async () => {
      decide = (request) =>
        isLayer(request.path)
          ? { kind: 'answer', status: 307, headers: { location: 'http://storage.invalid/blob' } }
          : forward
      expect(await failure(read())).toBe(
        `registry ${proxy.host}, repository app: the registry redirected to http://storage.invalid, not HTTPS; refused`
      )
    })

    it('a schema 1 manifest is refused in words', async () => {
      decide = (request) =>
        request.path.includes('/manifests/')
          ? {
              kind: 'answer',
              status: 200,
              headers: { 'content-type': 'application/vnd.docker.distribution.manifest.v1+prettyjws' },
              body: JSON.stringify({ schemaVersion: 1, name: 'app', tag: '1', fsLayers: [], history: [] })
            }
          : forward
      expect(await failure(read())).toMatch(
        /the image is a Docker schema 1 manifest, which is deprecated and not read/
      )
    })
  })

  describeWithTools(
    ['docker-registry', 'skopeo', 'htpasswd'],
    'credentials and redirects to another host',
    () => {
      const user = { user: 'gate', password: 'Redirect-3' }
      let registry: RunningRegistry
      let storage: Awaited<ReturnType<typeof startServer>>
      let proxy: Awaited<ReturnType<typeof startProxy>>
      let mode: 'redirect' | 'storage-401' = 'redirect'
      beforeAll(async () => {
        registry = await startRegistry({ htpasswd: user })
        await push(
          `docker-archive:${fixture('busybox-musl.docker20.tar')}`,
          `${registry.host}/busybox:1`,
          user
        )
        // Blob storage on another host (127.0.0.2): fetches from the registry with its own credentials.
        storage = await startServer(async (request, response) => {
          if (mode === 'storage-401') {
            response.writeHead(401, { 'www-authenticate': 'Basic realm="storage"' }).end()
            return
          }
          const answer = await fetch(`http://${registry.host}${request.url ?? ''}`, {
            headers: {
              authorization: `Basic ${Buffer.from(`${user.user}:${user.password}`).toString('base64')}`
            }
          })
          response.writeHead(answer.status, { 'content-length': answer.headers.get('content-length') ?? '' })
          response.end(Buffer.from(await answer.arrayBuffer()))
        }, '127.0.0.2')
        proxy = await startProxy(registry.host, (request) =>
          request.path.includes('/blobs/sha256:')
            ? {
                kind: 'answer',
                status: 307,
                headers: { location: `${storage.origin}${request.path}?signed=1` }
              }
            : { kind: 'forward' }
        )
      }, 60_000)
      afterAll(async () => {
        await proxy.stop()
        await storage.stop()
        await registry.stop()
      })

      const credentialFor = (host: string): RegistryClientOptions => ({
        credentials: (asked) =>
          Promise.resolve(
            asked === host ? { username: user.user, password: user.password, origin: 'test' } : undefined
          ),
        retry: FAST_RETRY
      })

      it('follows the redirect without sending Authorization to the other host', async () => {
        mode = 'redirect'
        const image = await readStoreImage(
          new RegistryStore(`${proxy.host}/busybox:1`, credentialFor(proxy.host))
        )
        expect(image.fs.lstat('/bin/[')).toBeDefined()
        expect(storage.requests.length).toBeGreaterThanOrEqual(2)
        expect(storage.requests.every((request) => request.authorization === undefined)).toBe(true)
        // The registry itself got the credential on every request after the challenge.
        const registryRequests = proxy.requests.filter((request) => request.url !== '/v2/')
        expect(registryRequests.every((request) => request.authorization?.startsWith('Basic '))).toBe(true)
      })

      it('storage that asks for credentials gets none, and the read ends in one line', async () => {
        mode = 'storage-401'
        const before = storage.requests.length
        const message = await failure(
          readStoreImage(new RegistryStore(`${proxy.host}/busybox:1`, credentialFor(proxy.host)))
        )
        expect(message).toMatch(
          /not authorized \(HTTP 401\) for (blob|image config) sha256:[0-9a-f]{64} \(redirected to 127\.0\.0\.2:\d+\)/
        )
        expect(storage.requests.slice(before).every((request) => request.authorization === undefined)).toBe(
          true
        )
      })

      it('a credential filed for another registry is never sent', async () => {
        mode = 'redirect'
        const before = proxy.requests.length
        const message = await failure(
          readStoreImage(new RegistryStore(`${proxy.host}/busybox:1`, credentialFor(registry.host)))
        )
        expect(message).toMatch(/not authorized \(HTTP 401\)/)
        expect(proxy.requests.slice(before).every((request) => request.authorization === undefined)).toBe(
          true
        )
      })
    }
  )

  describeWithTools(
    ['docker-registry', 'skopeo'],
    'a multi-platform index with an attestation manifest',
    () => {
      let registry: RunningRegistry
      let work: string
      let layout: string
      let digests: Awaited<ReturnType<typeof multiPlatformLayout>>
      let proxy: Awaited<ReturnType<typeof startProxy>>
      beforeAll(async () => {
        work = await mkdtemp(path.join(tmpdir(), 'ipg-multi-'))
        layout = path.join(work, 'layout')
        digests = await multiPlatformLayout(
          layout,
          {
            amd64: `docker-archive:${fixture('alpine-3.20.docker26.tar')}`,
            arm64: `docker-archive:${fixture('busybox-musl.docker20.tar')}`
          },
          'multi'
        )
        registry = await startRegistry()
        await push(`oci:${layout}:multi`, `${registry.host}/multi:1`)
        proxy = await startProxy(registry.host, () => ({ kind: 'forward' }))
      }, 60_000)
      afterAll(async () => {
        await proxy.stop()
        await registry.stop()
        await rm(work, { recursive: true, force: true })
      })

      for (const where of ['registry', 'layout'] as const) {
        const store = () =>
          where === 'registry'
            ? new RegistryStore(`${proxy.host}/multi:1`, anonymous)
            : new LayoutStore(layout)

        it(`${where}: --platform picks each platform; the attestation is never an image`, async () => {
          const arm = await readStoreImage(store(), { platform: 'linux/arm64' })
          expect(arm.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' })
          expect(arm.manifestDigest).toBe(digests.arm64)
          expect(arm.fs.lstat('/bin/[')).toBeDefined()
          const amd = await readStoreImage(store(), { platform: 'linux/amd64' })
          expect(amd.manifestDigest).toBe(digests.amd64)
          expect(amd.fs.lstat('/sbin/apk')).toBeDefined()
          const message = await failure(readStoreImage(store(), { platform: 'linux/s390x' }))
          expect(message).toMatch(
            /no image for platform linux\/s390x .*\(linux\/amd64\); .*\(linux\/arm64\/v8\)$/
          )
          expect(message).not.toContain('unknown')
        })
      }

      it("registry: the attestation manifest and the other platform's layers are never fetched", async () => {
        const before = proxy.requests.length
        await readStoreImage(new RegistryStore(`${proxy.host}/multi:1`, anonymous), {
          platform: 'linux/arm64'
        })
        const urls = proxy.requests.slice(before).map((request) => request.url)
        expect(urls.some((url) => url.endsWith(`/manifests/${digests.attestation}`))).toBe(false)
        expect(urls.some((url) => url.endsWith(`/manifests/${digests.arm64}`))).toBe(true)
        // One index, two platform manifests, one config and one layer (busybox's).
        expect(urls.filter((url) => url.includes('/blobs/'))).toHaveLength(2)
      })
    }
  )
})
