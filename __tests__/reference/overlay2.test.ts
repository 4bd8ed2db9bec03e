// The merged filesystem is what a container sees on Docker's overlay2 driver: generated layered images
// (and the shapes found by hand where unpackers part ways) are loaded into a real engine, a container
// is created and exported, and its root filesystem is compared path by path with the gate's
// `inspect --files` listing. Where the engine refuses an image, the gate must refuse it too, or say
// why it reads it (a hard link to a lower layer, which vfs and umoci accept).
//
// IPG_REFERENCE_IMAGES (default 40) random images from seed IPG_REFERENCE_SEED (default 1).
import { afterAll, expect, it } from '@jest/globals'
import { type BuiltImage, buildImage, dockerOciArchive } from '../../__fixtures__/archive.js'
import { type TarItem } from '../../__fixtures__/tar.js'
import { type GateOutcome, differences, gateTree, treeOfTar } from './support/compare.js'
import { describeWithOverlay2Engine, docker } from './support/overlay2-engine.js'
import { randomLayers } from '../../__fixtures__/random-image.js'

const COUNT = Number(process.env.IPG_REFERENCE_IMAGES ?? 40)
const FIRST_SEED = Number(process.env.IPG_REFERENCE_SEED ?? 1)

/** What `docker create` adds to every container (its init layer), checked present and then left out. */
const CONTAINER_PATHS = [
  '/.dockerenv',
  '/dev',
  '/dev/console',
  '/dev/pts',
  '/dev/shm',
  '/etc',
  '/etc/hostname',
  '/etc/hosts',
  '/etc/mtab',
  '/etc/resolv.conf',
  '/proc',
  '/sys'
]

const dir = (name: string, mode = 0o755, uid = 0): TarItem => ({
  name: `${name}/`,
  type: 'directory',
  mode,
  uid
})
const file = (name: string, content = 'x', mode = 0o644, uid = 0): TarItem => ({ name, content, mode, uid })
const symlink = (name: string, linkname: string): TarItem => ({
  name,
  type: 'symlink',
  linkname,
  mode: 0o777
})
const link = (name: string, linkname: string, mode = 0o644, uid = 0): TarItem => ({
  name,
  type: 'link',
  linkname,
  mode,
  uid
})
const whiteout = (name: string): TarItem => ({ name, content: '' })
const CAPABILITY = 'SCHILY.xattr.security.capability'
const NET_RAW = Buffer.from('0100000200200000000000000000000000000000', 'hex').toString('latin1')
const CHOWN = Buffer.from('0100000201000000000000000000000000000000', 'hex').toString('latin1')

