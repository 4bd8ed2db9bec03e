// umoci (the Open Container Initiative's reference unpacker) as a second oracle for the merged
// filesystem: seeded random layered images, written as an OCI layout, and the real fixtures, converted
// with skopeo, are unpacked with `umoci unpack --rootless` and compared path by path with the gate's
// listing. umoci unpacks every layer into one directory, as Docker's vfs driver does; where that
// departs from overlay2 on purpose, EXCEPTIONS says how, and nothing else may differ.
//
// IPG_UMOCI_IMAGES (default 300) random images from seed IPG_REFERENCE_SEED (default 1).
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { type BuiltImage, buildImage, dockerOciArchive } from '../../__fixtures__/archive.js'
import { type TarItem } from '../../__fixtures__/tar.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'
import { describeWithTools } from '../helpers/tools.js'
import {
  type GateOutcome,
  type PathFacts,
  type Tree,
  differences,
  gateTree,
  gateTreeOfFile
} from './support/compare.js'
import { randomLayers } from '../../__fixtures__/random-image.js'
import { run, umociTree, writeOciLayout } from './support/umoci.js'

const COUNT = Number(process.env.IPG_UMOCI_IMAGES ?? 300)
const FIRST_SEED = Number(process.env.IPG_REFERENCE_SEED ?? 1)

/**
 * Where umoci departs from overlay2 on purpose. The overlay2 test (overlay2.test.ts) checks the
 * gate against a real engine in each of these cases.
 *
 * 1. Device nodes: rootless, umoci cannot mknod and writes an empty regular file in their place.
 * 2. Owners of symlinks and fifos: rootless, umoci keeps owners in a user.* xattr, which Linux allows
 *    on regular files and directories only; their owners are not compared.
 * 3. A layer that writes (or whites out) below a lower layer's symlink or non-directory: umoci
 *    follows the symlink, or refuses; overlay2 makes a directory of the layer's own over it. Such an
 *    image is compared up to the layer before.
 * 4. A layer that leaves a lower directory's entry out and writes below it: overlay2 makes the
 *    directory 0755 root:root (moby's MkdirAll in the layer's own directory), umoci keeps the lower
 *    one's mode and owner. Compared up to the layer before.
 * 5. A directory written after the whiteout of its name in the same layer: overlay2 merges it with
 *    the lower directory again, umoci has removed that. Compared up to the layer before.
 * 6. What overlay2 refuses (a whiteout after its layer wrote the path, an entry below a non-directory
 *    its layer wrote, a directory entry gone by the end of its layer) is refused by the gate; umoci
 *    may unpack it. Compared up to the layer before the one refused.
 * 7. A hard link entry's own header mode and owner: overlay2 (and containerd) apply them to the file,
 *    umoci keeps the target's. The generated links carry their target's, as tar writers write them.
 * 8. A 0:0 character device: overlayfs reads it as a whiteout, umoci makes a device (rootless: an
 *    empty file). None are generated here.
 */
function explained(_path: string, gate: PathFacts | undefined, umoci: PathFacts | undefined): boolean {
  if (!gate || !umoci) return false
  const same = gate.mode === umoci.mode && gate.uid === umoci.uid && gate.gid === umoci.gid
  if ((gate.type === 'char' || gate.type === 'block') && umoci.type === 'file' && umoci.size === 0)
    return same // 1
  if (gate.type === 'symlink' && umoci.type === 'symlink') return gate.linkTarget === umoci.linkTarget // 2
  if (gate.type === 'fifo' && umoci.type === 'fifo') return gate.mode === umoci.mode // 2
  return false
}

const normalised = (name: string) => `/${name.replace(/^\.?\/+/, '').replace(/\/+$/, '')}`
const parentOf = (p: string) => p.slice(0, Math.max(0, p.lastIndexOf('/'))) || '/'
function* strictAncestors(p: string): Generator<string> {
  for (let at = p.indexOf('/', 1); at !== -1; at = p.indexOf('/', at + 1)) yield p.slice(0, at)
}

/**
 * The first layer of an image that exceptions 3 to 6 cover, given the gate's trees of the layers
 * below each one, or the number of layers when there is none.
 */
function firstOverlayOnlyLayer(layers: TarItem[][], below: Tree[], gate: GateOutcome): number {
  let first = layers.length
  const refused = gate.ok ? undefined : /^layer (\d+): /.exec(gate.message)
  if (refused) first = Number(refused[1]) // 6
  for (let index = 1; index < first; index++) {
    const lower = below[index].paths
    const listedDirs = new Set(
      layers[index].filter((item) => item.type === 'directory').map((item) => normalised(item.name))
    )
    const whitedOut = new Set<string>()
    for (const item of layers[index]) {
      const name = normalised(item.name)
      const base = name.slice(name.lastIndexOf('/') + 1)
      for (const ancestor of strictAncestors(name)) {
        const facts = lower.get(ancestor)
        if (facts && facts.type !== 'dir') return index // 3
        if (
          facts &&
          !listedDirs.has(ancestor) &&
          (facts.mode !== 0o755 || facts.uid !== 0 || facts.gid !== 0)
        )
          return index // 4
      }
      if (base.startsWith('.wh.') && base !== '.wh..wh..opq')
        whitedOut.add(`${parentOf(name) === '/' ? '' : parentOf(name)}/${base.slice(4)}`)
      else if (item.type === 'directory' && whitedOut.has(name)) return index // 5
    }
  }
  return first
}

