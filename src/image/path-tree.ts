// Storage for the merged filesystem: one row per path and one per inode in typed arrays, names as bytes in
// one pool, and children found through one open-addressing hash on (parent, name). There is no object or
// string per path, so a 500,000-entry image costs tens of megabytes rather than hundreds, and the garbage
// collector has next to nothing to trace.
import { Latin1Pool } from './latin1-pool.js'
import { NarrowColumn, grown } from './narrow-column.js'
import type { EntryType, ExecInfo } from './types.js'

const ENTRY_TYPES: readonly EntryType[] = ['file', 'dir', 'symlink', 'char', 'block', 'fifo']
const TYPE_CODE = new Map(ENTRY_TYPES.map((type, code) => [type, code]))
export const DIR_CODE = 1
export const SYMLINK_CODE = 2
export const FILE_CODE = 0

/** Node id of `/`. */
export const ROOT = 0
/** No node (a missing child, the root's parent). */
export const NONE = -1
const EMPTY_SLOT = 0
const TOMBSTONE = -1

/** Inodes: what hard links share (type, mode, owner, size, content and what the bytes said). */
export class InodeTable {
  count = 0
  private types = new Uint8Array(1024)
  private modes = new Uint16Array(1024)
  private readonly uids = new NarrowColumn(16, 1024)
  private readonly gids = new NarrowColumn(16, 1024)
  private readonly sizes = new NarrowColumn(32, 1024)
  private readonly layers = new NarrowColumn(16, 1024)
  readonly linkTargets = new Map<number, string>()
  readonly contents = new Map<number, Buffer>()
  readonly truncated = new Set<number>()
  readonly execs = new Map<number, ExecInfo>()
  /** `security.capability` values of the few files that have one. */
  readonly capabilities = new Map<number, Buffer>()

  reserve(total: number): void {
    this.types = grown(this.types, total)
    this.modes = grown(this.modes, total)
    this.uids.reserve(total)
    this.gids.reserve(total)
    this.sizes.reserve(total)
    this.layers.reserve(total)
  }

  add(type: EntryType, mode: number, uid: number, gid: number, size: number, layerIndex: number): number {
    const id = this.count++
    if (id >= this.types.length) this.reserve(this.count)
    this.types[id] = TYPE_CODE.get(type) as number
    this.modes[id] = mode & 0o7777
    this.setOwner(id, uid, gid)
    this.sizes.set(id, size)
    this.layers.set(id, layerIndex)
    return id
  }

  setOwner(id: number, uid: number, gid: number): void {
    this.uids.set(id, uid)
    this.gids.set(id, gid)
  }

  setMode(id: number, mode: number): void {
    this.modes[id] = mode & 0o7777
  }

  typeCode(id: number): number {
    return this.types[id]
  }
  type(id: number): EntryType {
    return ENTRY_TYPES[this.types[id]]
  }
  mode(id: number): number {
    return this.modes[id]
  }
  uid(id: number): number {
    return this.uids.get(id)
  }
  gid(id: number): number {
    return this.gids.get(id)
  }
  size(id: number): number {
    return this.sizes.get(id)
  }
  layerIndex(id: number): number {
    return this.layers.get(id)
  }
}

/**
 * Paths: a node per name, its parent, its inode and the layer that wrote it. A removed node keeps
 * its row (marked dead) so the names of what it hid can still be spelled out.
 */
export class PathTree {
  count = 0
  readonly inodes = new InodeTable()
  private parents = new Int32Array(1024)
  private inodeIds = new Int32Array(1024)
  private readonly layers = new NarrowColumn(16, 1024)
  private firstChildren = new Int32Array(1024)
  private nextSiblings = new Int32Array(1024)
  /**
   * Names as bytes, one per UTF-16 unit, in node order (a node's name ends where the next node's starts):
   * about 12 bytes a name instead of a 32-byte string and its 8-byte slot. A name with a unit past 255
   * (rare) is kept as a string in `wideNames` instead, with no bytes in the pool.
   */
  private readonly namePool = new Latin1Pool(64 * 1024)
  private nameStarts = new Int32Array(1024)
  private readonly wideNames = new Map<number, string>()
  /** Open addressing with linear probing over (parent, name): node id + 1, EMPTY_SLOT or TOMBSTONE. */
  private slots = new Int32Array(2048)
  /** Slots holding a node or a tombstone: probing stays short while this is under 3/4 of the table. */
  private usedSlots = 0
  private liveChildren = 0
  /** The node a hard-link entry pointed to when its layer was applied (its path is spelled on demand). */
  readonly hardLinkOf = new Map<number, number>()
  /**
   * Nodes taken out of the tree with their subtrees intact (a layer hid them, and may still bring them
   * back): no lookup or listing finds them. Only ever non-empty while a layer is being applied.
   */
  private readonly detached = new Set<number>()

