// Hostile archive-level input, each with its expected outcome: broken layouts, JSON of the wrong
// shape, blobs that are missing or are not what the manifest says, digests that do not match.
import { describe, expect, it } from '@jest/globals'
import zlib from 'node:zlib'
import {
  dockerLegacyArchive,
  dockerOciArchive,
  ociArchive,
  rawImage,
  sha256
} from '../../__fixtures__/archive.js'
import { buildTar, type TarItem, entry, header, tar } from '../../__fixtures__/tar.js'
import { describeOutcome, readOutcome } from './support/outcome.js'
import type { ReadOptions } from '../../src/image/read.js'
import type { Image } from '../../src/image/types.js'

async function expectError(archive: Buffer, pattern: RegExp, options: ReadOptions = {}): Promise<void> {
  const outcome = await readOutcome(archive, options)
  if (outcome.kind !== 'error') throw new Error(`expected an input error, got ${describeOutcome(outcome)}`)
  expect(outcome.message).toMatch(pattern)
}

async function expectImage(archive: Buffer, options: ReadOptions = {}): Promise<Image> {
  const outcome = await readOutcome(archive, options)
  if (outcome.kind !== 'image') throw new Error(`expected an image, got ${describeOutcome(outcome)}`)
  return outcome.image
}

/** Bytes that do not compress, so a cut compressed stream really is cut. */
function noise(length: number): Buffer {
  const bytes = Buffer.alloc(length)
  let state = 12345
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    bytes[i] = state >>> 24
  }
  return bytes
}

const layer = tar(entry({ name: 'etc/os-release' }, 'ID=x\n'))
const config = (extra: Record<string, unknown> = {}, diffIds = [sha256(layer)]) => ({
  os: 'linux',
  architecture: 'amd64',
  rootfs: { type: 'layers', diff_ids: diffIds },
  ...extra
})

/** A Docker archive written by hand: one layer blob, a config, and whatever manifest.json is given. */
function handArchive(
  manifest: unknown,
  configDocument: unknown = config(),
  extra: TarItem[] = []
): Promise<Buffer> {
  return buildTar([
    { name: 'layer.tar', content: layer },
    { name: 'config.json', content: JSON.stringify(configDocument) },
    ...extra,
    { name: 'manifest.json', content: typeof manifest === 'string' ? manifest : JSON.stringify(manifest) }
  ])
}
const good = { Config: 'config.json', RepoTags: ['x:1'], Layers: ['layer.tar'] }

describe('not an archive at all', () => {
  it.each([
    ['empty input', Buffer.alloc(0), /: is empty: expected an archive from docker save/],
    ['only zero blocks', Buffer.alloc(10_240), /unknown archive layout/],
    [
      'random bytes',
      Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)),
      /: is not a tar archive \(binary data\)/
    ],
    [
      'gzip of random bytes',
      zlib.gzipSync(Buffer.from('not a tar'.repeat(100))),
      /: its gzip-decompressed content is not a tar archive \(text\)/
    ],
    [
      'a gzip stream cut short',
      zlib.gzipSync(tar(entry({ name: 'a' }, noise(100_000)))).subarray(0, 20_000),
      /compressed archive is (truncated|corrupt)|stream ends inside/
    ],
    [
      'a tar whose only file is not JSON',
      tar(entry({ name: 'README' }, 'hello')),
      /unknown archive layout: no manifest.json or index.json \(found README\)/
    ]
  ])('%s', async (_, archive, pattern) => {
    await expectError(archive, pattern)
  })

  it('an archive cut anywhere names the byte where it stops', async () => {
    const archive = await dockerOciArchive([rawImage({ layers: [layer] })])
    for (const cut of [100, 512, 700, 1536, 2100]) {
      const outcome = await readOutcome(archive.subarray(0, cut))
      expect(describeOutcome(outcome)).toMatch(
        /stream ends inside .* at byte \d+|unknown archive layout|not in the archive|is not a tar archive \(\d+ bytes of/
      )
    }
    // Cut in the zero padding after the last body (the manifest is whole): Go's reader ends there, so do we.
    for (const cut of [archive.length - 1100, archive.length - 1030]) {
      expect(archive.subarray(cut - 16, archive.length).every((byte) => byte === 0)).toBe(true)
      expect((await readOutcome(archive.subarray(0, cut))).kind).toBe('image')
    }
  })
})

