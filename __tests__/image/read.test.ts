import { describe, expect, it } from '@jest/globals'
import { Readable } from 'node:stream'
import zlib from 'node:zlib'
import { readImage, type ReadOptions } from '../../src/image/read.js'
import {
  buildImage,
  dockerLegacyArchive,
  dockerOciArchive,
  ociArchive,
  type ImageSpec,
  type LayerCompression
} from '../../__fixtures__/archive.js'

/** Feeds the archive in odd-sized chunks so every parser state meets a chunk boundary. */
function readBuffer(archive: Buffer, options: ReadOptions = {}, chunkSize = 7919) {
  const chunks: Buffer[] = []
  for (let offset = 0; offset < archive.length; offset += chunkSize)
    chunks.push(archive.subarray(offset, offset + chunkSize))
  return readImage({ kind: 'stream', stream: Readable.from(chunks), name: 'test.tar' }, options)
}

const base: ImageSpec = {
  layers: [
    [
      { name: 'bin/', type: 'directory' },
      { name: 'bin/busybox', content: '\x7fELF fake', mode: 0o755 },
      { name: 'bin/sh', linkname: 'busybox' },
      { name: 'etc/', type: 'directory' },
      { name: 'etc/os-release', content: 'ID=test\n' },
      { name: 'tmp/big', content: Buffer.alloc(5000, 1) }
    ],
    [
      { name: 'tmp/.wh.big', content: '' },
      { name: 'app/', type: 'directory' },
      { name: 'app/main', content: 'hello' }
    ]
  ],
  config: { User: 'app', Labels: { a: 'b' }, Env: ['PATH=/bin'] },
  tags: ['demo:1']
}

describe('readImage on every archive layout', () => {
  const cases: [string, (compression: LayerCompression) => Promise<Buffer>][] = [
    [
      'Docker 25+ (OCI + manifest.json)',
      async (compression) => dockerOciArchive([await buildImage({ ...base, compression })])
    ],
    ['Docker legacy', async () => dockerLegacyArchive(await buildImage(base))],
    [
      'Docker legacy with a symlinked layer.tar before its target',
      async () => dockerLegacyArchive(await buildImage(base), { symlinkFirstLayer: true })
    ],
    ['OCI (skopeo/podman)', async (compression) => ociArchive([await buildImage({ ...base, compression })])]
  ]
  for (const [name, build] of cases) {
    for (const compression of ['none', 'gzip', 'zstd'] as LayerCompression[]) {
      if (name.includes('legacy') && compression !== 'none') continue
      it(`${name}, ${compression} layers`, async () => {
        const image = await readBuffer(await build(compression), {
          capture: (path) => (path === '/etc/os-release' ? 100 : 0)
        })
        expect(image.layers.map((layer) => layer.compression)).toEqual([compression, compression])
        expect(image.config.user).toBe('app')
        expect(image.config.labels).toEqual({ a: 'b' })
        expect(image.fs.lstat('/tmp/big')).toBeUndefined()
        expect(image.hiddenBytes).toBe(5000)
        expect(image.fs.stat('/bin/sh')?.path).toBe('/bin/busybox')
        expect(image.fs.readFile('/etc/os-release')?.toString()).toBe('ID=test\n')
        expect(image.fs.lstat('/bin/busybox')?.inode.exec?.format).toBe('elf')
        expect(image.layers[1].createdBy).toBe('layer 1')
        expect(image.layers[0].uncompressedSize).toBeGreaterThan(5000)
        expect(image.repoTags.some((tag) => tag.endsWith('demo:1'))).toBe(true)
      })
    }
  }

  it('reads a whole archive compressed with gzip or zstd', async () => {
    const archive = await dockerOciArchive([await buildImage(base)])
    for (const packed of [zlib.gzipSync(archive), zlib.zstdCompressSync(archive)]) {
      const image = await readBuffer(packed)
      expect(image.fs.lstat('/app/main')?.inode.size).toBe(5)
    }
  })
})

