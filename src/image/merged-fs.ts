// The final root filesystem as a read-only view over a PathTree, with symlink resolution confined to
// the image root. Entries and inodes are small views made on demand, so walking the tree costs no
// memory that outlives the walk.
import type { ExecInfo, FsEntry, Inode, MergedFs, Resolution } from './types.js'
import { type InodeTable, NONE, type PathTree, ROOT, SYMLINK_CODE, FILE_CODE, DIR_CODE } from './path-tree.js'
import { joinPath, normalisePath } from './safe-path.js'

/** Symlink hops allowed in one resolution; Linux stops at 40 as well (ELOOP). */
export const MAX_SYMLINK_HOPS = 40

export type NodeResolution =
  | { ok: true; node: number; hops: number }
  | { ok: false; reason: 'missing' | 'loop' | 'too-many-hops' | 'not-a-directory'; path: string }

/**
 * Path components read from symlink targets, across one read (the merge and every rule's lookups):
 * what stops crafted chains of long targets from taking minutes. Each symlink is expanded once per
 * resolver (its result is reused), so real images spend a few per symlink.
 */
export interface LinkBudget {
  spent: number
  readonly limit: number
  /** The error to throw once `spent` passes `limit` (it names the flag that raises it). */
  readonly exceeded: () => Error
}

export function unlimitedLinkBudget(): LinkBudget {
  return { spent: 0, limit: Number.POSITIVE_INFINITY, exceeded: () => new Error('unreachable') }
}

/** A symlink being expanded: done when `pending` is back to `pendingLength`. */
interface Expansion {
  link: number
  pendingLength: number
  hopsBefore: number
}

/**
 * Resolves paths inside the image root, `..` going to the physical parent as in Linux. A symlink's
 * expansion depends only on its target and its directory, so each one is remembered once resolved: a
 * chain is walked once, not once per lookup through it. With `layer`, only the nodes that layer wrote
 * exist (how a layer's own unpack, in its own empty directory, sees the tree); the caller calls
 * `forget()` whenever such a node is removed.
 */
export class Resolver {
  // What each symlink's expansion led to, by node: the result + 1 (0 when unknown) and the hops it
  // took, valid in the epoch it was found in; `forget()` starts a new epoch. Typed arrays made on
  // first use: 9 bytes a node, where a Map of objects took about 100 a symlink.
  private expandedTo?: Int32Array
  private expandedHops?: Uint8Array
  private expandedIn?: Uint32Array
  private epoch = 1

  /** Children that do not exist for this resolver besides detached ones (see `visible`). */
  hides?: (dir: number, child: number) => boolean

  constructor(
    private readonly tree: PathTree,
    private readonly budget: LinkBudget,
    /** Only the nodes this layer wrote exist (a layer's own unpack); undefined for the whole tree. */
    public layer?: number
  ) {}

  forget(): void {
    this.epoch++
  }

  private known(link: number): { node: number; hops: number } | undefined {
    const to = this.expandedTo
    if (!to || link >= to.length || (this.expandedIn as Uint32Array)[link] !== this.epoch || to[link] === 0)
      return undefined
    return { node: to[link] - 1, hops: (this.expandedHops as Uint8Array)[link] }
  }

  private remember(link: number, node: number, hops: number): void {
    if (!this.expandedTo || link >= this.expandedTo.length) {
      const length = Math.max(link + 1, this.tree.count, (this.expandedTo?.length ?? 0) * 2)
      const to = new Int32Array(length)
      const hopsOf = new Uint8Array(length)
      const epochs = new Uint32Array(length)
      if (this.expandedTo) {
        to.set(this.expandedTo)
        hopsOf.set(this.expandedHops as Uint8Array)
        epochs.set(this.expandedIn as Uint32Array)
      }
      this.expandedTo = to
      this.expandedHops = hopsOf
      this.expandedIn = epochs
    }
    this.expandedTo[link] = node + 1
    ;(this.expandedHops as Uint8Array)[link] = hops
    ;(this.expandedIn as Uint32Array)[link] = this.epoch
  }

  /** `path` from the root; `followFinal` decides whether a symlink in the last component is followed. */
  resolve(path: string, followFinal: boolean): NodeResolution {
    return this.walk(ROOT, pathComponentsReversed(normalisePath(path)), followFinal, NONE)
  }

  /** Where the symlink `link` leads, followed to the end (as when it is used as a directory). */
  resolveLink(link: number): NodeResolution {
    return this.walk(this.tree.parent(link), [], true, link)
  }

  private visible(dir: number, node: number): boolean {
    if (node === NONE || (this.layer !== undefined && this.tree.layerIndex(node) !== this.layer)) return false
    return this.hides === undefined || !this.hides(dir, node)
  }

