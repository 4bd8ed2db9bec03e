// OCI image layout directories as skopeo writes them from the real fixtures: each image read from its
// layout must give the same report as from its archive; and a layout is untrusted input (blob paths
// from digests, symlinks out of the directory, FIFOs, wrong sizes).
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { readImage } from '../../src/image/read.js'
import type { BlobStore } from '../../src/image/blob-store.js'
import { StoreReader, readStoreImage } from '../../src/image/store-read.js'
import type { Image } from '../../src/image/types.js'
import { captureFor, evaluate, loadPolicy } from '../../src/policy/index.js'
import { buildInspectReport } from '../../src/report/inspect.js'
import { LayoutStore } from '../../src/source/layout.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'
import { describeWithTools } from '../helpers/tools.js'
import { sha256 } from '../../__fixtures__/archive.js'
import { multiPlatformLayout } from '../helpers/registry.js'

const FIXTURES = [
  'alpine-3.20.docker26.tar',
  'alpine-3.20.oci-zstd.tar',
  'app-alpine.docker20.tar',
  'app-alpine.docker26.tar',
  'app-distroless.containerd.tar',
  'busybox-musl.docker20.tar',
  'distroless-static.containerd.tar'
]

function skopeoSource(name: string): string {
  return name.includes('oci-zstd') ? `oci-archive:${fixture(name)}` : `docker-archive:${fixture(name)}`
}

/** What must not depend on where the image was read from. */
function comparable(image: Image, violations: unknown[]) {
  const report = buildInspectReport(image)
  return {
    ...report,
    // Where the bytes came from and how they were stored there: the layout, its blob names, its
    // manifest (skopeo writes an OCI manifest for a Docker one), its layer compression.
    layout: undefined,
    manifestDigest: undefined,
    // skopeo writes the Docker config as an OCI config: another digest, the same settings (compared).
    digest: undefined,
    repoTags: undefined,
    reference: undefined,
    compressedSize: undefined,
    layers: report.layers.map((layer) => ({ ...layer, compressedSize: 0, compression: '', digest: '' })),
    violations
  }
}

