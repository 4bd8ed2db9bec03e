// Applies layers bottom-up into one tree, as Docker's and containerd's overlay2 drivers unpack them: each
// layer into a directory of its own, entry by entry (inside that directory, following only the symlinks
// the layer itself wrote), the directories then stacked by overlayfs. See docs/how-it-works.md.
import { ImageReadError, LimitError } from '../common/errors.js'
import {
  type LinkBudget,
  MAX_SYMLINK_HOPS,
  type NodeResolution,
  Resolver,
  TreeFs,
  inodeView,
  unlimitedLinkBudget
} from './merged-fs.js'
import { FILE_CODE, type InodeTable, NONE, PathTree, ROOT, SYMLINK_CODE } from './path-tree.js'
import { baseName, parentPath, printableName } from './safe-path.js'
import type { LayerRow } from './layer-table.js'
import type { HiddenFile, Inode, LayerEntry, MergedFs } from './types.js'

export interface MergeResult {
  fs: MergedFs
  hidden: HiddenFile[]
  hiddenBytes: number
  /** What the merge read differently from some engine, once per kind and layer. */
  warnings: string[]
}

/** One layer's entries in tar order: an array, or the reader's columnar table. */
export interface LayerEntries extends Iterable<LayerRow> {
  readonly length: number
}

/** What the merge may spend; each limit's error names its flag. */
export interface MergeLimits {
  /** Nodes in the tree: entries as merged plus the directories their paths imply (`--max-entries`). */
  maxNodes: number
  nodesExceeded: (nodes: number) => Error
  /**
   * Charges bytes the merge keeps: an implied directory's path (which every walk spells out), a hidden
   * file's record. `what` names the thing for the message.
   */
  retain: (bytes: number, what: () => string) => void
  linkBudget: LinkBudget
}

const UNLIMITED: MergeLimits = {
  maxNodes: Number.POSITIVE_INFINITY,
  nodesExceeded: () => new Error('unreachable'),
  retain: () => undefined,
  linkBudget: unlimitedLinkBudget()
}

/** Mode and owner of a directory the unpack creates for an entry whose parent its layer lacks (moby's MkdirAll). */
const IMPLIED_DIR_MODE = 0o755
const SETGID = 0o2000

/** What a hidden file's record costs besides its path. */
const HIDDEN_RECORD_BYTES = 64

/** A hidden file's record; its inode view is made when asked for. */
class HiddenCopy implements HiddenFile {
  constructor(
    readonly path: string,
    readonly layerIndex: number,
    readonly hiddenBy: number,
    readonly size: number,
    readonly reason: HiddenFile['reason'],
    private readonly inodes: InodeTable,
    private readonly inodeId: number
  ) {}
  get inode(): Inode {
    return inodeView(this.inodes, this.inodeId)
  }
  toJSON(): Record<string, unknown> {
    const { path, layerIndex, hiddenBy, size, reason, inode } = this
    return { path, layerIndex, hiddenBy, size, reason, inode }
  }
}

/** A lower-layer node the current layer hides, or a whiteout the layer wrote at a name. */
interface Hidden {
  /** The lower node, taken out of the tree with its subtree (NONE for a whiteout of nothing). */
  node: number
  /** The layer's own directory holds a whiteout (a 0:0 character device) at this name. */
  whiteout: boolean
  reason: HiddenFile['reason']
}

/** A lower directory's own mode, owner and layer, before the current layer laid its directory over it. */
interface LowerDir {
  mode: number
  uid: number
  gid: number
  layerIndex: number
}

class LayerApplier {
  readonly tree = new PathTree()
  readonly hidden: HiddenFile[] = []
  readonly warnings: string[] = []
  hiddenBytes = 0
  /**
   * Names of regular-file inodes that have more than one (hard links), so bytes count as hidden
   * only when the last name goes; an inode absent here has exactly one name.
   */
  private readonly linkCounts = new Map<number, number>()
  private nodes = 0