  private walk(start: number, pending: string[], followFinal: boolean, firstLink: number): NodeResolution {
    const { tree } = this
    let current = start
    let hops = 0
    const expansions: Expansion[] = []
    let link = firstLink
    for (;;) {
      if (link !== NONE) {
        const known = this.known(link)
        if (known) {
          hops += known.hops
          if (hops > MAX_SYMLINK_HOPS) return { ok: false, reason: 'too-many-hops', path: tree.pathOf(link) }
          current = known.node
        } else {
          if (expansions.some((expansion) => expansion.link === link))
            return { ok: false, reason: 'loop', path: tree.pathOf(link) }
          if (hops + 1 > MAX_SYMLINK_HOPS)
            return { ok: false, reason: 'too-many-hops', path: tree.pathOf(link) }
          expansions.push({ link, pendingLength: pending.length, hopsBefore: hops })
          hops++
          const target = tree.inodes.linkTargets.get(tree.inode(link)) ?? ''
          current = target.startsWith('/') ? ROOT : tree.parent(link)
          const parts = pathComponentsReversed(target, true)
          this.budget.spent += parts.length + 1
          if (this.budget.spent > this.budget.limit) throw this.budget.exceeded()
          for (const part of parts) pending.push(part)
        }
        link = NONE
      }
      // Expansions whose target has been walked to its end resolve to where the walk stands now.
      while (expansions.length > 0 && expansions[expansions.length - 1].pendingLength === pending.length) {
        const done = expansions.pop() as Expansion
        this.remember(done.link, current, hops - done.hopsBefore)
      }
      if (pending.length === 0) return { ok: true, node: current, hops }
      const name = pending.pop() as string
      if (!tree.isDir(current)) return { ok: false, reason: 'not-a-directory', path: tree.pathOf(current) }
      if (name === '..') {
        if (current !== ROOT) current = tree.parent(current)
        continue
      }
      const child = tree.child(current, name)
      if (!this.visible(current, child))
        return { ok: false, reason: 'missing', path: joinPath(tree.pathOf(current), name) }
      const isLast = pending.length === 0 && expansions.length === 0
      if (tree.inodes.typeCode(tree.inode(child)) === SYMLINK_CODE && (!isLast || followFinal)) link = child
      else current = child
    }
  }
}

/** Walks the tree with a resolver of its own (tests, one-off lookups); see Resolver. */
export function resolveNode(tree: PathTree, path: string, followFinal: boolean): NodeResolution {
  return new Resolver(tree, unlimitedLinkBudget()).resolve(path, followFinal)
}

/** Components in reverse order (so they can be popped), keeping ".." for relative symlink targets. */
function pathComponentsReversed(path: string, keepDotDot = false): string[] {
  const parts: string[] = []
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..' && !keepDotDot) {
      parts.pop()
      continue
    }
    parts.push(part)
  }
  return parts.reverse()
}

/** An inode read from its table row; two views of one inode share `id`, not identity. */
class InodeView implements Inode {
  constructor(
    private readonly table: InodeTable,
    readonly id: number
  ) {}
  get type() {
    return this.table.type(this.id)
  }
  get mode() {
    return this.table.mode(this.id)
  }
  get uid() {
    return this.table.uid(this.id)
  }
  get gid() {
    return this.table.gid(this.id)
  }
  get size() {
    return this.table.size(this.id)
  }
  get layerIndex() {
    return this.table.layerIndex(this.id)
  }
  get linkTarget(): string | undefined {
    return this.table.linkTargets.get(this.id)
  }
  get content(): Buffer | undefined {
    return this.table.contents.get(this.id)
  }
  get contentTruncated(): boolean | undefined {
    return this.table.truncated.has(this.id) ? true : undefined
  }
  get exec(): ExecInfo | undefined {
    return this.table.execs.get(this.id)
  }
  get capability(): Buffer | undefined {
    return this.table.capabilities.size > 0 ? this.table.capabilities.get(this.id) : undefined
  }
  toJSON(): Record<string, unknown> {
    const { id, type, mode, uid, gid, size, layerIndex, linkTarget, contentTruncated, exec } = this
    return { id, type, mode, uid, gid, size, layerIndex, linkTarget, contentTruncated, exec }
  }
}

/** A view of one inode row (a hidden file keeps its row, so its facts stay readable). */
export function inodeView(table: InodeTable, id: number): Inode {
  return new InodeView(table, id)
}

/**
 * An entry read from its tree row. Its path is joined, and its inode view made, only when asked for:
 * most walks read names and inodes, and few need the path of every entry.
 */
class EntryView implements FsEntry {
  private joinedPath: string | undefined
  private inodeView: InodeView | undefined