describe('selecting an image', () => {
  it('selects by reference, with or without docker.io/library/, and lists choices when ambiguous', async () => {
    const one = await buildImage({ ...base, tags: ['one:1'] })
    const two = await buildImage({ ...base, config: { User: 'two' }, tags: ['two:2'] })
    const archive = await dockerOciArchive([one, two])
    expect((await readBuffer(archive, { image: 'docker.io/library/two:2' })).config.user).toBe('two')
    expect((await readBuffer(archive, { image: 'one:1' })).config.user).toBe('app')
    await expect(readBuffer(archive)).rejects.toThrow(/several images.*one:1.*two:2/)
    await expect(readBuffer(archive, { image: 'three' })).rejects.toThrow(/no image "three".*one:1/)
  })

  it('recurses through an image index, skips attestations and picks the platform', async () => {
    const amd = await buildImage({ ...base, tags: ['multi:1'] })
    const arm = await buildImage({
      ...base,
      config: { User: 'arm' },
      platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
      tags: ['multi:1']
    })
    const archive = await ociArchive([amd, arm], { nestedIndex: true, attestation: true })
    const image = await readBuffer(archive, { platform: 'linux/arm64' })
    expect(image.config.user).toBe('arm')
    expect(image.platform).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' })
    await expect(readBuffer(archive, { platform: 'linux/s390x' })).rejects.toThrow(
      /no image for platform linux\/s390x.*arm64/
    )
  })
})

describe('--platform on an archive without an image index (docker save)', () => {
  // manifest.json names no platform: the config's os/architecture/variant decide (issue 13 §4).
  it.each([
    ['Docker legacy', dockerLegacyArchive],
    ['Docker 25+', (image: Awaited<ReturnType<typeof buildImage>>) => dockerOciArchive([image])]
  ])('%s: a platform the archive does not hold is an error listing what it holds', async (_name, pack) => {
    const archive = await pack(await buildImage({ ...base, tags: ['app:1'] }))
    await expect(readBuffer(archive, { platform: 'linux/arm64' })).rejects.toThrow(
      /^no image for platform linux\/arm64 in the archive; it holds app:1(, docker.io\/library\/app:1)? \(linux\/amd64\)$/
    )
    expect((await readBuffer(archive, { platform: 'linux/amd64' })).platform).toEqual({
      os: 'linux',
      architecture: 'amd64'
    })
    // The names uname -m prints are the OCI ones.
    expect((await readBuffer(archive, { platform: 'linux/x86_64' })).config.user).toBe('app')
  })

  it('a variant must match the config: linux/arm/v6 is not linux/arm/v7', async () => {
    const arm = await buildImage({
      ...base,
      tags: ['arm:1'],
      platform: { os: 'linux', architecture: 'arm', variant: 'v7' }
    })
    const archive = await dockerLegacyArchive(arm)
    await expect(readBuffer(archive, { platform: 'linux/arm/v6' })).rejects.toThrow(
      /no image for platform linux\/arm\/v6.*arm:1 \(linux\/arm\/v7\)/
    )
    expect((await readBuffer(archive, { platform: 'linux/arm/v7' })).platform.variant).toBe('v7')
    expect((await readBuffer(archive, { platform: 'linux/arm' })).platform.variant).toBe('v7')
  })

  it('picks the one image of the asked platform among several', async () => {
    const amd = await buildImage({ ...base, tags: ['amd:1'] })
    const arm = await buildImage({
      ...base,
      config: { User: 'arm' },
      tags: ['arm:1'],
      platform: { os: 'linux', architecture: 'arm64' }
    })
    const archive = await dockerOciArchive([amd, arm])
    expect((await readBuffer(archive, { platform: 'linux/arm64' })).config.user).toBe('arm')
    expect((await readBuffer(archive, { platform: 'linux/arm64/v8' })).config.user).toBe('arm')
  })

  it('refuses a --platform that is not os/architecture[/variant]', async () => {
    const archive = await dockerOciArchive([await buildImage(base)])
    await expect(readBuffer(archive, { platform: 'arm64' })).rejects.toThrow(
      /--platform "arm64" is not os\/architecture\[\/variant\]/
    )
  })
})