  // State of the layer being applied. A node is in that layer's own directory when its layerIndex is
  // the layer's (the root always is); everything else is lower, and the layer's unpack cannot see it.
  private layer = -1
  private resolver: Resolver
  private lastDirPath: string | undefined
  private lastDir = NONE
  /** What the layer hides below, by parent node and name: killed when the layer ends, unless brought back. */
  private readonly hiding = new Map<number, Map<string, Hidden>>()
  /** Lower directories this layer's directories lie over, with what to restore if the layer removes its own. */
  private readonly overlaid = new Map<number, LowerDir>()
  /** Directories of this layer marked opaque (`.wh..wh..opq`): they show nothing of lower layers. */
  private readonly opaque = new Set<number>()
  /** belowOpaque's answers, until the layer marks or removes something. */
  private readonly opaqueBelow = new Map<number, boolean>()
  /** The nodes of the layer's directory entries: the unpack sets their times once the layer is done. */
  private dirEntries: number[] = []
  private readonly warned = new Set<string>()
  /** The last hard link target this layer resolved (BusyBox images link hundreds of names to one file). */
  private lastLinkTarget: string | undefined
  private lastLinkNode = NONE

  constructor(private readonly limits: MergeLimits) {
    this.resolver = new Resolver(this.tree, limits.linkBudget)
  }

  get fs(): TreeFs {
    return new TreeFs(this.tree, this.limits.linkBudget)
  }

  reserve(entries: number): void {
    this.tree.reserve(entries)
    this.nodes = 0
  }

  apply(layerIndex: number, entries: LayerEntries): void {
    this.layer = layerIndex
    this.resolver.layer = layerIndex
    this.forgetDirectories()
    for (const entry of entries) {
      if (entry.type === 'whiteout') this.whiteout(entry)
      else if (entry.type === 'opaque') this.markOpaque(entry)
      else this.write(entry)
    }
    this.finishLayer()
  }

  private write(entry: LayerRow): void {
    const { tree } = this
    // moby skips the root's own entry ("./"): the layer's directory is the root.
    if (entry.path === '/') return
    const parent = this.directoryFor(entry.dir ?? parentPath(entry.path), entry)
    const name = entry.name ?? baseName(entry.path)
    let existing = tree.child(parent, name)
    if (existing !== NONE && this.isOwn(existing)) {
      if (entry.type === 'dir' && tree.isDir(existing)) {
        this.setDirectory(existing, entry.mode, entry.uid, entry.gid)
        this.dirEntries.push(existing)
        return
      }
      // The unpack removes what the layer wrote there; a lower directory it lay over shows again.
      existing = this.removeOwn(existing)
    }
    if (existing !== NONE) {
      if (entry.type === 'dir' && tree.isDir(existing)) {
        this.overlay(existing, entry.mode, entry.uid, entry.gid)
        this.dirEntries.push(existing)
        return
      }
      this.hideLower(parent, name, existing, entry.type === 'device-whiteout' ? 'deleted' : 'overwritten')
    }
    const below = this.hiding.size > 0 ? this.hiding.get(parent)?.get(name) : undefined
    if (entry.type === 'device-whiteout') {
      // Written like any entry (what the layer had at the name is gone, a lower node hidden just
      // above), then read as a whiteout.
      if (below) below.whiteout = true
      else this.hidingIn(parent).set(name, { node: NONE, whiteout: true, reason: 'deleted' })
      return
    }
    // An entry replaces the layer's whiteout at its name: the whiteout no longer hides anything.
    if (below) below.whiteout = false
    if (entry.type === 'dir') {
      if (below && below.node !== NONE && tree.isDir(below.node)) {
        // A plain directory again where the layer had hidden a lower one: overlayfs merges the two.
        this.hiding.get(parent)?.delete(name)
        tree.attach(below.node)
        this.overlay(below.node, entry.mode, entry.uid, entry.gid)
        this.dirEntries.push(below.node)
        return
      }
      const inode = tree.inodes.add('dir', entry.mode, entry.uid, entry.gid, 0, this.layer)
      this.dirEntries.push(this.addNode(parent, name, inode))
      return
    }
    if (entry.type === 'hardlink') {
      this.link(parent, name, entry)
      return
    }
    this.addNode(parent, name, this.newInode(entry))
  }

