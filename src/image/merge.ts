// Applies layers bottom-up, as Docker and containerd do when they unpack an image, into one tree.
// Whiteouts and opaque markers apply to lower layers only (OCI image spec, "Whiteouts").
import { ImageReadError } from '../errors.js'
import { type FsNode, TreeFs, resolveInTree } from './merged-fs.js'
import { baseName, joinPath, parentPath, printableName } from './safe-path.js'
import type { FsEntry, HiddenFile, Inode, LayerEntry, MergedFs } from './types.js'

export interface MergeResult {
  fs: MergedFs
  hidden: HiddenFile[]
  hiddenBytes: number
}

const DIR_MODE = 0o755

class LayerApplier {
  readonly root: FsNode
  readonly hidden: HiddenFile[] = []
  hiddenBytes = 0
  private nextInodeId = 1
  /**
   * Names of regular-file inodes that have more than one (hard links), so bytes count as hidden
   * only when the last name goes; an inode absent here has exactly one name.
   */
  private readonly linkCounts = new Map<Inode, number>()
  private lastDirPath: string | undefined
  private lastDir: FsNode | undefined

  constructor() {
    this.root = { ...this.newEntry('/', 'dir', DIR_MODE, -1), children: new Map() }
  }

  apply(layerIndex: number, entries: LayerEntry[]): void {
    // Whiteouts first: they hide what lower layers wrote, never what this layer writes.
    for (const entry of entries) {
      if (entry.type === 'whiteout') this.removeAt(entry.path, layerIndex, 'deleted')
      else if (entry.type === 'opaque') this.clearDirectory(entry.path, layerIndex)
    }
    for (const entry of entries) {
      if (entry.type !== 'whiteout' && entry.type !== 'opaque') this.write(layerIndex, entry)
    }
  }

  private write(layerIndex: number, layerEntry: LayerEntry): void {
    if (layerEntry.path === '/') {
      if (layerEntry.type === 'dir') this.updateDir(this.root, layerEntry, layerIndex)
      return
    }
    const dirPath = parentPath(layerEntry.path)
    // Entries of a layer come grouped by directory: remember the last one instead of walking from /.
    let parent = this.lastDirPath === dirPath ? this.lastDir : undefined
    if (!parent) {
      parent = this.directoryFor(dirPath, layerIndex)
      this.lastDirPath = dirPath
      this.lastDir = parent
    }
    const name = baseName(layerEntry.path)
    const path = parent.path === dirPath ? layerEntry.path : joinPath(parent.path, name)
    const existing = parent.children?.get(name)
    if (existing?.children && layerEntry.type === 'dir') {
      this.updateDir(existing, layerEntry, layerIndex)
      return
    }
    let inode: Inode
    let hardLinkOf: string | undefined
    if (layerEntry.type === 'hardlink') {
      const targetPath = layerEntry.linkTarget ?? ''
      const target = resolveInTree(this.root, targetPath, false)
      if (!target.ok || target.entry.inode.type === 'dir') {
        throw new ImageReadError(
          `layer ${layerIndex}: hard link ${printableName(layerEntry.path)} points to ${printableName(targetPath)}, ` +
            `which is ${target.ok ? 'a directory' : 'not in the image'}`
        )
      }
      inode = target.entry.inode
      hardLinkOf = target.path
      if (target.path === path) return // a link to itself changes nothing
    } else {
      inode = this.newInode(layerEntry, layerIndex)
    }
    if (existing) this.removeNode(parent, name, layerIndex, 'overwritten')
    const node: FsNode = { path, inode, layerIndex }
    if (hardLinkOf !== undefined) node.hardLinkOf = hardLinkOf
    if (inode.type === 'dir') node.children = new Map()
    ;(parent.children as Map<string, FsNode>).set(name, node)
    if (inode.type === 'file' && hardLinkOf !== undefined) {
      this.linkCounts.set(inode, (this.linkCounts.get(inode) ?? 1) + 1)
    }
  }