/** Shapes checked by hand on the engine, each where some unpacker reads a layer differently. */
const CASES: Record<string, TarItem[][]> = {
  'whiteout below a lower symlink': [
    [dir('b'), file('b/busybox', 'BB', 0o755), symlink('a', 'b')],
    [whiteout('a/.wh.busybox')]
  ],
  'write below a lower symlink': [[dir('b'), file('b/old'), symlink('a', 'b')], [file('a/new')]],
  'directory implied over a lower one': [[dir('d', 0o700, 1000), file('d/old')], [file('d/x')]],
  'whiteout, then a directory of that name': [
    [dir('d'), file('d/x')],
    [whiteout('.wh.d'), dir('d'), file('d/y')]
  ],
  "through the layer's own symlink": [[dir('b')], [dir('b'), symlink('a', 'b'), file('a/x')]],
  'opaque directory keeping its own': [
    [dir('d'), file('d/x'), file('d/z')],
    [dir('d'), file('d/y'), whiteout('d/.wh..wh..opq')]
  ],
  "hard link with its own header's mode and owner": [
    [
      dir('bin'),
      file('bin/foo', 'F', 0o755),
      link('bin/bar', 'bin/foo', 0o4755, 77),
      symlink('bin/sl', 'foo')
    ]
  ],
  // The xattr values are v2 vfs_cap_data: cap_net_raw+ep, cap_chown+ep (ASCII bytes, see compare.ts).
  'file capabilities: kept, cleared by a hard link entry, set by its own, replaced by a later layer': [
    [
      dir('bin'),
      { ...file('bin/ping', 'P', 0o755), pax: { [CAPABILITY]: NET_RAW } },
      { ...file('bin/a', 'A', 0o755), pax: { [CAPABILITY]: NET_RAW } },
      link('bin/a2', 'bin/a', 0o755),
      { ...file('bin/b', 'B', 0o755), pax: { [CAPABILITY]: NET_RAW } },
      { ...link('bin/b2', 'bin/b', 0o755), pax: { [CAPABILITY]: CHOWN } },
      { ...file('bin/old', 'O', 0o755), pax: { [CAPABILITY]: NET_RAW } }
    ],
    [dir('bin'), file('bin/old', 'N', 0o755)]
  ],
  'a 0:0 character device, which overlayfs reads as a whiteout': [
    [dir('bin'), file('bin/busybox', 'BB', 0o755), file('bin/keep')],
    [dir('bin'), { name: 'bin/busybox', type: 'character-device', devmajor: 0, devminor: 0, mode: 0o600 }]
  ],
  'kinds replaced across layers': [
    [dir('a'), file('a/in'), file('b'), symlink('c', 'a')],
    [file('a'), dir('b'), file('b/new'), dir('c')],
    [symlink('a', 'b'), whiteout('b/.wh.new')]
  ],
  // Refused by the engine and the gate alike:
  "through the layer's own symlink to a lower directory": [[dir('b')], [symlink('a', 'b'), file('a/x')]],
  'below a file of the same layer': [[dir('usr')], [file('usr/local'), file('usr/local/bin/x')]],
  'below a dangling symlink of the same layer': [
    [dir('usr')],
    [symlink('usr/bin', 'nowhere'), file('usr/bin/tool/inner')]
  ],
  'whiteout after the same layer wrote the name': [[file('f')], [file('f', 'UP'), whiteout('.wh.f')]],
  // Refused by the engine, read by the gate as vfs and umoci do (with a warning):
  'hard link to a lower file, then its whiteout': [
    [dir('opt'), file('opt/bb', 'BB', 0o755)],
    [dir('app'), link('app/helper', 'opt/bb'), whiteout('opt/.wh.bb')]
  ]
}

/**
 * Layers the gate refuses on purpose though the engine loads them: extended attributes that overlayfs
 * reads. What the engine shows proves the refusal right (a whited-out BusyBox back under a new name).
 */
const REFUSED_ON_PURPOSE: Record<string, { layers: TarItem[][]; engineShows: string; gate: RegExp }> = {
  'trusted.overlay.redirect on a directory': {
    layers: [
      [dir('real'), file('real/busybox', 'BB', 0o755)],
      [
        whiteout('.wh.real'),
        {
          name: 'decoy/',
          type: 'directory',
          mode: 0o755,
          pax: { 'SCHILY.xattr.trusted.overlay.redirect': '/real' }
        },
        file('decoy/mine')
      ]
    ],
    engineShows: '/decoy/busybox',
    gate: /: entry \/decoy at byte \d+ sets the extended attribute trusted\.overlay\.redirect/
  },
  'trusted.overlay.opaque on a directory': {
    layers: [
      [dir('lib'), file('lib/libx'), file('lib/liby')],
      [
        { name: 'lib/', type: 'directory', mode: 0o755, pax: { 'SCHILY.xattr.trusted.overlay.opaque': 'y' } },
        file('lib/new')
      ]
    ],
    engineShows: '/lib/new',
    gate: /: entry \/lib at byte \d+ sets the extended attribute trusted\.overlay\.opaque/
  }
}

interface Subject {
  name: string
  image: BuiltImage
  tag: string
  gate: GateOutcome
}

const LOWER_LINK = /which a lower layer wrote: Docker's and containerd's overlay2 refuse/

