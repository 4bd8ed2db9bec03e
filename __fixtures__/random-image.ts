// Seeded random layered images for the reference comparisons (a real overlay2 engine, umoci): the
// shapes where unpackers part ways. Whiteouts (of lower paths, below lower symlinks, then the name
// written again), opaque directories, hard links (with their own header mode and owner; to lower
// files, then whited out), symlinked directories at lower layers written through, kinds replaced
// (directory, file, symlink), parents left implied, owners, modes with setuid/setgid/sticky,
// devices and fifos. A seed always gives the same image.
import type { TarItem } from './tar.js'

export interface RandomImageOptions {
  /** Hard links to lower layers' files, which overlay2 refuses to unpack (vfs and umoci accept them). */
  lowerLinks: boolean
  /**
   * Now and then a shape every overlay unpack refuses (a whiteout after the same layer wrote its name,
   * an entry below a non-directory the layer wrote): the gate must refuse it too.
   */
  refusals: boolean
  /**
   * Whether a layer may leave parents unlisted (the unpack then makes them 0755 root:root over the
   * lower directory, where umoci keeps the lower one's mode and owner).
   */
  impliedParents: boolean
  /**
   * A hard link entry's header mode and owner: random ('own'; the unpack applies them to the file,
   * umoci does not), or the target's, as tar writers do ('target').
   */
  linkAttributes: 'own' | 'target'
  /**
   * Whether a layer may write below what a lower layer wrote as a symlink or another non-directory
   * (overlay2 makes a directory over it; umoci follows the symlink).
   */
  belowLowerNonDirectories: boolean
  /** Character devices 0:0, which overlayfs reads as whiteouts (umoci makes them devices, or files). */
  deviceWhiteouts: boolean
}

type Kind = 'file' | 'dir' | 'symlink' | 'link' | 'device' | 'whiteout'