describe('broken archives end in an error that names the problem', () => {
  it('a manifest naming a blob that is not in the archive', async () => {
    const image = await buildImage(base)
    const archive = await dockerOciArchive([image], { omitBlobs: [image.layerBlobs[1]] })
    await expect(readBuffer(archive)).rejects.toThrow(
      /layer blobs\/sha256\/[0-9a-f]{64} named by the manifest is not in the archive/
    )
  })

  it('a truncated archive', async () => {
    const archive = await dockerOciArchive([await buildImage(base)])
    await expect(readBuffer(archive.subarray(0, 3000))).rejects.toThrow(/stream ends inside/)
  })

  it('an archive with no manifest', async () => {
    await expect(readBuffer(Buffer.alloc(1024))).rejects.toThrow(/unknown archive layout/)
  })

  it('a config that disagrees with the manifest on the layer count', async () => {
    const image = await buildImage(base)
    const config = JSON.parse(image.configBytes.toString()) as { rootfs: { diff_ids: string[] } }
    config.rootfs.diff_ids.pop()
    image.configBytes = Buffer.from(JSON.stringify(config))
    await expect(readBuffer(await dockerLegacyArchive(image))).rejects.toThrow(
      /lists 2 layers but the config's rootfs.diff_ids lists 1/
    )
  })

  it('a corrupt gzip layer', async () => {
    const image = await buildImage({ ...base, compression: 'gzip' })
    image.layerBlobs[0] = Buffer.concat([image.layerBlobs[0].subarray(0, 40), Buffer.alloc(200, 7)])
    const archive = await dockerOciArchive([image])
    await expect(readBuffer(archive)).rejects.toThrow(/gzip data is corrupt|stream ends inside/)
  })

  it('digests that do not match their blobs, with --verify-digests', async () => {
    const image = await buildImage(base)
    const config = JSON.parse(image.configBytes.toString()) as { rootfs: { diff_ids: string[] } }
    config.rootfs.diff_ids[1] = 'sha256:' + '0'.repeat(64)
    image.configBytes = Buffer.from(JSON.stringify(config))
    const archive = await dockerLegacyArchive(image)
    await expect(readBuffer(archive)).resolves.toBeDefined()
    await expect(readBuffer(archive, { verifyDigests: true })).rejects.toThrow(
      /uncompressed digest is sha256:[0-9a-f]{64}, but rootfs.diff_ids\[1\]/
    )
  })

  it('invalid JSON and wrong JSON types', async () => {
    const image = await buildImage(base)
    image.configBytes = Buffer.from('{"config": {"User": 5}, "rootfs": {"diff_ids": []}}')
    await expect(readBuffer(await dockerLegacyArchive(image))).rejects.toThrow(/config.User must be a string/)
  })
})