  private link(parent: number, name: string, entry: LayerEntry): void {
    const { tree } = this
    const targetPath = entry.linkTarget ?? ''
    // link(2) inside the layer's own directory, after the unpack has removed what was at the name.
    let target: NodeResolution =
      targetPath === this.lastLinkTarget
        ? { ok: true, node: this.lastLinkNode, hops: 0 }
        : this.resolver.resolve(targetPath, false)
    if (target.ok && !tree.isDir(target.node)) {
      this.lastLinkTarget = targetPath
      this.lastLinkNode = target.node
    } else {
      // As a copy of the lower layers with this layer's entries so far would have it (vfs, umoci),
      // where an opaque marker earlier in the layer has already removed what lower layers put below.
      const vfs = new Resolver(tree, this.limits.linkBudget)
      if (this.opaque.size > 0) vfs.hides = (dir, child) => !this.isOwn(child) && this.belowOpaque(dir)
      const lower = vfs.resolve(targetPath, false)
      if (!lower.ok || tree.isDir(lower.node)) {
        throw new ImageReadError(
          `layer ${this.layer}: hard link ${printableName(entry.path)} points to ${printableName(targetPath)}, ` +
            `which is ${lower.ok ? 'a directory' : 'not in the image'}`
        )
      }
      this.warnOnce(
        'lower-link',
        `layer ${this.layer}: hard link ${printableName(entry.path)} points to ${printableName(targetPath)}, ` +
          "which a lower layer wrote: Docker's and containerd's overlay2 refuse to unpack such a layer; " +
          'read as the vfs driver and umoci do, with the lower file'
      )
      target = lower
    }
    const inode = tree.inode(target.node)
    // Then, as for any entry, the unpack chowns and chmods the new name: the file takes the link
    // entry's owner, and its mode too unless it is a symlink (Linux has no lchmod).
    tree.inodes.setOwner(inode, entry.uid, entry.gid)
    if (tree.inodes.typeCode(inode) !== SYMLINK_CODE) tree.inodes.setMode(inode, entry.mode)
    // That chown clears the file's capabilities (Linux drops security.capability on every chown); the
    // unpack then sets the link entry's own extended attributes, if it has any.
    if (tree.inodes.capabilities.size > 0) tree.inodes.capabilities.delete(inode)
    if (entry.capability) tree.inodes.capabilities.set(inode, entry.capability)
    const node = this.addNode(parent, name, inode)
    tree.hardLinkOf.set(node, target.node)
    if (tree.inodes.typeCode(inode) === FILE_CODE)
      this.linkCounts.set(inode, (this.linkCounts.get(inode) ?? 1) + 1)
  }

  /** Whether `dir` is, or is below, a directory this layer marked opaque so far (remembered per directory). */
  private belowOpaque(dir: number): boolean {
    const climbed: number[] = []
    let found = false
    for (let node = dir; ; node = this.tree.parent(node)) {
      const known = this.opaqueBelow.get(node)
      if (known !== undefined) {
        found = known
        break
      }
      climbed.push(node)
      if (this.opaque.has(node)) {
        found = true
        break
      }
      if (node === ROOT) break
    }
    for (const node of climbed) this.opaqueBelow.set(node, found)
    return found
  }

  private whiteout(entry: LayerEntry): void {
    const { tree } = this
    const name = baseName(entry.path)
    const where = `layer ${this.layer}: whiteout of ${printableName(entry.path)}`
    // overlay2 makes a whiteout a 0:0 character device at the name (mknod): refused where one cannot be made.
    if (name === '') throw new ImageReadError(`${where} names no file; overlay2 refuses such a layer`)
    const parent = this.directoryFor(parentPath(entry.path), entry)
    const existing = tree.child(parent, name)
    if (existing !== NONE && this.isOwn(existing)) {
      throw new ImageReadError(
        `${where} comes after the same layer wrote that path; a whiteout hides lower layers only, and overlay2 refuses such a layer`
      )
    }
    const below = this.hiding.get(parent)?.get(name)
    if (below?.whiteout) throw new ImageReadError(`${where} appears twice; overlay2 refuses such a layer`)
    if (existing !== NONE) this.hideLower(parent, name, existing, 'deleted')
    else if (below) below.whiteout = true
    else this.hidingIn(parent).set(name, { node: NONE, whiteout: true, reason: 'deleted' })
  }

  private markOpaque(entry: LayerEntry): void {
    // The marker sets an xattr on its directory, wherever it comes in the layer: applied when the layer ends.
    const dir = this.directoryFor(entry.path, entry, true)
    if (dir !== NONE) this.opaque.add(dir)
    this.opaqueBelow.clear()
  }

