// Property tests: real fixture archives and generated ones, mutated (bits flipped, cut short,
// ranges spliced, 512-byte blocks reordered or duplicated), must each read as an Image or end in
// the project's own one-line input error: never another exception, never a hang.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import {
  buildImage,
  dockerLegacyArchive,
  dockerOciArchive,
  ociArchive,
  type ImageSpec
} from '../../__fixtures__/archive.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'
import { readImage } from '../../src/image/read.js'
import { describeOutcome, outcomeOf, readOutcome } from './support/outcome.js'

const BLOCK = 512
const scratch = mkdtempSync(path.join(tmpdir(), 'ipg-mutants-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

type Mutation =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'flip-header'; header: number; at: number; value: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'splice'; from: number; to: number; length: number }
  | { kind: 'swap-blocks'; a: number; b: number }
  | { kind: 'duplicate-blocks'; from: number; count: number; to: number }
  | { kind: 'zero'; at: number; length: number }

const fraction = fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true })
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fraction, bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    kind: fc.constant('flip-header' as const),
    header: fraction,
    at: fc.integer({ min: 0, max: BLOCK - 1 }),
    value: fc.integer({ min: 0, max: 255 })
  }),
  fc.record({ kind: fc.constant('truncate' as const), at: fraction }),
  fc.record({
    kind: fc.constant('splice' as const),
    from: fraction,
    to: fraction,
    length: fc.integer({ min: 1, max: 4096 })
  }),
  fc.record({ kind: fc.constant('swap-blocks' as const), a: fraction, b: fraction }),
  fc.record({
    kind: fc.constant('duplicate-blocks' as const),
    from: fraction,
    count: fc.integer({ min: 1, max: 8 }),
    to: fraction
  }),
  fc.record({ kind: fc.constant('zero' as const), at: fraction, length: fc.integer({ min: 1, max: 2048 }) })
)

/** Offsets of the tar headers of an uncompressed archive, so some mutations hit headers on purpose. */
function headerOffsets(archive: Buffer): number[] {
  const offsets: number[] = []
  for (let offset = 0; offset + BLOCK <= archive.length;) {
    if (archive[offset] === 0) break
    offsets.push(offset)
    const size = Number.parseInt(archive.toString('latin1', offset + 124, offset + 135).trim() || '0', 8) || 0
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK
  }
  return offsets.length > 0 ? offsets : [0]
}

function mutate(archive: Buffer, headers: number[], change: Mutation): Buffer {
  if (archive.length === 0) return archive
  const at = (value: number) => Math.floor(value * archive.length)
  const blocks = Math.max(1, Math.floor(archive.length / BLOCK))
  const blockAt = (value: number) => Math.floor(value * blocks) * BLOCK
  switch (change.kind) {
    case 'flip': {
      const out = Buffer.from(archive)
      out[at(change.at)] ^= 1 << change.bit
      return out
    }
    case 'flip-header': {
      const out = Buffer.from(archive)
      const offset = headers[Math.floor(change.header * headers.length)] + change.at
      if (offset < out.length) out[offset] = change.value
      return out
    }
    case 'truncate':
      return archive.subarray(0, at(change.at))
    case 'splice': {
      const out = Buffer.from(archive)
      archive.copy(out, at(change.to), at(change.from), at(change.from) + change.length)
      return out
    }
    case 'swap-blocks': {
      const out = Buffer.from(archive)
      const [a, b] = [blockAt(change.a), blockAt(change.b)]
      archive.copy(out, a, b, b + BLOCK)
      archive.copy(out, b, a, a + BLOCK)
      return out
    }
    case 'duplicate-blocks': {
      const from = blockAt(change.from)
      const to = blockAt(change.to)
      const copy = archive.subarray(from, from + change.count * BLOCK)
      return Buffer.concat([archive.subarray(0, to), copy, archive.subarray(to)])
    }
    case 'zero': {
      const out = Buffer.from(archive)
      out.fill(0, at(change.at), Math.min(out.length, at(change.at) + change.length))
      return out
    }
  }
}