  constructor(
    private readonly tree: PathTree,
    private readonly node: number,
    /** The parent directory's path when the walk knows it ('' for the root), to join without climbing. */
    private readonly parentPath?: string
  ) {}
  get path(): string {
    this.joinedPath ??=
      this.parentPath === undefined
        ? this.tree.pathOf(this.node)
        : `${this.parentPath}/${this.tree.name(this.node)}`
    return this.joinedPath
  }
  get name(): string {
    return this.tree.name(this.node)
  }
  get inode(): Inode {
    this.inodeView ??= new InodeView(this.tree.inodes, this.tree.inode(this.node))
    return this.inodeView
  }
  get layerIndex(): number {
    return this.tree.layerIndex(this.node)
  }
  get hardLinkOf(): string | undefined {
    const target = this.tree.hardLinkOf.get(this.node)
    return target === undefined ? undefined : this.tree.pathOf(target)
  }
  toJSON(): Record<string, unknown> {
    const { path, inode, layerIndex, hardLinkOf } = this
    return { path, inode, layerIndex, ...(hardLinkOf === undefined ? {} : { hardLinkOf }) }
  }
}

/** Who names which inode: built once, on the first `namesReaching`. */
interface NameIndex {
  /** First live non-directory node of each inode, or NONE. */
  firstName: Int32Array
  /** Further hard links of inodes with more than one name. */
  moreNames: Map<number, number[]>
  /** Symlinks (to non-directories) by the inode they reach. */
  symlinkNames: Map<number, number[]>
  /** Resolved directory path → symlinks that point at it. */
  dirAliases: Map<string, string[]>
}

/** Read-only view over a finished tree. */
export class TreeFs implements MergedFs {
  /** Live nodes in walk order (parents before children, siblings sorted), computed once. */
  private ordered?: Int32Array
  private fileBytes?: number
  private nameIndex?: NameIndex
  /** Entries per inode (directories aside), counted on the first `linkCount`. */
  private linkCounts?: Uint32Array
  private readonly resolver: Resolver

  constructor(
    private readonly tree: PathTree,
    linkBudget: LinkBudget = unlimitedLinkBudget()
  ) {
    this.resolver = new Resolver(tree, linkBudget)
  }

  get entryCount(): number {
    return this.walkOrder().length
  }

  get totalFileBytes(): number {
    if (this.fileBytes === undefined) {
      const { inodes } = this.tree
      const counted = new Uint8Array(inodes.count)
      let bytes = 0
      for (const node of this.walkOrder()) {
        const inode = this.tree.inode(node)
        if (inodes.typeCode(inode) === FILE_CODE && counted[inode] === 0) {
          counted[inode] = 1
          bytes += inodes.size(inode)
        }
      }
      this.fileBytes = bytes
    }
    return this.fileBytes
  }

  lstat(path: string): FsEntry | undefined {
    const resolution = this.resolver.resolve(path, false)
    return resolution.ok ? this.entryAt(resolution.node) : undefined
  }

  stat(path: string): FsEntry | undefined {
    const resolution = this.resolver.resolve(path, true)
    return resolution.ok ? this.entryAt(resolution.node) : undefined
  }

  resolve(path: string): Resolution {
    const resolution = this.resolver.resolve(path, true)
    if (!resolution.ok) return resolution
    const entry = this.entryAt(resolution.node)
    return { ok: true, path: entry.path, entry, hops: resolution.hops }
  }

  readFile(path: string): Buffer | undefined {
    const resolution = this.resolver.resolve(path, true)
    if (!resolution.ok) return undefined
    const inode = this.tree.inode(resolution.node)
    return this.tree.inodes.typeCode(inode) === FILE_CODE ? this.tree.inodes.contents.get(inode) : undefined
  }

  readdir(path: string): string[] {
    const resolution = this.resolver.resolve(path, true)
    if (!resolution.ok || !this.tree.isDir(resolution.node)) return []
    return this.tree
      .children(resolution.node)
      .map((child) => this.tree.name(child))
      .sort()
  }

  entries(): Iterable<FsEntry> {
    return this.walk()
  }

  files(): Iterable<FsEntry> {
    const { inodes } = this.tree
    const seen = new Uint8Array(inodes.count)
    return this.walk((node) => {
      const inode = this.tree.inode(node)
      if (inodes.typeCode(inode) !== FILE_CODE || seen[inode] === 1) return false
      seen[inode] = 1
      return true
    })
  }