  /**
   * The directory of this layer that `dirPath` names, as the unpack finds or makes it: symlinks the
   * layer wrote are followed (to a directory the layer holds), and a name the layer lacks becomes a
   * directory of its own, laid over a lower directory or hiding a lower non-directory. A path through
   * a non-directory the layer wrote cannot be unpacked. With `finalMayBeFile`, NONE when the last
   * component is such a non-directory (an opaque marker there changes nothing).
   */
  private directoryFor(dirPath: string, entry: LayerEntry, finalMayBeFile = false): number {
    if (dirPath === this.lastDirPath) return this.lastDir
    if (dirPath === '/') return ROOT
    const { tree } = this
    let node = ROOT
    let hops = 0
    let end = 0
    while (end < dirPath.length) {
      const start = end + 1
      end = dirPath.indexOf('/', start)
      if (end === -1) end = dirPath.length
      const name = dirPath.slice(start, end)
      let child = tree.child(node, name)
      if (child !== NONE && this.isOwn(child)) {
        if (tree.isDir(child)) {
          node = child
          continue
        }
        const isLast = end === dirPath.length
        if (tree.inodes.typeCode(tree.inode(child)) === SYMLINK_CODE) {
          const target = this.resolver.resolveLink(child)
          hops += target.ok ? target.hops : 0
          if (target.ok && hops <= MAX_SYMLINK_HOPS) {
            if (tree.isDir(target.node)) {
              node = target.node
              continue
            }
            if (isLast && finalMayBeFile) return NONE
          }
          this.refuseBelow(
            entry,
            dirPath.slice(0, end),
            'a symlink the same layer wrote that leads to no directory of that layer'
          )
        }
        if (isLast && finalMayBeFile) return NONE
        this.refuseBelow(
          entry,
          dirPath.slice(0, end),
          `a ${tree.inodes.type(tree.inode(child))} the same layer wrote`
        )
      }
      const below = this.hiding.size > 0 ? this.hiding.get(node)?.get(name) : undefined
      if (below?.whiteout) this.refuseBelow(entry, dirPath.slice(0, end), 'a whiteout the same layer wrote')
      if (child !== NONE) {
        if (tree.isDir(child)) {
          this.overlay(
            child,
            IMPLIED_DIR_MODE | (node === ROOT ? 0 : tree.inodes.mode(tree.inode(node)) & SETGID),
            0,
            0
          )
          node = child
          continue
        }
        this.hideLower(node, name, child, 'overwritten')
      }
      // mkdir in a setgid directory makes a setgid directory.
      const mode = IMPLIED_DIR_MODE | (node === ROOT ? 0 : tree.inodes.mode(tree.inode(node)) & SETGID)
      child = this.addNode(node, name, tree.inodes.add('dir', mode, 0, 0, 0, this.layer))
      this.limits.retain(end, () => `the directory ${printableName(dirPath.slice(0, end))} implied by a path`)
      node = child
    }
    this.lastDirPath = dirPath
    this.lastDir = node
    return node
  }

  private refuseBelow(entry: LayerEntry, at: string, what: string): never {
    throw new ImageReadError(
      `layer ${this.layer}: ${entry.type === 'whiteout' ? 'whiteout of ' : entry.type === 'opaque' ? 'opaque marker in ' : ''}` +
        `${printableName(entry.path)} goes through ${printableName(at)}, ${what}; Docker refuses such a layer`
    )
  }

  private isOwn(node: number): boolean {
    return node === ROOT || this.tree.layerIndex(node) === this.layer
  }

  /** The layer's directory takes the mode and owner it gives (a lower one's are kept, to restore). */
  private overlay(node: number, mode: number, uid: number, gid: number): void {
    if (!this.isOwn(node)) {
      const inode = this.tree.inode(node)
      const { inodes } = this.tree
      this.overlaid.set(node, {
        mode: inodes.mode(inode),
        uid: inodes.uid(inode),
        gid: inodes.gid(inode),
        layerIndex: this.tree.layerIndex(node)
      })
    }
    this.setDirectory(node, mode, uid, gid)
  }