describeWithTools(['umoci', 'skopeo'], 'the merged filesystem against umoci', () => {
  let work: string
  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'ipg-umoci-'))
  })
  afterAll(() => rmSync(work, { recursive: true, force: true }))

  it(`agrees on ${COUNT} seeded random layered images (from seed ${FIRST_SEED}), but for the exceptions`, async () => {
    const problems: string[] = []
    const layout = path.join(work, 'layout')
    const compared: { ref: string; gate: Tree; seed: number }[] = []
    const refusedByAll: { ref: string; image: BuiltImage; seed: number; why: string }[] = []
    const images = []
    let full = 0
    for (let seed = FIRST_SEED; seed < FIRST_SEED + COUNT; seed++) {
      const layers = randomLayers(seed, {
        lowerLinks: seed % 3 === 0,
        refusals: false,
        impliedParents: false,
        linkAttributes: 'target',
        belowLowerNonDirectories: false,
        deviceWhiteouts: false
      })
      const gateOf = async (count: number) =>
        gateTree(await dockerOciArchive([await buildImage({ layers: layers.slice(0, count) })]))
      const whole = await gateOf(layers.length)
      const refusedAt = whole.ok ? layers.length : Number(/^layer (\d+): /.exec(whole.message)?.[1] ?? 0)
      const below: Tree[] = []
      for (let count = 1; count < refusedAt; count++) {
        const prefix = await gateOf(count)
        if (!prefix.ok)
          throw new Error(`seed ${seed}: the first ${count} layers are refused: ${prefix.message}`)
        below[count] = prefix.tree
      }
      // A refusal any unpacker makes (a hard link to nowhere): umoci must refuse the image too.
      if (!whole.ok && !/(Docker|overlay2) refuses such a layer/.test(whole.message)) {
        refusedByAll.push({
          ref: `seed-${seed}-whole`,
          image: await buildImage({ layers }),
          seed,
          why: whole.message
        })
      }
      const upTo = firstOverlayOnlyLayer(layers, below, whole)
      if (upTo === 0) continue
      if (upTo === layers.length) full++
      const gate = upTo === layers.length ? whole : await gateOf(upTo)
      if (!gate.ok) {
        problems.push(`seed ${seed}: the gate refuses its first ${upTo} layers: ${gate.message}`)
        continue
      }
      const ref = `seed-${seed}`
      images.push({ ref, image: await buildImage({ layers: layers.slice(0, upTo) }) })
      compared.push({ ref, gate: gate.tree, seed })
    }
    writeOciLayout(layout, [...images, ...refusedByAll])
    for (const { ref, seed, why } of refusedByAll) {
      const bundle = path.join(work, ref)
      const umoci = umociTree(layout, ref, bundle)
      rmSync(bundle, { recursive: true, force: true })
      if (umoci.ok) problems.push(`seed ${seed}: umoci unpacks it, the gate refuses it: ${why}`)
    }
    for (const { ref, gate, seed } of compared) {
      const bundle = path.join(work, ref)
      const umoci = umociTree(layout, ref, bundle)
      rmSync(bundle, { recursive: true, force: true })
      if (!umoci.ok) problems.push(`seed ${seed}: umoci refuses it (${umoci.message}), the gate reads it`)
      else for (const line of differences(gate, umoci.tree, explained)) problems.push(`seed ${seed}: ${line}`)
    }
    expect(problems).toEqual([])
    // The exceptions must leave most of the images to compare, most of them whole.
    expect(compared.length).toBeGreaterThan(COUNT * 0.8)
    expect(full).toBeGreaterThan(COUNT * 0.5)
  }, 1_200_000)

  const fixtures: [string, string][] = [
    ['alpine-3.20.docker26.tar', 'docker-archive'],
    ['alpine-3.20.oci-zstd.tar', 'oci-archive'],
    ['app-alpine.docker20.tar', 'docker-archive'],
    ['app-alpine.docker26.tar', 'docker-archive'],
    ['app-distroless.containerd.tar', 'docker-archive'],
    ['busybox-musl.docker20.tar', 'docker-archive'],
    ['distroless-static.containerd.tar', 'docker-archive']
  ]
  describeWithFixtures('the real images', () => {
    it.each(fixtures)(
      'agrees on %s',
      async (name, transport) => {
        const layout = path.join(work, name)
        // umoci 0.4 reads no zstd layers: skopeo writes them again as gzip, the same tar inside.
        const copied = run('skopeo', [
          'copy',
          '--quiet',
          '--dest-compress-format',
          'gzip',
          '--dest-compress',
          `${transport}:${fixture(name)}`,
          `oci:${layout}:image`
        ])
        if (!copied.ok) throw new Error(`skopeo copy ${name}: ${copied.output}`)
        const umoci = umociTree(layout, 'image', path.join(work, `${name}.bundle`))
        if (!umoci.ok) throw new Error(`umoci unpack ${name}: ${umoci.message}`)
        const gate = await gateTreeOfFile(fixture(name))
        if (!gate.ok) throw new Error(`the gate refuses ${name}: ${gate.message}`)
        expect(differences(gate.tree, umoci.tree, explained)).toEqual([])
        expect(gate.tree.paths.size).toBeGreaterThan(10)
      },
      300_000
    )
  })
})