  constructor() {
    const rootInode = this.inodes.add('dir', 0o755, 0, 0, 0, -1)
    this.addNode(NONE, '', rootInode, -1)
  }

  /** Room for this many more nodes and inodes without growing. */
  reserve(more: number): void {
    const total = this.count + more
    this.parents = grown(this.parents, total)
    this.inodeIds = grown(this.inodeIds, total)
    this.layers.reserve(total)
    this.firstChildren = grown(this.firstChildren, total)
    this.nextSiblings = grown(this.nextSiblings, total)
    this.nameStarts = grown(this.nameStarts, total + 1)
    this.inodes.reserve(this.inodes.count + more)
    if (this.slots.length < (this.liveChildren + more) * 2) this.rehash(this.liveChildren + more)
  }

  parent(node: number): number {
    return this.parents[node]
  }
  name(node: number): string {
    if (this.wideNames.size > 0) {
      const wide = this.wideNames.get(node)
      if (wide !== undefined) return wide
    }
    return this.namePool.text(this.nameStarts[node], this.nameStartAfter(node))
  }

  /** Orders two nodes by name as strings compare (UTF-16 units), without making the strings. */
  compareNames(a: number, b: number): number {
    if (this.wideNames.size > 0 && (this.wideNames.has(a) || this.wideNames.has(b))) {
      const nameA = this.name(a)
      const nameB = this.name(b)
      return nameA < nameB ? -1 : nameA > nameB ? 1 : 0
    }
    const bytes = this.namePool.bytes
    let atA = this.nameStarts[a]
    let atB = this.nameStarts[b]
    const endA = this.nameStartAfter(a)
    const endB = this.nameStartAfter(b)
    for (; atA < endA && atB < endB; atA++, atB++) {
      if (bytes[atA] !== bytes[atB]) return bytes[atA] - bytes[atB]
    }
    return endA - atA - (endB - atB)
  }
  inode(node: number): number {
    return this.inodeIds[node]
  }
  layerIndex(node: number): number {
    return this.layers.get(node)
  }
  setLayerIndex(node: number, layerIndex: number): void {
    this.layers.set(node, layerIndex)
  }
  isDir(node: number): boolean {
    return this.inodes.typeCode(this.inodeIds[node]) === DIR_CODE
  }
  isAlive(node: number): boolean {
    return this.inodeIds[node] !== NONE
  }
  isDetached(node: number): boolean {
    return this.detached.size > 0 && this.detached.has(node)
  }

  /** Absolute path of a node, dead or alive. */
  pathOf(node: number): string {
    if (node === ROOT) return '/'
    // Joined once rather than prepended name by name: a deep hostile path would make a deep cons string.
    const names: string[] = []
    for (let current = node; current !== ROOT; current = this.parents[current]) names.push(this.name(current))
    return `/${names.reverse().join('/')}`
  }

  /** Live child of `dir` with this name, or NONE. */
  child(dir: number, name: string): number {
    const { slots } = this
    for (let slot = hashOf(dir, name) % slots.length; ; slot = slot + 1 === slots.length ? 0 : slot + 1) {
      const value = slots[slot]
      if (value === EMPTY_SLOT) return NONE
      if (value !== TOMBSTONE && this.parents[value - 1] === dir && this.nameIs(value - 1, name))
        return value - 1
    }
  }

  /** Live children of `dir`, in no particular order. */
  children(dir: number): number[] {
    const found: number[] = []
    const anyDetached = this.detached.size > 0
    for (let child = this.firstChildren[dir]; child !== NONE; child = this.nextSiblings[child]) {
      if (this.inodeIds[child] !== NONE && !(anyDetached && this.detached.has(child))) found.push(child)
    }
    return found
  }

  /** Adds a name under `dir`; the caller has removed any live child of that name first. */
  addChild(dir: number, name: string, inode: number, layerIndex: number): number {
    const node = this.addNode(dir, name, inode, layerIndex)
    this.nextSiblings[node] = this.firstChildren[dir]
    this.firstChildren[dir] = node
    if ((this.usedSlots + 1) * 4 > this.slots.length * 3) this.rehash(this.liveChildren + 1)
    this.insertSlot(node, hashOf(dir, name))
    return node
  }

  /** Marks one node dead and forgets its name; its children are the caller's to remove. */
  kill(node: number): void {
    if (this.detached.size > 0 && this.detached.delete(node)) {
      this.inodeIds[node] = NONE
      return
    }
    this.unlink(node)
    this.inodeIds[node] = NONE
  }