describeWithOverlay2Engine('the merged filesystem against a real overlay2 engine', (host) => {
  const tags: string[] = []
  afterAll(() => {
    if (tags.length > 0) docker(host, ['image', 'rm', '--force', ...tags])
  })

  async function subject(name: string, layers: TarItem[][], index: number): Promise<Subject> {
    const tag = `ipg-reference/overlay2-${index}:latest`
    const image = await buildImage({ layers, tags: [tag] })
    return { name, image, tag, gate: await gateTree(await dockerOciArchive([image])) }
  }

  /** Loads the images: all at once when every one loads, otherwise one by one. Returns the failures. */
  async function load(subjects: Subject[]): Promise<Map<Subject, string>> {
    const failures = new Map<Subject, string>()
    if (subjects.length === 0) return failures
    tags.push(...subjects.map((s) => s.tag))
    const all = docker(host, ['load'], await dockerOciArchive(subjects.map((s) => s.image)))
    if (all.status === 0) return failures
    for (const one of subjects) {
      const result = docker(host, ['load'], await dockerOciArchive([one.image]))
      if (result.status !== 0) failures.set(one, result.stderr.trim())
    }
    return failures
  }

  function exported(tag: string): Buffer {
    const created = docker(host, ['create', tag, '/none'])
    if (created.status !== 0) throw new Error(`docker create ${tag}: ${created.stderr}`)
    const id = created.stdout.toString().trim()
    try {
      const out = docker(host, ['export', id])
      if (out.status !== 0) throw new Error(`docker export ${tag}: ${out.stderr}`)
      return out.stdout
    } finally {
      docker(host, ['rm', '--force', id])
    }
  }

  async function compare(subjects: Subject[]): Promise<string[]> {
    const problems: string[] = []
    const readable = subjects.filter((s) => s.gate.ok && !s.gate.warnings.some((w) => LOWER_LINK.test(w)))
    const refused = subjects.filter((s) => !readable.includes(s))
    const loadFailures = await load(readable)
    for (const one of refused) {
      const result = docker(host, ['load'], await dockerOciArchive([one.image]))
      tags.push(one.tag)
      const gate = one.gate.ok ? `reads it, warning: ${one.gate.warnings.join('; ')}` : one.gate.message
      if (result.status === 0) problems.push(`${one.name}: the engine loads it, the gate ${gate}`)
    }
    for (const one of readable) {
      const refusal = loadFailures.get(one)
      if (refusal !== undefined) {
        problems.push(`${one.name}: the engine refuses it (${refusal}), the gate reads it`)
        continue
      }
      const reference = await treeOfTar(exported(one.tag))
      for (const path of CONTAINER_PATHS) {
        if (!reference.paths.delete(path)) problems.push(`${one.name}: docker export has no ${path}`)
      }
      if (!one.gate.ok) continue
      for (const line of differences(one.gate.tree, reference)) problems.push(`${one.name}: ${line}`)
    }
    return problems
  }

  it('agrees on the shapes where unpackers part ways', async () => {
    const subjects = await Promise.all(
      Object.entries(CASES).map(([name, layers], index) => subject(name, layers, index))
    )
    expect(await compare(subjects)).toEqual([])
    // The cases above do exercise both outcomes.
    expect(subjects.filter((s) => !s.gate.ok).map((s) => s.name)).toHaveLength(4)
  }, 300_000)

  it('refuses on purpose what overlayfs would read from a layer, where the engine shows why', async () => {
    const problems: string[] = []
    let index = 500
    for (const [name, { layers, engineShows, gate: expected }] of Object.entries(REFUSED_ON_PURPOSE)) {
      const one = await subject(name, layers, index++)
      if (one.gate.ok || !expected.test(one.gate.message))
        problems.push(`${name}: the gate says ${one.gate.ok ? 'nothing' : one.gate.message}`)
      tags.push(one.tag)
      const loaded = docker(host, ['load'], await dockerOciArchive([one.image]))
      if (loaded.status !== 0) {
        problems.push(`${name}: the engine refuses it: ${loaded.stderr}`)
        continue
      }
      const reference = await treeOfTar(exported(one.tag))
      if (!reference.paths.has(engineShows)) problems.push(`${name}: the engine shows no ${engineShows}`)
    }
    expect(problems).toEqual([])
  }, 300_000)

  it(`agrees on ${COUNT} seeded random layered images (from seed ${FIRST_SEED})`, async () => {
    const subjects: Subject[] = []
    for (let seed = FIRST_SEED; seed < FIRST_SEED + COUNT; seed++) {
      const layers = randomLayers(seed, {
        lowerLinks: seed % 5 === 0,
        refusals: true,
        impliedParents: true,
        linkAttributes: 'own',
        belowLowerNonDirectories: true,
        deviceWhiteouts: true
      })
      subjects.push(await subject(`seed ${seed}`, layers, 1000 + seed))
    }
    expect(await compare(subjects)).toEqual([])
    // Most images must be read and compared, not refused by both.
    expect(subjects.filter((s) => s.gate.ok).length).toBeGreaterThan(COUNT * 0.6)
  }, 1_200_000)
})