describe('manifest.json of the wrong shape', () => {
  it.each([
    ['not JSON', '[{"Config": ', /manifest manifest.json is not valid JSON/],
    ['an object', { Config: 'config.json' }, /manifest.json must be a JSON array/],
    ['empty', [], /the archive holds no image/],
    ['a number for Config', [{ ...good, Config: 5 }], /manifest.json\[0\].Config must be a string/],
    ['no Config', [{ Layers: ['layer.tar'] }], /manifest.json\[0\].Config is missing/],
    ['a string for Layers', [{ ...good, Layers: 'layer.tar' }], /Layers must be an array of strings/],
    ['null in Layers', [{ ...good, Layers: [null] }], /Layers must be an array of strings/],
    [
      'a config that is not there',
      [{ ...good, Config: 'nope.json' }],
      /image config nope.json named by the manifest is not in the archive/
    ],
    [
      'a layer that is not there',
      [{ ...good, Layers: ['gone.tar'] }],
      /layer gone.tar named by the manifest is not in the archive/
    ],
    [
      'a layer that is a JSON document',
      [{ ...good, Layers: ['config.json'] }],
      /layer config.json named by the manifest is a JSON document, not a layer/
    ],
    ['deeply nested JSON', '['.repeat(200_000) + ']'.repeat(200_000), /manifest.json/]
  ])('%s', async (_, manifest, pattern) => {
    await expectError(await handArchive(manifest), pattern)
  })

  it('a layer that is neither tar nor compressed data', async () => {
    const archive = await handArchive([{ ...good, Layers: ['junk.bin'] }], config(), [
      { name: 'junk.bin', content: 'just text' }
    ])
    await expectError(
      archive,
      /layer junk.bin named by the manifest is in the archive, but is neither a tar nor gzip or zstd data/
    )
  })

  it('archive-level symlinks are followed inside the archive only, and loops end', async () => {
    const viaHost = await handArchive([{ ...good, Layers: ['host.tar'] }], config(), [
      { name: 'host.tar', linkname: '/etc/passwd' }
    ])
    await expectError(viaHost, /layer host.tar named by the manifest is not in the archive/)
    const loop = await handArchive([{ ...good, Layers: ['a.tar'] }], config(), [
      { name: 'a.tar', linkname: 'b.tar' },
      { name: 'b.tar', linkname: 'a.tar' }
    ])
    await expectError(loop, /layer a.tar named by the manifest is not in the archive/)
  })

  it('a metadata document over the limit names the limit, before its body is read', async () => {
    const huge = Buffer.concat([
      header({ name: 'manifest.json', size: 17 * 2 ** 20 }),
      Buffer.alloc(1024, 0x20)
    ])
    await expectError(
      huge,
      /manifest.json is 17825792 bytes, over the metadata limit of 16777216 \(limit --max-metadata-bytes\)/
    )
  })
})

describe('configs of the wrong shape', () => {
  it.each([
    ['not an object', [], /config.json must be a JSON object/],
    ['no rootfs', { os: 'linux', architecture: 'amd64' }, /config.json.rootfs must be a JSON object/],
    [
      'diff_ids not strings',
      config({}, [1 as unknown as string]),
      /rootfs.diff_ids must be an array of strings/
    ],
    [
      'Env a string',
      config({ config: { Env: 'PATH=/bin' } }),
      /config.json.config.Env must be an array of strings/
    ],
    [
      'Labels with numbers',
      config({ config: { Labels: { a: 1 } } }),
      /config.Labels must be an object of strings/
    ],
    ['history an object', config({ history: {} }), /config.json.history must be an array/],
    ['a history entry a string', config({ history: ['x'] }), /history\[0\] must be a JSON object/],
    ['User a number', config({ config: { User: 0 } }), /config.User must be a string/],
    [
      'fewer diff_ids than layers',
      config({}, []),
      /the manifest lists 1 layers but the config's rootfs.diff_ids lists 0/
    ]
  ])('%s', async (_, document, pattern) => {
    await expectError(await handArchive([good], document), pattern)
  })
})

describe('no layers', () => {
  it('a manifest with no layers and a config with none is an image with an empty filesystem and a warning', async () => {
    const image = await expectImage(await handArchive([{ ...good, Layers: [] }], config({}, [])))
    expect(image.layers).toEqual([])
    expect(image.fs.entryCount).toBe(0)
    expect(image.warnings).toContain('the image has no layers: its filesystem is empty')
  })

  it('a manifest that lists no layers for a config that has some is an error', async () => {
    await expectError(
      await handArchive([{ Config: 'config.json', RepoTags: ['x:1'] }]),
      /lists 0 layers but the config's rootfs.diff_ids lists 1/
    )
  })

  it('an archive whose layers are all missing is an error', async () => {
    const built = rawImage({ layers: [layer, tar(entry({ name: 'b' }, 'b'))] })
    const archive = await dockerOciArchive([built], { omitBlobs: built.layerBlobs })
    await expectError(
      archive,
      /layer blobs\/sha256\/[0-9a-f]{64} named by the manifest is not in the archive/
    )
  })
})

