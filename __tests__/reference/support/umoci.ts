// umoci, the Open Container Initiative's reference unpacker, as a second oracle: images written as an
// OCI layout, `umoci unpack --rootless` into a bundle, the bundle's rootfs read back with owners from
// the mtree umoci writes (rootless, it keeps them in a user.rootlesscontainers xattr).
import { spawnSync } from 'node:child_process'
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { BuiltImage } from '../../../__fixtures__/archive.js'
import { sha256 } from '../../../__fixtures__/archive.js'
import type { EntryType } from '../../../src/image/types.js'
import type { PathFacts, Tree } from './compare.js'

/** An OCI image layout holding every image, each under its own ref name. */
export function writeOciLayout(dir: string, images: { ref: string; image: BuiltImage }[]): void {
  mkdirSync(path.join(dir, 'blobs', 'sha256'), { recursive: true })
  const put = (bytes: Buffer) =>
    writeFileSync(path.join(dir, 'blobs', 'sha256', sha256(bytes).slice(7)), bytes)
  const manifests = images.map(({ ref, image }) => {
    for (const blob of [...image.layerBlobs, image.configBytes, image.manifestBytes]) put(blob)
    return {
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      digest: sha256(image.manifestBytes),
      size: image.manifestBytes.length,
      annotations: { 'org.opencontainers.image.ref.name': ref }
    }
  })
  writeFileSync(path.join(dir, 'oci-layout'), '{"imageLayoutVersion":"1.0.0"}')
  writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests }))
}

export function run(command: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 300_000, maxBuffer: 1 << 26 })
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? String(result.error)}` }
}

/** `umoci unpack --rootless`; the bundle's rootfs as a tree, or umoci's complaint. */
export function umociTree(
  layout: string,
  ref: string,
  bundle: string
): { ok: true; tree: Tree } | { ok: false; message: string } {
  const unpacked = run('umoci', ['unpack', '--rootless', '--image', `${layout}:${ref}`, bundle])
  if (!unpacked.ok) return { ok: false, message: unpacked.output.trim().split('\n').at(-1) ?? '' }
  const mtree = readdirSync(bundle).find((name) => name.endsWith('.mtree'))
  const owners = mtree
    ? mtreeOwners(readFileSync(path.join(bundle, mtree), 'utf8'))
    : new Map<string, { uid: number; gid: number }>()
  return { ok: true, tree: readRootfs(path.join(bundle, 'rootfs'), owners) }
}

function readRootfs(root: string, owners: Map<string, { uid: number; gid: number }>): Tree {
  const paths = new Map<string, PathFacts>()
  const inodes = new Map<number, string[]>()
  const pending = ['']
  while (pending.length > 0) {
    const relative = pending.pop() as string
    for (const name of readdirSync(path.join(root, relative))) {
      const inside = `${relative}/${name}`
      const stats = lstatSync(path.join(root, inside))
      const type: EntryType = stats.isDirectory()
        ? 'dir'
        : stats.isSymbolicLink()
          ? 'symlink'
          : stats.isFIFO()
            ? 'fifo'
            : stats.isCharacterDevice()
              ? 'char'
              : stats.isBlockDevice()
                ? 'block'
                : 'file'
      const owner = owners.get(inside) ?? { uid: 0, gid: 0 }
      paths.set(inside, {
        type,
        mode: stats.mode & 0o7777,
        ...owner,
        size: type === 'file' ? stats.size : 0,
        ...(type === 'symlink' ? { linkTarget: readlinkSync(path.join(root, inside)) } : {})
      })
      if (type === 'dir') pending.push(inside)
      else if (stats.nlink > 1) inodes.set(stats.ino, [...(inodes.get(stats.ino) ?? []), inside])
    }
  }
  const linkGroups = [...inodes.values()]
    .filter((group) => group.length > 1)
    .map((group) => group.sort())
    .sort((a, b) => (a[0] < b[0] ? -1 : 1))
  return { paths, linkGroups }
}

/**
 * Owners from umoci's mtree: go-mtree's format (`/set` defaults, one line per entry, a directory's
 * entries after it until `..`), the rootless owner in `xattr.user.rootlesscontainers` (a protobuf
 * message: uid = field 1, gid = field 2, zero values omitted); without it, root.
 */
export function mtreeOwners(text: string): Map<string, { uid: number; gid: number }> {
  const owners = new Map<string, { uid: number; gid: number }>()
  const dirs: string[] = []
  for (const raw of text.split('\n')) {
    const line = raw.trim()
    if (line === '' || line.startsWith('#') || line.startsWith('/')) continue
    if (line === '..') {
      dirs.pop()
      continue
    }
    const [encodedName, ...keywords] = line.split(/\s+/)
    const name = decodeVis(encodedName)
    const where = dirs.length === 0 ? '' : `${dirs[dirs.length - 1]}/${name}`
    const xattr = keywords.find((keyword) => keyword.startsWith('xattr.user.rootlesscontainers='))
    if (xattr) owners.set(where, decodeRootlessOwner(xattr.slice(xattr.indexOf('=') + 1)))
    if (keywords.includes('type=dir')) dirs.push(name === '.' && dirs.length === 0 ? '' : where)
  }
  return owners
}

/** go-mtree writes names with vis(3): octal escapes for bytes outside the printable set. */
function decodeVis(name: string): string {
  const bytes: number[] = []
  for (let at = 0; at < name.length; at++) {
    if (name[at] === '\\' && /^[0-7]{3}$/.test(name.slice(at + 1, at + 4))) {
      bytes.push(Number.parseInt(name.slice(at + 1, at + 4), 8))
      at += 3
    } else bytes.push(...Buffer.from(name[at]))
  }
  return Buffer.from(bytes).toString('utf8')
}

const NOOP_ID = 2 ** 32 - 1

function decodeRootlessOwner(base64: string): { uid: number; gid: number } {
  const bytes = Buffer.from(base64, 'base64')
  const owner = { uid: 0, gid: 0 }
  let at = 0
  while (at < bytes.length) {
    const tag = bytes[at++]
    let value = 0
    let shift = 0
    for (;;) {
      const byte = bytes[at++]
      value += (byte & 0x7f) * 2 ** shift
      shift += 7
      if ((byte & 0x80) === 0) break
    }
    // NoopID (2^32 - 1) leaves the file's own owner, which rootless unpacking here makes root.
    if (value === NOOP_ID) continue
    if (tag === 0x08) owner.uid = value
    else if (tag === 0x10) owner.gid = value
  }
  return owner
}