  /**
   * The directory a path's entry goes into. Intermediate symlinks are followed inside the root
   * (a layer writing lib/x when /lib → usr/lib lands in /usr/lib, as in Docker's chroot unpack);
   * missing directories are created, and a non-directory in the way is replaced by one.
   */
  private directoryFor(dirPath: string, layerIndex: number): FsNode {
    let node = this.root
    for (const name of dirPath === '/' ? [] : dirPath.slice(1).split('/')) {
      const children = node.children as Map<string, FsNode>
      let child = children.get(name)
      if (child && !child.children) {
        const resolved = resolveInTree(this.root, joinPath(node.path, name), true)
        if (resolved.ok && resolved.entry.inode.type === 'dir') {
          child = this.nodeAt(resolved.path)
        } else {
          this.removeNode(node, name, layerIndex, 'overwritten')
          child = undefined
        }
      }
      if (!child) {
        child = {
          ...this.newEntry(joinPath(node.path, name), 'dir', DIR_MODE, layerIndex),
          children: new Map()
        }
        children.set(name, child)
      }
      node = child
    }
    return node
  }

  private nodeAt(path: string): FsNode {
    let node = this.root
    for (const name of path === '/' ? [] : path.slice(1).split('/')) node = node.children?.get(name) as FsNode
    return node
  }

  private updateDir(node: FsNode, layerEntry: LayerEntry, layerIndex: number): void {
    const inode = node.inode
    inode.mode = layerEntry.mode
    inode.uid = layerEntry.uid
    inode.gid = layerEntry.gid
    node.layerIndex = layerIndex
  }

  private removeAt(path: string, layerIndex: number, reason: HiddenFile['reason']): void {
    const parent = resolveInTree(this.root, parentPath(path), true)
    if (!parent.ok) return
    const parentNode = this.nodeAt(parent.path)
    if (parentNode.children?.has(baseName(path)))
      this.removeNode(parentNode, baseName(path), layerIndex, reason)
  }

  private clearDirectory(path: string, layerIndex: number): void {
    const dir = resolveInTree(this.root, path, true)
    if (!dir.ok) return
    const node = this.nodeAt(dir.path)
    for (const name of [...(node.children?.keys() ?? [])]) this.removeNode(node, name, layerIndex, 'opaque')
  }

  private removeNode(parent: FsNode, name: string, byLayer: number, reason: HiddenFile['reason']): void {
    const node = parent.children?.get(name)
    if (!node) return
    parent.children?.delete(name)
    this.lastDirPath = undefined
    this.lastDir = undefined
    const stack = [node]
    while (stack.length > 0) {
      const current = stack.pop() as FsNode
      if (current.children) stack.push(...current.children.values())
      const inode = current.inode
      if (inode.type !== 'file') continue
      const links = (this.linkCounts.get(inode) ?? 1) - 1
      if (links > 0 || this.linkCounts.has(inode)) this.linkCounts.set(inode, links)
      if (links === 0 && byLayer > current.layerIndex) {
        this.hidden.push({
          path: current.path,
          layerIndex: current.layerIndex,
          size: inode.size,
          reason
        })
        this.hiddenBytes += inode.size
      }
    }
  }

  private newInode(layerEntry: LayerEntry, layerIndex: number): Inode {
    const inode: Inode = {
      id: this.nextInodeId++,
      type: layerEntry.type as Inode['type'],
      mode: layerEntry.mode,
      uid: layerEntry.uid,
      gid: layerEntry.gid,
      size: layerEntry.type === 'file' ? layerEntry.size : 0,
      layerIndex
    }
    if (layerEntry.type === 'symlink') inode.linkTarget = layerEntry.linkTarget ?? ''
    if (layerEntry.content) inode.content = layerEntry.content
    if (layerEntry.contentTruncated) inode.contentTruncated = true
    if (layerEntry.exec) inode.exec = layerEntry.exec
    return inode
  }

  private newEntry(path: string, type: 'dir', mode: number, layerIndex: number): FsEntry {
    const inode: Inode = { id: this.nextInodeId++, type, mode, uid: 0, gid: 0, size: 0, layerIndex }
    return { path, inode, layerIndex }
  }
}

/**
 * Builds the final filesystem from each layer's entries, base layer first. With `release`, each
 * layer's slot in `layers` is emptied once applied, so its entries can be collected while later
 * layers merge (the reader's peak memory is then about one copy of the entries, not two).
 */
export function mergeLayers(layers: LayerEntry[][], options: { release?: boolean } = {}): MergeResult {
  const applier = new LayerApplier()
  for (let layerIndex = 0; layerIndex < layers.length; layerIndex++) {
    applier.apply(layerIndex, layers[layerIndex])
    if (options.release) layers[layerIndex] = []
  }
  return { fs: new TreeFs(applier.root), hidden: applier.hidden, hiddenBytes: applier.hiddenBytes }
}