/** Runs `numRuns` mutations of each archive; every outcome must be an image or an input error. */
async function checkMutations(
  archives: Record<string, Buffer>,
  numRuns: number,
  seed: number
): Promise<{ image: number; error: number }> {
  const seen = { image: 0, error: 0 }
  for (const [name, archive] of Object.entries(archives)) {
    const headers = headerOffsets(archive)
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        async (changes, fromFile) => {
          const mutated = changes.reduce((bytes, change) => mutate(bytes, headers, change), archive)
          // Half the runs read from a file, which the reader may seek through instead of streaming.
          const options = { verifyDigests: changes.length % 2 === 0 }
          let outcome
          if (!fromFile) outcome = await readOutcome(mutated, options)
          else {
            const file = path.join(scratch, 'mutant.tar')
            writeFileSync(file, mutated)
            outcome = await outcomeOf(() => readImage({ kind: 'file', path: file }, options))
          }
          if (outcome.kind !== 'image' && outcome.kind !== 'error') {
            throw new Error(`${name} mutated by ${JSON.stringify(changes)}: ${describeOutcome(outcome)}`)
          }
          seen[outcome.kind]++
        }
      ),
      { numRuns, seed, endOnFailure: true }
    )
  }
  return seen
}

const spec: ImageSpec = {
  layers: [
    [
      { name: 'bin/', type: 'directory' },
      {
        name: 'bin/busybox',
        content: Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(3000, 7)]),
        mode: 0o755
      },
      { name: 'bin/sh', linkname: 'busybox' },
      { name: 'etc/os-release', content: 'ID=test\n' },
      { name: 'etc/passwd', content: 'root:x:0:0::/root:/bin/sh\n' }
    ],
    [
      { name: 'bin/.wh.sh', content: '' },
      { name: 'app/', type: 'directory' },
      { name: 'app/run', type: 'link', linkname: 'bin/busybox' },
      { name: 'app/long/' + 'n'.repeat(150), content: 'long name' }
    ]
  ],
  tags: ['mutant:1']
}

const capture = (path: string) => (path.startsWith('/etc/') ? 4096 : 0)

describe('mutated generated archives', () => {
  const archives: Record<string, Buffer> = {}
  beforeAll(async () => {
    archives['docker 25+ gzip layers'] = await dockerOciArchive([
      await buildImage({ ...spec, compression: 'gzip' })
    ])
    archives['docker 25+ plain layers'] = await dockerOciArchive([await buildImage(spec)])
    archives['docker legacy'] = await dockerLegacyArchive(await buildImage(spec), { symlinkFirstLayer: true })
    archives['oci zstd, nested index'] = await ociArchive(
      [await buildImage({ ...spec, compression: 'zstd' })],
      {
        nestedIndex: true,
        attestation: true
      }
    )
    archives['gzipped whole archive'] = zlib.gzipSync(archives['docker 25+ plain layers'])
  })

  it('read as an image or an input error, never a crash or a hang', async () => {
    const seen = await checkMutations(archives, 150, 20261127)
    // Both outcomes occur: the mutations neither always break nor never touch what matters.
    expect(seen.image).toBeGreaterThan(0)
    expect(seen.error).toBeGreaterThan(seen.image)
  })

  it('unmutated, they read as images (the property is not vacuous)', async () => {
    for (const [name, archive] of Object.entries(archives)) {
      const outcome = await readOutcome(archive, { capture, verifyDigests: true })
      expect(`${name}: ${describeOutcome(outcome)}`).toMatch(/: image with \d+ entries/)
    }
  })
})

describeWithFixtures('mutated real archives', () => {
  const names = ['distroless-static.containerd.tar', 'busybox-musl.docker20.tar', 'alpine-3.20.oci-zstd.tar']
  const archives: Record<string, Buffer> = {}
  beforeAll(() => {
    for (const name of names) archives[name] = readFileSync(fixture(name))
  })

  it('read as an image or an input error, never a crash or a hang', async () => {
    const seen = await checkMutations(archives, 40, 5)
    expect(seen.image).toBeGreaterThan(0)
    expect(seen.error).toBeGreaterThan(0)
  })
})
