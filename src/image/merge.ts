// Applies layers bottom-up, as Docker and containerd do when they unpack an image, into one tree.
// Whiteouts and opaque markers apply to lower layers only (OCI image spec, "Whiteouts").
import { ImageReadError } from '../errors.js'
import { TreeFs, resolveNode } from './merged-fs.js'
import { DIR_CODE, FILE_CODE, NONE, PathTree, ROOT } from './path-tree.js'
import { baseName, joinPath, parentPath, printableName } from './safe-path.js'
import type { HiddenFile, LayerEntry, MergedFs } from './types.js'

export interface MergeResult {
  fs: MergedFs
  hidden: HiddenFile[]
  hiddenBytes: number
}

/** One layer's entries in tar order: an array, or the reader's columnar table. */
export interface LayerEntries extends Iterable<LayerEntry> {
  readonly length: number
  /** Whiteouts and opaque markers only, when the source can list them without the rest. */
  removals?(): Iterable<LayerEntry>
}

const DIR_MODE = 0o755

class LayerApplier {
  readonly tree = new PathTree()
  readonly hidden: HiddenFile[] = []
  hiddenBytes = 0
  /**
   * Names of regular-file inodes that have more than one (hard links), so bytes count as hidden
   * only when the last name goes; an inode absent here has exactly one name.
   */
  private readonly linkCounts = new Map<number, number>()
  private lastDirPath: string | undefined
  private lastDir = NONE

  apply(layerIndex: number, entries: LayerEntries): void {
    // Whiteouts first: they hide what lower layers wrote, never what this layer writes.
    for (const entry of entries.removals ? entries.removals() : entries) {
      if (entry.type === 'whiteout') this.removeAt(entry.path, layerIndex, 'deleted')
      else if (entry.type === 'opaque') this.clearDirectory(entry.path, layerIndex)
    }
    for (const entry of entries) {
      if (entry.type !== 'whiteout' && entry.type !== 'opaque') this.write(layerIndex, entry)
    }
  }

  private write(layerIndex: number, layerEntry: LayerEntry): void {
    const { tree } = this
    if (layerEntry.path === '/') {
      if (layerEntry.type === 'dir') this.updateDir(ROOT, layerEntry, layerIndex)
      return
    }
    const dirPath = layerEntry.dir ?? parentPath(layerEntry.path)
    // Entries of a layer come grouped by directory: remember the last one instead of walking from /.
    let parent = this.lastDirPath === dirPath ? this.lastDir : NONE
    if (parent === NONE) {
      parent = this.directoryFor(dirPath, layerIndex)
      this.lastDirPath = dirPath
      this.lastDir = parent
    }
    const name = layerEntry.name ?? baseName(layerEntry.path)
    const existing = tree.child(parent, name)
    if (existing !== NONE && tree.isDir(existing) && layerEntry.type === 'dir') {
      this.updateDir(existing, layerEntry, layerIndex)
      return
    }
    let inode: number
    let hardLinkOf: string | undefined
    if (layerEntry.type === 'hardlink') {
      const targetPath = layerEntry.linkTarget ?? ''
      const target = resolveNode(tree, targetPath, false)
      if (!target.ok || tree.isDir(target.node)) {
        throw new ImageReadError(
          `layer ${layerIndex}: hard link ${printableName(layerEntry.path)} points to ${printableName(targetPath)}, ` +
            `which is ${target.ok ? 'a directory' : 'not in the image'}`
        )
      }
      if (target.node === existing) return // a link to itself changes nothing
      inode = tree.inode(target.node)
      hardLinkOf = tree.pathOf(target.node)
    } else {
      inode = this.newInode(layerEntry, layerIndex)
    }
    if (existing !== NONE) this.removeNode(existing, layerIndex, 'overwritten')
    const node = tree.addChild(parent, name, inode, layerIndex)
    if (hardLinkOf === undefined) return
    tree.hardLinkOf.set(node, hardLinkOf)
    if (tree.inodes.typeCode(inode) === FILE_CODE)
      this.linkCounts.set(inode, (this.linkCounts.get(inode) ?? 1) + 1)
  }