describeWithFixtures('OCI layout directories written by skopeo', () => {
  describeWithTools(['skopeo'], 'read like their archives', () => {
    let work: string
    beforeAll(async () => {
      work = await mkdtemp(path.join(tmpdir(), 'ipg-layout-'))
    })
    afterAll(async () => {
      await rm(work, { recursive: true, force: true })
    })

    for (const name of FIXTURES) {
      for (const decompress of [false, true]) {
        it(`${name}${decompress ? ', layers as in the archive' : ', layers compressed'}: the same report as the archive`, async () => {
          const dir = path.join(work, `${name}${decompress ? '-plain' : ''}`)
          execFileSync('skopeo', [
            'copy',
            '-q',
            ...(decompress ? ['--dest-oci-accept-uncompressed-layers'] : []),
            skopeoSource(name),
            `oci:${dir}:gated`
          ])
          const policy = await loadPolicy('strict')
          const capture = captureFor(policy)
          const fromArchive = await readImage({ kind: 'file', path: fixture(name) }, { capture })
          const fromLayout = await readStoreImage(new LayoutStore(dir), { capture, verifyDigests: true })
          expect(fromLayout.layout).toBe('oci')
          expect(fromLayout.repoTags).toEqual(['gated'])
          // skopeo's docker-archive source hands out layers uncompressed; its oci-archive source as stored.
          const compressions = new Set(fromLayout.layers.map((layer) => layer.compression))
          const stored = name.includes('zstd') ? 'zstd' : decompress ? 'none' : 'gzip'
          expect(compressions).toEqual(new Set([stored]))
          const violations = (image: Image) => evaluate(image, policy).violations
          expect(comparable(fromLayout, violations(fromLayout))).toEqual(
            comparable(fromArchive, violations(fromArchive))
          )
        })
      }
    }

    it('--image selects by org.opencontainers.image.ref.name among several images', async () => {
      const dir = path.join(work, 'two')
      execFileSync('skopeo', ['copy', '-q', skopeoSource(FIXTURES[0]), `oci:${dir}:alpine`])
      execFileSync('skopeo', ['copy', '-q', skopeoSource(FIXTURES[5]), `oci:${dir}:busybox`])
      const busybox = await readStoreImage(new LayoutStore(dir), { image: 'busybox' })
      expect(busybox.fs.lstat('/bin/[')?.inode.type).toBe('file')
      const alpine = await readStoreImage(new LayoutStore(dir), { image: 'alpine' })
      expect(alpine.fs.lstat('/sbin/apk')).toBeDefined()
      await expect(readStoreImage(new LayoutStore(dir))).rejects.toThrow(
        /holds several images; choose one with --image or --platform: alpine \(linux\/amd64\); busybox \(linux\/amd64\)/
      )
      await expect(readStoreImage(new LayoutStore(dir), { image: 'nginx' })).rejects.toThrow(
        /no image "nginx" in layout .*two; it holds alpine/
      )
    })

    describe_hostile()

    function describe_hostile(): void {
      let dir: string
      let manifestDigest: string
      let layerDigest: string
      let configDigest: string
      const blob = (digest: string) => path.join(dir, 'blobs', ...digest.split(':'))
      const read = () => readStoreImage(new LayoutStore(dir), { verifyDigests: false })

      beforeAll(async () => {
        dir = path.join(work, 'hostile')
        execFileSync('skopeo', ['copy', '-q', skopeoSource('busybox-musl.docker20.tar'), `oci:${dir}:x`])
        const index = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as {
          manifests: { digest: string }[]
        }
        manifestDigest = index.manifests[0].digest
        const manifest = JSON.parse(await readFile(blob(manifestDigest), 'utf8')) as {
          config: { digest: string }
          layers: { digest: string }[]
        }
        configDigest = manifest.config.digest
        layerDigest = manifest.layers[0].digest
      })

      /** Replaces a blob for one test. */
      async function withBlob(
        digest: string,
        replace: (file: string) => Promise<void>,
        test: () => Promise<void>
      ) {
        const file = blob(digest)
        const saved = await readFile(file)
        await unlink(file)
        try {
          await replace(file)
          await test()
        } finally {
          await rm(file, { force: true })
          await writeFile(file, saved)
        }
      }

      it('a layer blob that is a symlink out of the directory is refused', async () => {
        const outside = path.join(work, 'outside-layer')
        await writeFile(outside, await readFile(blob(layerDigest)))
        await withBlob(
          layerDigest,
          (file) => symlink(outside, file),
          async () => {
            await expect(read()).rejects.toThrow(/is a link to a file outside the layout directory; refused/)
          }
        )
      })

      it('a config that is a symlink to /etc/passwd is refused without reading it', async () => {
        await withBlob(
          configDigest,
          (file) => symlink('/etc/passwd', file),
          async () => {
            await expect(read()).rejects.toThrow(
              /image config blobs\/sha256\/[0-9a-f]{64} is a link to a file outside/
            )
          }
        )
      })

      it('a symlink to another blob inside the directory is followed', async () => {
        const copy = path.join(dir, 'blobs', 'sha256', 'copy-of-layer')
        await writeFile(copy, await readFile(blob(layerDigest)))
        try {
          await withBlob(
            layerDigest,
            (file) => symlink('copy-of-layer', file),
            async () => {
              const image = await readStoreImage(new LayoutStore(dir), { verifyDigests: true })
              expect(image.fs.lstat('/bin/[')).toBeDefined()
            }
          )
        } finally {
          await rm(copy)
        }
      })

      it('blobs/ itself a symlink out of the directory is refused', async () => {
        const other = path.join(work, 'hostile-blobs')
        await rm(other, { recursive: true, force: true })
        execFileSync('cp', ['-r', path.join(dir, 'blobs'), other])
        const moved = path.join(work, 'hostile-blobs-saved')
        execFileSync('mv', [path.join(dir, 'blobs'), moved])
        try {
          await symlink(other, path.join(dir, 'blobs'))
          await expect(read()).rejects.toThrow(/outside the layout directory; refused/)
        } finally {
          await unlink(path.join(dir, 'blobs'))
          execFileSync('mv', [moved, path.join(dir, 'blobs')])
        }
      })

      it('a FIFO planted as a blob is refused without waiting for a writer', async () => {
        await withBlob(
          layerDigest,
          (file) => Promise.resolve(void execFileSync('mkfifo', [file])),
          async () => {
            await expect(read()).rejects.toThrow(/is not a regular file/)
          }
        )
      })

      it("a blob whose size is not its descriptor's is refused", async () => {
        const bytes = await readFile(blob(layerDigest))
        await withBlob(
          layerDigest,
          (file) => writeFile(file, Buffer.concat([bytes, Buffer.alloc(512)])),
          async () => {
            await expect(read()).rejects.toThrow(/is \d+ bytes, but its descriptor says \d+/)
          }
        )
      })

      it('a changed layer is caught by --verify-digests', async () => {
        const bytes = Buffer.from(await readFile(blob(layerDigest)))
        // The gzip header's time stamp: the data still inflates, only the digest tells.
        bytes[4] ^= 0xff
        await withBlob(
          layerDigest,
          (file) => writeFile(file, bytes),
          async () => {
            await expect(readStoreImage(new LayoutStore(dir), { verifyDigests: true })).rejects.toThrow(
              /content digest is sha256:[0-9a-f]{64}, expected sha256:/
            )
          }
        )
      })

      it('a digest that is a path is refused before anything is opened', async () => {
        const index = await readFile(path.join(dir, 'index.json'))
        try {
          await writeFile(
            path.join(dir, 'index.json'),
            JSON.stringify({
              schemaVersion: 2,
              manifests: [
                {
                  mediaType: 'application/vnd.oci.image.manifest.v1+json',
                  digest: 'sha256:../../../etc/passwd',
                  size: 1
                }
              ]
            })
          )
          await expect(read()).rejects.toThrow(/invalid digest/)
        } finally {
          await writeFile(path.join(dir, 'index.json'), index)
        }
      })

      it('a missing blob names the blob', async () => {
        await withBlob(
          layerDigest,
          () => Promise.resolve(),
          async () => {
            await expect(read()).rejects.toThrow(
              /layer blobs\/sha256\/[0-9a-f]{64} named by the manifest is not in the layout/
            )
          }
        )
      })

      it('a directory that is not a layout says what it is not', async () => {
        const empty = path.join(work, 'not-a-layout')
        await mkdir(empty, { recursive: true })
        await expect(readStoreImage(new LayoutStore(empty))).rejects.toThrow(
          /not an OCI image layout \(no oci-layout file\)/
        )
        expect(await readdir(empty)).toEqual([])
      })

      it('the manifest is checked against its digest with --verify-digests', async () => {
        const bytes = Buffer.from(await readFile(blob(manifestDigest)))
        const changed = Buffer.from(bytes.toString('utf8').replace('"schemaVersion":2', '"schemaVersion": 2'))
        expect(sha256(changed)).not.toBe(manifestDigest)
        await withBlob(
          manifestDigest,
          (file) => writeFile(file, changed),
          async () => {
            const index = await readFile(path.join(dir, 'index.json'), 'utf8')
            await writeFile(
              path.join(dir, 'index.json'),
              index.replace(/"size":\d+/, `"size":${changed.length}`)
            )
            try {
              await expect(readStoreImage(new LayoutStore(dir), { verifyDigests: true })).rejects.toThrow(
                /manifest blobs\/sha256\/[0-9a-f]{64}: content digest is/
              )
            } finally {
              await writeFile(path.join(dir, 'index.json'), index)
            }
          }
        )
      })
    }
  })
})