describe('OCI indexes', () => {
  it('bad descriptors and index cycles end in errors', async () => {
    const built = rawImage({ layers: [layer] })
    const base = (await ociArchive([built])).subarray(0, -1024)
    const withIndex = (index: unknown) =>
      Buffer.concat([
        base.subarray(0, findEntry(base, 'index.json')),
        entry({ name: 'index.json' }, JSON.stringify(index)),
        Buffer.alloc(1024)
      ])
    await expectError(withIndex({ manifests: {} }), /index.json.manifests must be an array/)
    await expectError(
      withIndex({ manifests: [{ digest: 'sha256:../../etc/passwd' }] }),
      /invalid digest "sha256:..\/..\/etc\/passwd"/
    )
    await expectError(
      withIndex({ manifests: [{ digest: 7 }] }),
      /index.json.manifests\[0\].digest must be a string/
    )
    // An index that names itself: bounded by the nesting limit, never a stack overflow.
    const selfIndex = { mediaType: 'application/vnd.oci.image.index.v1+json', manifests: [] as unknown[] }
    const selfBytes = Buffer.from(
      JSON.stringify({ ...selfIndex, manifests: [{ digest: `sha256:${'a'.repeat(64)}` }] })
    )
    const cyclic = await buildTar([
      { name: `blobs/sha256/${'a'.repeat(64)}`, content: selfBytes },
      {
        name: 'index.json',
        content: JSON.stringify({
          manifests: [{ digest: `sha256:${'a'.repeat(64)}`, mediaType: selfIndex.mediaType }]
        })
      }
    ])
    await expectError(cyclic, /image indexes nested more than 8 deep/)
  })
})

describe('--verify-digests', () => {
  it('a config blob whose bytes do not match its name', async () => {
    const built = rawImage({ layers: [layer] })
    const archive = await dockerOciArchive([built])
    const configName = `blobs/sha256/${sha256(built.configBytes).slice(7)}`
    const at = findEntry(archive, configName)
    const tampered = Buffer.from(archive)
    tampered[at + 512 + built.configBytes.indexOf('amd64')] = 'x'.charCodeAt(0) // "xmd64": same length
    expect((await expectImage(tampered)).platform.architecture).toBe('xmd64')
    await expectError(
      tampered,
      /image config blobs\/sha256\/[0-9a-f]{64}: content digest is sha256:[0-9a-f]{64}, expected sha256:/,
      { verifyDigests: true }
    )
  })

  it('a legacy config named by a digest it does not have', async () => {
    const built = rawImage({ layers: [layer] })
    const archive = await dockerLegacyArchive(built)
    const name = `${sha256(built.configBytes).slice(7)}.json`
    const tampered = Buffer.from(archive)
    tampered[findEntry(archive, name) + 512 + built.configBytes.indexOf('amd64')] = 'x'.charCodeAt(0)
    await expectError(tampered, /image config [0-9a-f]{64}.json: content digest is/, { verifyDigests: true })
  })

  it('a layer blob and a diff id that do not match', async () => {
    const built = rawImage({ layers: [layer] })
    const archive = await dockerOciArchive([built])
    const tampered = Buffer.from(archive)
    const at = findEntry(archive, `blobs/sha256/${sha256(built.layerBlobs[0]).slice(7)}`)
    tampered[at + 512 + 512] = 'J'.charCodeAt(0) // "ID=x" becomes "JD=x"
    expect((await expectImage(tampered)).layers).toHaveLength(1)
    await expectError(
      tampered,
      /layer blobs\/sha256\/[0-9a-f]{64}: content digest is sha256:[0-9a-f]{64}, expected sha256:/,
      {
        verifyDigests: true
      }
    )
    const wrongDiff = rawImage({ layers: [layer], config: config({}, [`sha256:${'0'.repeat(64)}`]) })
    await expectError(
      await dockerOciArchive([wrongDiff]),
      /uncompressed digest is sha256:[0-9a-f]{64}, but rootfs.diff_ids\[0\]/,
      { verifyDigests: true }
    )
  })
})

/** Byte offset of the header of the archive entry with this name. */
function findEntry(archive: Buffer, name: string): number {
  for (let offset = 0; offset + 512 <= archive.length;) {
    const entryName = archive.toString('utf8', offset, offset + 100).replace(/\0.*$/s, '')
    if (entryName === name) return offset
    const size = Number.parseInt(
      archive
        .toString('latin1', offset + 124, offset + 136)
        .replace(/\0.*$/s, '')
        .trim() || '0',
      8
    )
    offset += 512 + Math.ceil(size / 512) * 512
  }
  throw new Error(`no entry ${name}`)
}