  /** Takes a live node (and so its subtree) out of the tree, to be killed or attached again later. */
  detach(node: number): void {
    this.unlink(node)
    this.detached.add(node)
  }

  /** Puts a detached node back under its parent, its subtree with it; its name must be free there. */
  attach(node: number): void {
    this.detached.delete(node)
    if ((this.usedSlots + 1) * 4 > this.slots.length * 3) this.rehash(this.liveChildren + 1)
    this.insertSlot(node, this.hashOfNode(node))
  }

  private unlink(node: number): void {
    const { slots } = this
    const start = this.hashOfNode(node) % slots.length
    for (let slot = start; ; slot = slot + 1 === slots.length ? 0 : slot + 1) {
      const value = slots[slot]
      if (value === EMPTY_SLOT) break
      if (value === node + 1) {
        slots[slot] = TOMBSTONE
        this.liveChildren--
        break
      }
    }
  }

  private insertSlot(node: number, hash: number): void {
    const { slots } = this
    let slot = hash % slots.length
    while (slots[slot] > 0) slot = slot + 1 === slots.length ? 0 : slot + 1
    if (slots[slot] === EMPTY_SLOT) this.usedSlots++
    slots[slot] = node + 1
    this.liveChildren++
  }

  private addNode(parent: number, name: string, inode: number, layerIndex: number): number {
    const node = this.count
    if (node >= this.parents.length) this.reserve(Math.max(1024, node))
    this.count++
    this.parents[node] = parent
    this.inodeIds[node] = inode
    this.layers.set(node, layerIndex)
    this.firstChildren[node] = NONE
    this.nextSiblings[node] = NONE
    this.appendName(node, name)
    return node
  }

  /** Where the name after `node`'s starts, that is where `node`'s ends. */
  private nameStartAfter(node: number): number {
    return node + 1 < this.count ? this.nameStarts[node + 1] : this.namePool.end
  }

  private appendName(node: number, name: string): void {
    this.nameStarts[node] = this.namePool.end
    if (!this.namePool.append(name)) this.wideNames.set(node, name)
  }

  private nameIs(node: number, name: string): boolean {
    if (this.wideNames.size > 0) {
      const wide = this.wideNames.get(node)
      if (wide !== undefined) return wide === name
    }
    const start = this.nameStarts[node]
    if (this.nameStartAfter(node) - start !== name.length) return false
    const bytes = this.namePool.bytes
    for (let index = 0; index < name.length; index++) {
      if (bytes[start + index] !== name.charCodeAt(index)) return false
    }
    return true
  }

  /** hashOf(parent, name) read from the pool. */
  private hashOfNode(node: number): number {
    if (this.wideNames.size > 0) {
      const wide = this.wideNames.get(node)
      if (wide !== undefined) return hashOf(this.parents[node], wide)
    }
    let hash = seededParentHash(this.parents[node])
    const bytes = this.namePool.bytes
    for (let at = this.nameStarts[node], end = this.nameStartAfter(node); at < end; at++) {
      hash = Math.imul(hash ^ bytes[at], 0x01000193)
    }
    return (hash ^ (hash >>> 15)) >>> 0
  }

  /** A table for `expected` live children at half load, without tombstones. */
  private rehash(expected: number): void {
    const old = this.slots
    const slots = new Int32Array(Math.max(2048, expected * 2 + 1))
    for (const value of old) {
      if (value <= 0) continue
      let slot = this.hashOfNode(value - 1) % slots.length
      while (slots[slot] !== EMPTY_SLOT) slot = slot + 1 === slots.length ? 0 : slot + 1
      slots[slot] = value
    }
    this.slots = slots
    this.usedSlots = this.liveChildren
  }
}

/**
 * Seeded per process: names come from untrusted archives, and a fixed hash would let one crafted to
 * collide turn every lookup into a walk of the whole table (V8 seeds its own string hashes likewise).
 */
const HASH_SEED = (Math.random() * 0x100000000) >>> 0

/** FNV-1a over the name's UTF-16 units, mixed with the parent id and the seed. */
function hashOf(parent: number, name: string): number {
  let hash = seededParentHash(parent)
  for (let index = 0; index < name.length; index++) {
    hash = Math.imul(hash ^ name.charCodeAt(index), 0x01000193)
  }
  return (hash ^ (hash >>> 15)) >>> 0
}

function seededParentHash(parent: number): number {
  return Math.imul(parent + 1, 0x9e3779b1) ^ 0x811c9dc5 ^ HASH_SEED
}