describeWithFixtures('several platforms of one layout read in one run', () => {
  describeWithTools(['skopeo'], 'a layer shared by two platforms', () => {
    let work: string
    beforeAll(async () => {
      work = await mkdtemp(path.join(tmpdir(), 'ipg-layout-shared-'))
    })
    afterAll(async () => {
      await rm(work, { recursive: true, force: true })
    })

    it('is read and indexed once, and both images get all of it', async () => {
      const dir = path.join(work, 'shared')
      // The same Alpine twice, the second relabelled arm64: two configs, one layer.
      const alpine = `docker-archive:${fixture('alpine-3.20.docker26.tar')}`
      await multiPlatformLayout(dir, { amd64: alpine, arm64: alpine }, 'shared')
      const store = new LayoutStore(dir)
      const layerReads: string[] = []
      const counting: BlobStore = {
        name: store.name,
        layout: store.layout,
        untrusted: store.untrusted,
        parallelLayers: store.parallelLayers,
        root: (max) => store.root(max),
        document: (descriptor, what, max) => store.document(descriptor, what, max),
        layer: (descriptor, target, signal) => {
          layerReads.push(descriptor.digest)
          return store.layer(descriptor, target, signal)
        }
      }
      const reader = new StoreReader(counting, { verifyDigests: true })
      const candidates = await reader.candidates()
      expect(candidates.map((candidate) => candidate.platform?.architecture)).toEqual(['amd64', 'arm64'])
      reader.expect(candidates)
      const [amd64, arm64] = [await reader.read(candidates[0]), await reader.read(candidates[1])]
      expect(layerReads).toHaveLength(1)
      expect(arm64.platform.architecture).toBe('arm64')
      expect(arm64.fs.entryCount).toBe(amd64.fs.entryCount)
      expect(arm64.fs.lstat('/sbin/apk')).toBeDefined()
    })
  })
})