  /**
   * The directory a path's entry goes into. Intermediate symlinks are followed inside the root
   * (a layer writing lib/x when /lib → usr/lib lands in /usr/lib, as in Docker's chroot unpack);
   * missing directories are created, and a non-directory in the way is replaced by one.
   */
  private directoryFor(dirPath: string, layerIndex: number): number {
    const { tree } = this
    let node = ROOT
    for (const name of dirPath === '/' ? [] : dirPath.slice(1).split('/')) {
      let child = tree.child(node, name)
      if (child !== NONE && !tree.isDir(child)) {
        const resolved = resolveNode(tree, joinPath(tree.pathOf(node), name), true)
        if (resolved.ok && tree.isDir(resolved.node)) {
          child = resolved.node
        } else {
          this.removeNode(child, layerIndex, 'overwritten')
          child = NONE
        }
      }
      if (child === NONE)
        child = tree.addChild(node, name, tree.inodes.add('dir', DIR_MODE, 0, 0, 0, layerIndex), layerIndex)
      node = child
    }
    return node
  }

  private updateDir(node: number, layerEntry: LayerEntry, layerIndex: number): void {
    const inode = this.tree.inode(node)
    this.tree.inodes.setMode(inode, layerEntry.mode)
    this.tree.inodes.setOwner(inode, layerEntry.uid, layerEntry.gid)
    this.tree.setLayerIndex(node, layerIndex)
  }

  private removeAt(path: string, layerIndex: number, reason: HiddenFile['reason']): void {
    const parent = resolveNode(this.tree, parentPath(path), true)
    if (!parent.ok || !this.tree.isDir(parent.node)) return
    const node = this.tree.child(parent.node, baseName(path))
    if (node !== NONE) this.removeNode(node, layerIndex, reason)
  }

  private clearDirectory(path: string, layerIndex: number): void {
    const dir = resolveNode(this.tree, path, true)
    if (!dir.ok || !this.tree.isDir(dir.node)) return
    for (const child of this.tree.children(dir.node)) this.removeNode(child, layerIndex, 'opaque')
  }

  private removeNode(node: number, byLayer: number, reason: HiddenFile['reason']): void {
    const { tree } = this
    this.lastDirPath = undefined
    this.lastDir = NONE
    const stack = [node]
    while (stack.length > 0) {
      const current = stack.pop() as number
      const inode = tree.inode(current)
      const type = tree.inodes.typeCode(inode)
      if (type === DIR_CODE) for (const child of tree.children(current)) stack.push(child)
      if (type === FILE_CODE) {
        const links = (this.linkCounts.get(inode) ?? 1) - 1
        if (links > 0 || this.linkCounts.has(inode)) this.linkCounts.set(inode, links)
        const layerIndex = tree.layerIndex(current)
        if (links === 0 && byLayer > layerIndex) {
          const size = tree.inodes.size(inode)
          this.hidden.push({ path: tree.pathOf(current), layerIndex, size, reason, hiddenBy: byLayer })
          this.hiddenBytes += size
        }
      }
      tree.kill(current)
    }
  }

  private newInode(layerEntry: LayerEntry, layerIndex: number): number {
    const { inodes } = this.tree
    const type = layerEntry.type as 'file' | 'dir' | 'symlink' | 'char' | 'block' | 'fifo'
    const size = type === 'file' ? layerEntry.size : 0
    const inode = inodes.add(type, layerEntry.mode, layerEntry.uid, layerEntry.gid, size, layerIndex)
    if (type === 'symlink') inodes.linkTargets.set(inode, layerEntry.linkTarget ?? '')
    if (layerEntry.content) inodes.contents.set(inode, layerEntry.content)
    if (layerEntry.contentTruncated) inodes.truncated.add(inode)
    if (layerEntry.exec) inodes.execs.set(inode, layerEntry.exec)
    return inode
  }
}

/**
 * Builds the final filesystem from each layer's entries, base layer first. With `release`, each
 * layer's slot in `layers` is emptied once applied, so its entries can be collected while later
 * layers merge (the reader's peak memory is then about one copy of the entries, not two).
 */
export function mergeLayers(layers: LayerEntries[], options: { release?: boolean } = {}): MergeResult {
  const applier = new LayerApplier()
  applier.tree.reserve(layers.reduce((sum, entries) => sum + entries.length, 0))
  for (let layerIndex = 0; layerIndex < layers.length; layerIndex++) {
    applier.apply(layerIndex, layers[layerIndex])
    if (options.release) layers[layerIndex] = []
  }
  return { fs: new TreeFs(applier.tree), hidden: applier.hidden, hiddenBytes: applier.hiddenBytes }
}