describe('reading a file seeks past bodies no rule needs, with the same result as a stream', () => {
  it('skips large data files but still captures, recognises ELF files and detects truncation', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const path = await import('node:path')
    const spec: ImageSpec = {
      layers: [
        [
          { name: 'data/big1', content: Buffer.alloc(3 * 1024 * 1024, 0x61) },
          {
            name: 'bin/tool',
            content: Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(600 * 1024, 1)]),
            mode: 0o755
          },
          { name: 'data/big2', content: Buffer.alloc(700 * 1024, 0x62) },
          { name: 'etc/os-release', content: 'ID=seek\n' }
        ]
      ],
      tags: ['seek:1']
    }
    const archive = await dockerOciArchive([await buildImage(spec)])
    const dir = await mkdtemp(path.join(tmpdir(), 'ipg-seek-'))
    try {
      const file = path.join(dir, 'image.tar')
      await writeFile(file, archive)
      const capture = (p: string) => (p === '/etc/os-release' ? 100 : 0)
      const fromFile = await readImage({ kind: 'file', path: file }, { capture })
      const fromStream = await readBuffer(archive, { capture })
      const summary = (image: typeof fromFile) =>
        [...image.fs.entries()].map((e) => [
          e.path,
          e.inode.size,
          e.inode.exec?.format,
          e.inode.content?.toString()
        ])
      expect(summary(fromFile)).toEqual(summary(fromStream))
      expect(fromFile.fs.readFile('/etc/os-release')?.toString()).toBe('ID=seek\n')
      expect(fromFile.layers[0].uncompressedSize).toBe(fromStream.layers[0].uncompressedSize)
      await writeFile(file, archive.subarray(0, 2 * 1024 * 1024))
      await expect(readImage({ kind: 'file', path: file })).rejects.toThrow(/stream ends inside/)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('compressed layers of an archive file are read by their own tasks, in parallel', () => {
  it('gives the same image as a stream, and a corrupt layer still fails the read', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises')
    const { tmpdir } = await import('node:os')
    const path = await import('node:path')
    const dir = await mkdtemp(path.join(tmpdir(), 'ipg-detached-'))
    try {
      for (const compression of ['gzip', 'zstd'] as LayerCompression[]) {
        const archive = await dockerOciArchive([await buildImage({ ...base, compression })])
        const file = path.join(dir, `${compression}.tar`)
        await writeFile(file, archive)
        const fromFile = await readImage({ kind: 'file', path: file })
        const fromStream = await readBuffer(archive)
        expect([...fromFile.fs.entries()].map((e) => e.path)).toEqual(
          [...fromStream.fs.entries()].map((e) => e.path)
        )
        expect(fromFile.layers.map((l) => [l.compressedSize, l.uncompressedSize])).toEqual(
          fromStream.layers.map((l) => [l.compressedSize, l.uncompressedSize])
        )
      }
      const broken = await buildImage({ ...base, compression: 'gzip' })
      broken.layerBlobs[1] = Buffer.concat([broken.layerBlobs[1].subarray(0, 30), Buffer.alloc(300, 9)])
      const file = path.join(dir, 'broken.tar')
      await writeFile(file, await dockerOciArchive([broken]))
      await expect(readImage({ kind: 'file', path: file })).rejects.toThrow(
        /gzip data is corrupt|stream ends inside/
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('the seeking walk reuses its read buffer without corrupting what it kept', () => {
  it('reads an archive of alternating large and small files the same way, again and again', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises')
    const { randomBytes } = await import('node:crypto')
    const { tmpdir } = await import('node:os')
    const path = await import('node:path')
    // Large bodies are skipped, the next read lands in the same buffer; small ones are captured and compared.
    const items = Array.from({ length: 80 }, (_, index) => [
      { name: `big/${index}`, content: randomBytes(300 * 1024 + index * 7) },
      { name: `small/${index}`, content: `small file ${index} ${'x'.repeat(index * 13)}` }
    ]).flat()
    const archive = await dockerOciArchive([await buildImage({ layers: [items], tags: ['seek:2'] })])
    const dir = await mkdtemp(path.join(tmpdir(), 'ipg-seek2-'))
    try {
      const file = path.join(dir, 'image.tar')
      await writeFile(file, archive)
      for (let round = 0; round < 8; round++) {
        const image = await readImage(
          { kind: 'file', path: file },
          { capture: (p) => (p.startsWith('/small/') ? 4096 : 0) }
        )
        for (let index = 0; index < 80; index++) {
          expect(image.fs.readFile(`/small/${index}`)?.toString()).toBe(
            `small file ${index} ${'x'.repeat(index * 13)}`
          )
          expect(image.fs.lstat(`/big/${index}`)?.inode.size).toBe(300 * 1024 + index * 7)
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