/** mulberry32: small, fast and well mixed (an LCG's low bits repeat too soon for this). */
function generator(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = Math.imul(state ^ (state >>> 15), 1 | state)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

// No etc, dev, proc or sys at the top: a container's init layer writes those.
const TOP = ['a', 'b', 'c', 'usr', 'opt']
const NAMES = ['x', 'y', 'z', 'bin', 'lib', 'f']
const FILE_MODES = [0o644, 0o644, 0o755, 0o4755, 0o2755, 0o600, 0o6711, 0o444, 0o1755]
const DIR_MODES = [0o755, 0o755, 0o755, 0o700, 0o750, 0o1777, 0o2755, 0o555, 0o711]
const OWNERS = [0, 0, 0, 0, 1, 1000, 65534, 123456]

const parentOf = (path: string) => path.slice(0, Math.max(0, path.lastIndexOf('/')))
const baseOf = (path: string) => path.slice(path.lastIndexOf('/') + 1)

class ImageGenerator {
  private readonly random: () => number
  /** What lower layers wrote, by kind (paths may since be hidden: the merge decides). */
  private readonly lower = new Map<string, Kind>()
  private written = new Map<string, Kind>()
  private items: TarItem[] = []
  /** Mode and owner of the last file written at each path. */
  private readonly fileFacts = new Map<string, { mode: number; uid: number; gid: number }>()

  constructor(
    seed: number,
    private readonly options: RandomImageOptions
  ) {
    this.random = generator(seed)
  }

  layers(): TarItem[][] {
    const count = 1 + this.int(5)
    const layers: TarItem[][] = []
    for (let index = 0; index < count; index++) layers.push(this.layer())
    return layers
  }

  private int(below: number): number {
    return Math.floor(this.random() * below)
  }
  private chance(probability: number): boolean {
    return this.random() < probability
  }
  private pick<T>(values: readonly T[]): T {
    return values[this.int(values.length)]
  }
  private lowerOf(kind?: Kind): string[] {
    return [...this.lower].filter(([, k]) => kind === undefined || k === kind).map(([path]) => path)
  }

  private layer(): TarItem[] {
    this.written = new Map()
    this.items = []
    const operations = 2 + this.int(12)
    for (let index = 0; index < operations; index++) this.operation()
    for (const [path, kind] of this.written) if (kind !== 'whiteout') this.lower.set(path, kind)
    return this.items
  }

  private operation(): void {
    const roll = this.random()
    if (roll < 0.28) this.file(this.freshPath())
    else if (roll < 0.4) this.dir(this.freshPath())
    else if (roll < 0.52) this.symlink(this.freshPath())
    else if (roll < 0.6) this.hardlink()
    else if (roll < 0.72) this.whiteout()
    else if (roll < 0.77) this.opaque()
    else if (roll < 0.85) this.device(this.freshPath())
    else this.belowLowerSymlink()
  }

  /** A path near what lower layers wrote, one this layer has not used (Docker refuses duplicates). */
  private freshPath(): string | undefined {
    for (let attempt = 0; attempt < 12; attempt++) {
      const path = this.nearPath()
      if (this.usable(path)) return path
    }
    return undefined
  }

  private nearPath(): string {
    const lower = this.lowerOf()
    if (lower.length > 0 && this.chance(0.35)) return this.pick(lower)
    const dirs = this.lowerOf('dir')
    if (dirs.length > 0 && this.chance(0.35)) return `${this.pick(dirs)}/${this.pick(NAMES)}`
    let path = this.pick(TOP)
    const depth = this.int(3)
    for (let level = 0; level < depth; level++) path += `/${this.pick(NAMES)}`
    return path
  }

  private usable(path: string): boolean {
    const taken = this.written.get(path)
    if (taken !== undefined && taken !== 'whiteout') return false
    if (!this.options.belowLowerNonDirectories && this.belowLowerNonDirectory(path)) return false
    return !this.blockedBelow(path) || (this.options.refusals && this.chance(0.04))
  }

  private belowLowerNonDirectory(path: string): boolean {
    for (let at = path.indexOf('/'); at !== -1; at = path.indexOf('/', at + 1)) {
      const kind = this.lower.get(path.slice(0, at))
      if (kind !== undefined && kind !== 'dir') return true
    }
    return false
  }

  /** A strict ancestor this layer wrote as a non-directory: the unpack cannot go below it. */
  private blockedBelow(path: string): boolean {
    for (let at = path.indexOf('/'); at !== -1; at = path.indexOf('/', at + 1)) {
      const kind = this.written.get(path.slice(0, at))
      if (kind !== undefined && kind !== 'dir') return true
    }
    return false
  }

  private owner(): { uid: number; gid: number } {
    return { uid: this.pick(OWNERS), gid: this.pick(OWNERS) }
  }

  /** Directory entries for the parents, most of the time (a layer need not list them). */
  private parents(path: string, probability = 0.6): void {
    if (this.options.impliedParents && !this.chance(probability)) return
    const parts = path.split('/')
    for (let depth = 1; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/')
      if (this.written.has(dir)) continue
      this.add(dir, 'dir', {
        name: `${dir}/`,
        type: 'directory',
        mode: this.chance(0.7) ? 0o755 : this.pick(DIR_MODES),
        ...this.owner()
      })
    }
  }

  private add(path: string, kind: Kind, item: TarItem): void {
    this.implyParents(path)
    this.written.set(path, kind)
    this.items.push(item)
  }

  /** The unpack makes the parents the layer does not list: they are the layer's directories too. */
  private implyParents(path: string): void {
    for (let at = path.indexOf('/'); at !== -1; at = path.indexOf('/', at + 1)) {
      const parent = path.slice(0, at)
      if (!this.written.has(parent)) this.written.set(parent, 'dir')
    }
  }

  private content(): string {
    const length = this.int(40)
    let text = ''
    for (let index = 0; index < length; index++) text += String.fromCharCode(97 + this.int(26))
    return text
  }

  private file(path: string | undefined): void {
    if (path === undefined) return
    this.parents(path)
    const facts = { mode: this.pick(FILE_MODES), ...this.owner() }
    this.fileFacts.set(path, facts)
    this.add(path, 'file', { name: path, content: this.content(), ...facts })
  }

  private dir(path: string | undefined): void {
    if (path === undefined) return
    this.parents(path)
    this.add(path, 'dir', {
      name: `${path}/`,
      type: 'directory',
      mode: this.pick(DIR_MODES),
      ...this.owner()
    })
  }

  private symlink(path: string | undefined): void {
    if (path === undefined) return
    const dirs = this.lowerOf('dir')
    const targets = [
      this.pick(NAMES),
      `../${this.pick(TOP)}`,
      `/${this.nearPath()}`,
      '.',
      '..',
      'nowhere/deeper',
      baseOf(path),
      ...(dirs.length > 0 ? [`/${this.pick(dirs)}`, this.pick(dirs)] : [])
    ]
    this.parents(path)
    this.add(path, 'symlink', {
      name: path,
      type: 'symlink',
      linkname: this.pick(targets),
      mode: 0o777,
      ...this.owner()
    })
  }

  private hardlink(): void {
    const path = this.freshPath()
    if (path === undefined) return
    const own = [...this.written].filter(([, kind]) => kind === 'file').map(([file]) => file)
    // A lower file still at its path: one below a directory a later layer made a symlink or a file is
    // elsewhere now, and the link's header would not carry its target's mode and owner.
    const lowerFiles = this.lowerOf('file').filter(
      (file) => !this.written.has(file) && !this.belowLowerNonDirectory(file) && !this.blockedBelow(file)
    )
    const toLower = this.options.lowerLinks && lowerFiles.length > 0 && (own.length === 0 || this.chance(0.4))
    if (!toLower && own.length === 0) return
    const target = toLower ? this.pick(lowerFiles) : this.pick(own)
    this.parents(path)
    // The link's own header mode and owner: the unpack applies them to the shared inode.
    const header = { mode: this.chance(0.5) ? 0o644 : this.pick(FILE_MODES), ...this.owner() }
    const facts = this.options.linkAttributes === 'own' ? header : (this.fileFacts.get(target) ?? header)
    this.fileFacts.set(target, facts)
    this.add(path, 'link', { name: path, type: 'link', linkname: target, ...facts })
    // A link to a lower file, then that file's whiteout in the same layer (issue 13 §1).
    if (toLower && this.chance(0.5)) this.whiteoutOf(target)
  }

  private whiteout(): void {
    const lower = this.lowerOf()
    this.whiteoutOf(lower.length > 0 && this.chance(0.75) ? this.pick(lower) : this.nearPath())
  }

  private whiteoutOf(path: string): void {
    const taken = this.written.get(path)
    if (taken === 'whiteout') return
    if (!this.options.belowLowerNonDirectories && this.belowLowerNonDirectory(path)) return
    if (taken !== undefined && !(this.options.refusals && this.chance(0.05))) return
    if (this.blockedBelow(path) && !(this.options.refusals && this.chance(0.04))) return
    const parent = parentOf(path)
    if (parent !== '') this.parents(path, 0.3)
    this.items.push({ name: `${parent === '' ? '' : `${parent}/`}.wh.${baseOf(path)}`, content: '' })
    this.implyParents(path)
    if (taken === undefined) this.written.set(path, 'whiteout')
  }

  private opaque(): void {
    const dirs = this.lowerOf('dir')
    const dir = dirs.length > 0 && this.chance(0.8) ? this.pick(dirs) : this.nearPath()
    const marker = `${dir}/.wh..wh..opq`
    if (this.written.has(marker) || this.blockedBelow(`${dir}/x`)) return
    if (!this.options.belowLowerNonDirectories && this.belowLowerNonDirectory(marker)) return
    this.parents(marker)
    this.implyParents(marker)
    this.written.set(marker, 'whiteout')
    this.items.push({ name: marker, content: '' })
  }

  private device(path: string | undefined): void {
    if (path === undefined) return
    this.parents(path)
    const roll = this.random()
    const item: TarItem =
      roll < 0.35
        ? { name: path, type: 'fifo', mode: 0o644 }
        : roll < 0.7
          ? { name: path, type: 'character-device', devmajor: 1, devminor: 3 + this.int(3), mode: 0o666 }
          : roll < 0.85 || !this.options.deviceWhiteouts
            ? { name: path, type: 'block-device', devmajor: 7, devminor: this.int(4), mode: 0o660 }
            : { name: path, type: 'character-device', devmajor: 0, devminor: 0, mode: 0o600 }
    this.add(path, 'device', { ...item, ...this.owner() })
  }

  /** Something below a lower layer's symlink: overlay2 makes a directory over the symlink. */
  private belowLowerSymlink(): void {
    if (!this.options.belowLowerNonDirectories) return
    const links = this.lowerOf('symlink').filter((link) => this.usable(`${link}/x`))
    if (links.length === 0) return
    const path = `${this.pick(links)}/${this.pick(NAMES)}`
    if (!this.usable(path)) return
    const roll = this.random()
    if (roll < 0.5) this.file(path)
    else if (roll < 0.75) this.dir(path)
    else this.whiteoutOf(path)
  }
}

export function randomLayers(seed: number, options: RandomImageOptions): TarItem[][] {
  return new ImageGenerator(seed, options).layers()
}
