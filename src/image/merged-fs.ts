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

/** Walks the tree; `followFinal` decides whether a symlink in the last component is followed. */
export function resolveNode(tree: PathTree, path: string, followFinal: boolean): NodeResolution {
  const pending = pathComponentsReversed(normalisePath(path))
  const stack: number[] = [ROOT]
  let hops = 0
  const seen = new Set<string>()
  while (pending.length > 0) {
    const name = pending.pop() as string
    if (name === '..') {
      if (stack.length > 1) stack.pop()
      continue
    }
    const dir = stack[stack.length - 1]
    if (!tree.isDir(dir)) return { ok: false, reason: 'not-a-directory', path: tree.pathOf(dir) }
    const child = tree.child(dir, name)
    if (child === NONE) return { ok: false, reason: 'missing', path: joinPath(tree.pathOf(dir), name) }
    const isLast = pending.length === 0
    const inode = tree.inode(child)
    if (tree.inodes.typeCode(inode) === SYMLINK_CODE && (!isLast || followFinal)) {
      hops++
      const key = `${child}\u0000${pending.length}`
      if (seen.has(key)) return { ok: false, reason: 'loop', path: tree.pathOf(child) }
      seen.add(key)
      if (hops > MAX_SYMLINK_HOPS) return { ok: false, reason: 'too-many-hops', path: tree.pathOf(child) }
      const target = tree.inodes.linkTargets.get(inode) ?? ''
      if (target.startsWith('/')) stack.length = 1
      for (const part of pathComponentsReversed(target, true)) pending.push(part)
      continue
    }
    stack.push(child)
  }
  return { ok: true, node: stack[stack.length - 1], hops }
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
  toJSON(): Record<string, unknown> {
    const { id, type, mode, uid, gid, size, layerIndex, linkTarget, contentTruncated, exec } = this
    return { id, type, mode, uid, gid, size, layerIndex, linkTarget, contentTruncated, exec }
  }
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
    return this.tree.hardLinkOf.get(this.node)
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

  constructor(private readonly tree: PathTree) {}

  get entryCount(): number {
    return this.walkOrder().length
  }

  get inodeCount(): number {
    return this.tree.inodes.count
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
    const resolution = resolveNode(this.tree, path, false)
    return resolution.ok ? this.entryAt(resolution.node) : undefined
  }

  stat(path: string): FsEntry | undefined {
    const resolution = resolveNode(this.tree, path, true)
    return resolution.ok ? this.entryAt(resolution.node) : undefined
  }

  resolve(path: string): Resolution {
    const resolution = resolveNode(this.tree, path, true)
    if (!resolution.ok) return resolution
    const entry = this.entryAt(resolution.node)
    return { ok: true, path: entry.path, entry, hops: resolution.hops }
  }

  readFile(path: string): Buffer | undefined {
    const resolution = resolveNode(this.tree, path, true)
    if (!resolution.ok) return undefined
    const inode = this.tree.inode(resolution.node)
    return this.tree.inodes.typeCode(inode) === FILE_CODE ? this.tree.inodes.contents.get(inode) : undefined
  }

  readdir(path: string): string[] {
    const resolution = resolveNode(this.tree, path, true)
    if (!resolution.ok || !this.tree.isDir(resolution.node)) return []
    return this.tree
      .children(resolution.node)
      .map((child) => this.tree.name(child))
      .sort()
  }

  *entries(): Iterable<FsEntry> {
    // Directory paths of this walk only: a path is its parent's plus one name, joined when asked for.
    const dirPaths = new Map<number, string>([[ROOT, '']])
    for (const node of this.walkOrder()) {
      const parent = this.tree.parent(node)
      const entry = new EntryView(this.tree, node, dirPaths.get(parent) ?? this.tree.pathOf(parent))
      if (this.tree.isDir(node)) dirPaths.set(node, entry.path)
      yield entry
    }
  }

  namesReaching(inode: Inode): string[] {
    const index = this.names()
    const direct: number[] = []
    const first = index.firstName[inode.id] ?? NONE
    if (first !== NONE) direct.push(first)
    direct.push(...(index.moreNames.get(inode.id) ?? []), ...(index.symlinkNames.get(inode.id) ?? []))
    const names = new Set(direct.map((node) => this.tree.pathOf(node)))
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
      const target = resolveNode(tree, tree.pathOf(node), true)
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