  /** Entries in walk order, those `keep` accepts (all without it). */
  private *walk(keep?: (node: number) => boolean): Generator<FsEntry> {
    // The paths of the directories above the walk's position only (the walk is depth first): a path
    // is its parent's plus one name, joined when asked for, and a finished subtree's paths are let go.
    const dirs: number[] = [ROOT]
    const dirPaths: string[] = ['']
    for (const node of this.walkOrder()) {
      const parent = this.tree.parent(node)
      while (dirs[dirs.length - 1] !== parent) {
        dirs.pop()
        dirPaths.pop()
      }
      const isDir = this.tree.isDir(node)
      if (!isDir && keep && !keep(node)) continue
      const entry = new EntryView(this.tree, node, dirPaths[dirPaths.length - 1])
      if (isDir) {
        dirs.push(node)
        dirPaths.push(entry.path)
        if (keep && !keep(node)) continue
      }
      yield entry
    }
  }

  namesReaching(inode: Inode): string[] {
    const index = this.names()
    const names = new Set<string>()
    const first = index.firstName[inode.id] ?? NONE
    if (first !== NONE) names.add(this.tree.pathOf(first))
    // One at a time: a spread of 900,000 hard links would overflow the call stack.
    for (const node of index.moreNames.get(inode.id) ?? []) names.add(this.tree.pathOf(node))
    for (const node of index.symlinkNames.get(inode.id) ?? []) names.add(this.tree.pathOf(node))
    // A name under a directory that a symlink aliases (/bin → usr/bin) is reachable through the alias too.
    const work = [...names]
    while (work.length > 0 && names.size < 256) {
      const name = work.pop() as string
      for (let slash = name.lastIndexOf('/'); slash > 0; slash = name.lastIndexOf('/', slash - 1)) {
        for (const alias of index.dirAliases.get(name.slice(0, slash)) ?? []) {
          const aliased = alias + name.slice(slash)
          if (!names.has(aliased)) {
            names.add(aliased)
            work.push(aliased)
          }
        }
      }
    }
    return [...names].sort()
  }

  hardLinks(inode: Inode): string[] {
    return this.namesReaching(inode).filter((name) => {
      const at = this.resolver.resolve(name, false)
      return at.ok && this.tree.inode(at.node) === inode.id
    })
  }

  linkCount(inode: Inode): number {
    if (!this.linkCounts) {
      const { inodes } = this.tree
      const counts = new Uint32Array(inodes.count)
      for (const node of this.walkOrder()) {
        const id = this.tree.inode(node)
        if (inodes.typeCode(id) !== DIR_CODE) counts[id]++
      }
      this.linkCounts = counts
    }
    return this.linkCounts[inode.id] ?? 0
  }

  private entryAt(node: number): FsEntry {
    return new EntryView(this.tree, node)
  }

  private walkOrder(): Int32Array {
    if (this.ordered) return this.ordered
    // Straight into a typed array sized for every row ever made: no growing array of numbers to copy.
    const order = new Int32Array(this.tree.count)
    let length = 0
    const stack: number[] = [ROOT]
    const byName = (a: number, b: number) => this.tree.compareNames(a, b)
    while (stack.length > 0) {
      const node = stack.pop() as number
      if (node !== ROOT) order[length++] = node
      if (!this.tree.isDir(node)) continue
      const children = this.tree.children(node).sort(byName)
      for (let index = children.length - 1; index >= 0; index--) stack.push(children[index])
    }
    this.ordered = order.subarray(0, length)
    return this.ordered
  }

  private names(): NameIndex {
    if (this.nameIndex) return this.nameIndex
    const { tree } = this
    const firstName = new Int32Array(tree.inodes.count).fill(NONE)
    const moreNames = new Map<number, number[]>()
    const symlinkNames = new Map<number, number[]>()
    const dirAliases = new Map<string, string[]>()
    const add = (map: Map<number, number[]>, inode: number, node: number) => {
      const list = map.get(inode)
      if (list) list.push(node)
      else map.set(inode, [node])
    }
    for (const node of this.walkOrder()) {
      const inode = tree.inode(node)
      const type = tree.inodes.typeCode(inode)
      if (type === DIR_CODE) continue
      if (firstName[inode] === NONE) firstName[inode] = node
      else add(moreNames, inode, node)
      if (type !== SYMLINK_CODE) continue
      const target = this.resolver.resolveLink(node)
      if (!target.ok) continue
      const targetInode = tree.inode(target.node)
      if (tree.isDir(target.node)) {
        const targetPath = tree.pathOf(target.node)
        const list = dirAliases.get(targetPath)
        if (list) list.push(tree.pathOf(node))
        else dirAliases.set(targetPath, [tree.pathOf(node)])
      } else if (targetInode !== inode) add(symlinkNames, targetInode, node)
    }
    this.nameIndex = { firstName, moreNames, symlinkNames, dirAliases }
    return this.nameIndex
  }
}