  private setDirectory(node: number, mode: number, uid: number, gid: number): void {
    const inode = this.tree.inode(node)
    this.tree.inodes.setMode(inode, mode)
    this.tree.inodes.setOwner(inode, uid, gid)
    this.tree.setLayerIndex(node, this.layer)
  }

  /** Takes a lower node out of the tree for the rest of the layer, where the layer put something of its own. */
  private hideLower(parent: number, name: string, node: number, reason: HiddenFile['reason']): void {
    const hiding = this.hidingIn(parent)
    const earlier = hiding.get(name)
    if (earlier && earlier.node !== NONE) this.removeNode(earlier.node, earlier.reason)
    this.tree.detach(node)
    hiding.set(name, { node, whiteout: reason === 'deleted', reason })
  }

  private hidingIn(parent: number): Map<string, Hidden> {
    let byName = this.hiding.get(parent)
    if (!byName) {
      byName = new Map()
      this.hiding.set(parent, byName)
    }
    return byName
  }

  /**
   * Removes what the layer wrote at `node` (the unpack's RemoveAll in the layer's directory): its own
   * entries go, lower directories it lay over get their own mode and owner back, and what it hid
   * below them shows again. Returns the node when it is such a lower directory (still in the tree),
   * otherwise NONE.
   */
  private removeOwn(node: number): number {
    const { tree } = this
    this.forgetDirectories()
    const back: number[] = []
    const stack = [node]
    while (stack.length > 0) {
      const current = stack.pop() as number
      if (current !== node && !this.isOwn(current)) continue // a lower node under a lower directory: it stays
      if (tree.isDir(current)) for (const child of tree.children(current)) stack.push(child)
      const hidden = this.hiding.get(current)
      if (hidden) {
        for (const below of hidden.values()) if (below.node !== NONE) back.push(below.node)
        this.hiding.delete(current)
      }
      const lower = this.overlaid.get(current)
      if (lower) {
        const inode = tree.inode(current)
        tree.inodes.setMode(inode, lower.mode)
        tree.inodes.setOwner(inode, lower.uid, lower.gid)
        tree.setLayerIndex(current, lower.layerIndex)
        this.overlaid.delete(current)
        this.opaque.delete(current)
      } else {
        this.killOne(current, 'overwritten')
      }
    }
    for (const below of back) tree.attach(below)
    return this.tree.isAlive(node) ? node : NONE
  }

  private finishLayer(): void {
    const { tree } = this
    this.checkDirectoryEntries()
    for (const dir of this.opaque) {
      if (!tree.isAlive(dir) || tree.isDetached(dir) || !this.isOwn(dir) || !tree.isDir(dir)) continue
      const stack = tree.children(dir)
      while (stack.length > 0) {
        const current = stack.pop() as number
        if (!this.isOwn(current)) this.removeNode(current, 'opaque')
        else if (tree.isDir(current)) for (const child of tree.children(current)) stack.push(child)
      }
    }
    for (const byName of this.hiding.values())
      for (const below of byName.values()) if (below.node !== NONE) this.removeNode(below.node, below.reason)
    this.hiding.clear()
    this.overlaid.clear()
    this.opaque.clear()
    this.forgetDirectories()
  }

  /**
   * The unpack sets each directory entry's times once the layer is done (chtimes, following symlinks):
   * a directory a later entry of the layer took away, or put below a non-directory, fails it.
   */
  private checkDirectoryEntries(): void {
    const { tree } = this
    for (const node of this.dirEntries) {
      if (tree.isAlive(node) && !tree.isDetached(node) && this.isOwn(node)) continue
      const path = tree.pathOf(node)
      this.resolver.forget()
      const now = this.resolver.resolve(path, true)
      if (now.ok) continue
      throw new ImageReadError(
        `layer ${this.layer}: directory ${printableName(path)} is gone by the end of the layer (a later entry of the layer replaced it or a directory above it); Docker refuses such a layer`
      )
    }
    this.dirEntries = []
  }

  private forgetDirectories(): void {
    this.lastDirPath = undefined
    this.lastDir = NONE
    this.lastLinkTarget = undefined
    this.opaqueBelow.clear()
    this.resolver.forget()
  }

  private addNode(parent: number, name: string, inode: number): number {
    if (++this.nodes > this.limits.maxNodes) throw this.limits.nodesExceeded(this.nodes)
    return this.tree.addChild(parent, name, inode, this.layer)
  }

