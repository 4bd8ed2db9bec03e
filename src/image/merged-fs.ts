// The final root filesystem as a tree of nodes, with symlink resolution confined to the image root.
import type { FsEntry, Inode, MergedFs, Resolution } from './types.js'
import { joinPath, normalisePath } from './safe-path.js'

/** Symlink hops allowed in one resolution; Linux stops at 40 as well (ELOOP). */
export const MAX_SYMLINK_HOPS = 40

/** A path of the tree: the entry itself, plus its children when it is a directory (one object per path). */
export interface FsNode extends FsEntry {
  children?: Map<string, FsNode>
}

/** Walks the tree; `followFinal` decides whether a symlink in the last component is followed. */
export function resolveInTree(root: FsNode, path: string, followFinal: boolean): Resolution {
  const pending = pathComponentsReversed(normalisePath(path))
  const stack: FsNode[] = [root]
  let hops = 0
  const seen = new Set<string>()
  while (pending.length > 0) {
    const name = pending.pop() as string
    if (name === '..') {
      if (stack.length > 1) stack.pop()
      continue
    }
    const dir = stack[stack.length - 1]
    const currentPath = dir.path
    if (!dir.children) return { ok: false, reason: 'not-a-directory', path: currentPath }
    const child = dir.children.get(name)
    if (!child) return { ok: false, reason: 'missing', path: joinPath(currentPath, name) }
    const isLast = pending.length === 0
    if (child.inode.type === 'symlink' && (!isLast || followFinal)) {
      hops++
      const key = `${child.path}\u0000${pending.length}`
      if (seen.has(key)) return { ok: false, reason: 'loop', path: child.path }
      seen.add(key)
      if (hops > MAX_SYMLINK_HOPS) return { ok: false, reason: 'too-many-hops', path: child.path }
      const target = child.inode.linkTarget ?? ''
      if (target.startsWith('/')) stack.length = 1
      for (const part of pathComponentsReversed(target, true)) pending.push(part)
      continue
    }
    stack.push(child)
  }
  const last = stack[stack.length - 1]
  return { ok: true, path: last.path, entry: last, hops }
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

/** Read-only view over a finished tree. */
export class TreeFs implements MergedFs {
  private namesByInode?: Map<Inode, string[]>
  private dirAliases?: Map<string, string[]>
  /** Every entry in walk order, computed once: rules walk the tree many times. */
  private ordered?: FsNode[]
  private fileBytes?: number

  constructor(private readonly root: FsNode) {}

  get entryCount(): number {
    return this.walk().length
  }

  get totalFileBytes(): number {
    if (this.fileBytes === undefined) {
      const counted = new Set<Inode>()
      let bytes = 0
      for (const entry of this.walk()) {
        if (entry.inode.type === 'file' && !counted.has(entry.inode)) {
          counted.add(entry.inode)
          bytes += entry.inode.size
        }
      }
      this.fileBytes = bytes
    }
    return this.fileBytes
  }

  lstat(path: string): FsEntry | undefined {
    const resolution = resolveInTree(this.root, path, false)
    return resolution.ok ? resolution.entry : undefined
  }

  stat(path: string): FsEntry | undefined {
    const resolution = resolveInTree(this.root, path, true)
    return resolution.ok ? resolution.entry : undefined
  }

  resolve(path: string): Resolution {
    return resolveInTree(this.root, path, true)
  }

  readFile(path: string): Buffer | undefined {
    const entry = this.stat(path)
    return entry?.inode.type === 'file' ? entry.inode.content : undefined
  }

  readdir(path: string): string[] {
    const entry = this.stat(path)
    if (!entry) return []
    const node = this.nodeAt(entry.path)
    return node?.children ? [...node.children.keys()].sort() : []
  }

  entries(): Iterable<FsEntry> {
    return this.walk()
  }

  private walk(): FsNode[] {
    if (this.ordered) return this.ordered
    const ordered: FsNode[] = []
    const stack: FsNode[] = [this.root]
    while (stack.length > 0) {
      const node = stack.pop() as FsNode
      if (node !== this.root) ordered.push(node)
      if (node.children && node.children.size > 0) {
        const names = [...node.children.keys()].sort().reverse()
        for (const name of names) stack.push(node.children.get(name) as FsNode)
      }
    }
    this.ordered = ordered
    return ordered
  }

  namesReaching(inode: Inode): string[] {
    const direct = this.directNames().get(inode) ?? []
    const aliases = this.directoryAliases()
    const names = new Set(direct)
    // A name under a directory that a symlink aliases (/bin → usr/bin) is reachable through the alias too.
    const work = [...direct]
    while (work.length > 0 && names.size < 256) {
      const name = work.pop() as string
      for (let slash = name.lastIndexOf('/'); slash > 0; slash = name.lastIndexOf('/', slash - 1)) {
        for (const alias of aliases.get(name.slice(0, slash)) ?? []) {
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

  private nodeAt(path: string): FsNode | undefined {
    let node: FsNode | undefined = this.root
    for (const name of path === '/' ? [] : path.slice(1).split('/')) node = node?.children?.get(name)
    return node
  }

  /** Hard links and symlinks (to non-directories) by the inode they reach. */
  private directNames(): Map<Inode, string[]> {
    if (this.namesByInode) return this.namesByInode
    const byInode = new Map<Inode, string[]>()
    const add = (inode: Inode, path: string) => {
      const list = byInode.get(inode)
      if (list) list.push(path)
      else byInode.set(inode, [path])
    }
    for (const entry of this.entries()) {
      if (entry.inode.type === 'dir') continue
      add(entry.inode, entry.path)
      if (entry.inode.type === 'symlink') {
        const target = this.resolve(entry.path)
        if (target.ok && target.entry.inode.type !== 'dir' && target.entry.inode !== entry.inode) {
          add(target.entry.inode, entry.path)
        }
      }
    }
    this.namesByInode = byInode
    return byInode
  }

  /** Resolved directory path → symlinks that point at it. */
  private directoryAliases(): Map<string, string[]> {
    if (this.dirAliases) return this.dirAliases
    const aliases = new Map<string, string[]>()
    for (const entry of this.entries()) {
      if (entry.inode.type !== 'symlink') continue
      const target = this.resolve(entry.path)
      if (!target.ok || target.entry.inode.type !== 'dir') continue
      const list = aliases.get(target.path)
      if (list) list.push(entry.path)
      else aliases.set(target.path, [entry.path])
    }
    this.dirAliases = aliases
    return aliases
  }
}