  /** Kills a subtree the current layer hides. */
  private removeNode(node: number, reason: HiddenFile['reason']): void {
    const { tree } = this
    const stack = [node]
    while (stack.length > 0) {
      const current = stack.pop() as number
      if (tree.isDir(current)) for (const child of tree.children(current)) stack.push(child)
      this.killOne(current, reason)
    }
  }

  /** Kills one node, recording a regular file as hidden (its bytes once its last name goes). */
  private killOne(node: number, reason: HiddenFile['reason']): void {
    const { tree } = this
    const inode = tree.inode(node)
    if (tree.inodes.typeCode(inode) === FILE_CODE) {
      const links = (this.linkCounts.get(inode) ?? 1) - 1
      if (links > 0 || this.linkCounts.has(inode)) this.linkCounts.set(inode, links)
      const size = links === 0 ? tree.inodes.size(inode) : 0
      const path = tree.pathOf(node)
      // A layer named many times in the manifest hides its own files each time: each record counts.
      this.limits.retain(path.length + HIDDEN_RECORD_BYTES, () => `the hidden file ${printableName(path)}`)
      this.hidden.push(
        new HiddenCopy(path, tree.layerIndex(node), this.layer, size, reason, tree.inodes, inode)
      )
      this.hiddenBytes += size
    }
    tree.kill(node)
  }

  private warnOnce(kind: string, message: string): void {
    const key = `${this.layer}:${kind}`
    if (this.warned.has(key)) return
    this.warned.add(key)
    this.warnings.push(message)
  }

  private newInode(layerEntry: LayerEntry): number {
    const { inodes } = this.tree
    const type = layerEntry.type as 'file' | 'dir' | 'symlink' | 'char' | 'block' | 'fifo'
    const size = type === 'file' ? layerEntry.size : 0
    // A symlink's mode is always 0777 on Linux, whatever its header says.
    const mode = type === 'symlink' ? 0o777 : layerEntry.mode
    const inode = inodes.add(type, mode, layerEntry.uid, layerEntry.gid, size, this.layer)
    if (type === 'symlink') inodes.linkTargets.set(inode, layerEntry.linkTarget ?? '')
    if (layerEntry.content) inodes.contents.set(inode, layerEntry.content)
    if (layerEntry.contentTruncated) inodes.truncated.add(inode)
    if (layerEntry.exec) inodes.execs.set(inode, layerEntry.exec)
    if (layerEntry.capability) inodes.capabilities.set(inode, layerEntry.capability)
    return inode
  }
}

/**
 * Builds the final filesystem from each layer's entries, base layer first. With `release`, each
 * layer's slot in `layers` is emptied once applied, so its entries can be collected while later
 * layers merge (the reader's peak memory is then about one copy of the entries, not two).
 */
export function mergeLayers(
  layers: LayerEntries[],
  options: { release?: boolean; limits?: MergeLimits } = {}
): MergeResult {
  const applier = new LayerApplier(options.limits ?? UNLIMITED)
  applier.reserve(layers.reduce((sum, entries) => sum + entries.length, 0))
  for (let layerIndex = 0; layerIndex < layers.length; layerIndex++) {
    applier.apply(layerIndex, layers[layerIndex])
    if (options.release) layers[layerIndex] = []
  }
  return {
    fs: applier.fs,
    hidden: applier.hidden,
    hiddenBytes: applier.hiddenBytes,
    warnings: applier.warnings
  }
}

/** Limits for the merge from the reader's: see MergeLimits. */
export function mergeLimits(options: {
  maxEntries: number
  maxSymlinkSteps: number
  retain: MergeLimits['retain']
}): MergeLimits {
  return {
    maxNodes: options.maxEntries,
    nodesExceeded: (nodes) =>
      new LimitError(
        `the image's layers hold, with the directories their paths imply, more than ${options.maxEntries} entries (${nodes} so far; limit --max-entries)`
      ),
    retain: options.retain,
    linkBudget: {
      spent: 0,
      limit: options.maxSymlinkSteps,
      exceeded: () =>
        new LimitError(
          `resolving the image's symlinks reads more than ${options.maxSymlinkSteps} path components of their targets (limit --max-symlink-steps)`
        )
    }
  }
}
