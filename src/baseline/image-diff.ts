// The diff between a baseline image and the checked one, for the job summary and the text report:
// layers matched by diff ID (else by the instruction that made them), the largest files added, grown
// and removed, and what can now run that could not before (executables, shells, package managers,
// setuid/setgid files). Bounded lists: a report shows the largest few and counts the rest. Pure.
import { describeCreatedBy } from '../dockerfile/history.js'
import { findExecutables, type ExecutableHit } from '../analysis/executables.js'
import { shellMatcher } from '../analysis/shells.js'
import { OS_PACKAGE_MANAGERS, packageManagerMatcher } from '../analysis/package-managers.js'
import type { Image, Inode, Layer } from '../image/types.js'
import { byCodeUnit } from '../common/text-order.js'

/** How many of each list a diff keeps (largest first, or by path). */
export const DIFF_LIST_LIMIT = 20

export interface LayerChange {
  /** Index now, or undefined for a layer the image no longer has. */
  index?: number
  /** Index on the baseline, or undefined for a layer it did not have. */
  baselineIndex?: number
  /** How the two were matched: the same diff ID, the same instruction with other content, or none. */
  match: 'same' | 'instruction' | 'added' | 'removed'
  createdBy: string
  before?: number
  after?: number
  compressedBefore?: number
  compressedAfter?: number
}

export interface FileChange {
  path: string
  before?: number
  after?: number
}

export interface BoundedList<T> {
  items: T[]
  /** How many there are in all (items holds at most DIFF_LIST_LIMIT). */
  total: number
}

export interface ImageDiff {
  layers: LayerChange[]
  /** Leading layers both images share (the same diff IDs): the base they have in common. */
  sharedLayers: number
  /** No leading layer in common: the base image changed (or the baseline is another image). */
  baseChanged: boolean
  files: {
    added: BoundedList<FileChange>
    grown: BoundedList<FileChange>
    removed: BoundedList<FileChange>
    addedBytes: number
    removedBytes: number
  }
  newExecutables: BoundedList<string>
  newShells: BoundedList<string>
  newPackageManagers: BoundedList<string>
  newSetuid: BoundedList<string>
}

const SETID = 0o6000

function instruction(image: Image, layer: Layer): string {
  const described = describeCreatedBy(layer.createdBy)
  if (described) return described
  const entry = layer.historyIndex !== undefined ? image.config.history[layer.historyIndex] : undefined
  return entry?.comment ?? ''
}

export function diffLayers(before: Image, after: Image): { layers: LayerChange[]; sharedLayers: number } {
  let sharedLayers = 0
  while (
    sharedLayers < before.layers.length &&
    sharedLayers < after.layers.length &&
    before.layers[sharedLayers].diffId !== undefined &&
    before.layers[sharedLayers].diffId === after.layers[sharedLayers].diffId
  )
    sharedLayers++
  const unmatched = new Set(before.layers)
  const byDiffId = new Map(before.layers.flatMap((l) => (l.diffId ? [[l.diffId, l] as const] : [])))
  const pairs = after.layers.map((layer): { layer: Layer; old?: Layer; match: LayerChange['match'] } => {
    const same = layer.diffId ? byDiffId.get(layer.diffId) : undefined
    if (same && unmatched.has(same)) {
      unmatched.delete(same)
      return { layer, old: same, match: 'same' }
    }
    return { layer, match: 'added' }
  })
  // Rebuilt layers: the same instruction, other bytes (a RUN apk add that fetched newer packages).
  for (const pair of pairs) {
    if (pair.old) continue
    const text = instruction(after, pair.layer)
    const old = text === '' ? undefined : [...unmatched].find((l) => instruction(before, l) === text)
    if (old) {
      unmatched.delete(old)
      Object.assign(pair, { old, match: 'instruction' })
    }
  }
  const layers: LayerChange[] = pairs.map(({ layer, old, match }) => ({
    index: layer.index,
    ...(old ? { baselineIndex: old.index } : {}),
    match,
    createdBy: instruction(after, layer),
    ...(old ? { before: old.contentSize, compressedBefore: old.compressedSize } : {}),
    after: layer.contentSize,
    compressedAfter: layer.compressedSize
  }))
  for (const old of unmatched)
    layers.push({
      baselineIndex: old.index,
      match: 'removed',
      createdBy: instruction(before, old),
      before: old.contentSize,
      compressedBefore: old.compressedSize
    })
  return { layers, sharedLayers }
}

/** Keeps the `limit` largest by `key` while counting all, without sorting every file. */
class Largest<T> {
  readonly items: T[] = []
  total = 0
  constructor(private readonly key: (item: T) => number) {}
  add(item: T): void {
    this.total++
    const k = this.key(item)
    if (this.items.length === DIFF_LIST_LIMIT && k <= this.key(this.items[DIFF_LIST_LIMIT - 1])) return
    let at = this.items.length
    while (at > 0 && this.key(this.items[at - 1]) < k) at--
    this.items.splice(at, 0, item)
    if (this.items.length > DIFF_LIST_LIMIT) this.items.pop()
  }
  list(): BoundedList<T> {
    return { items: this.items, total: this.total }
  }
}

function bounded(paths: string[]): BoundedList<string> {
  const sorted = paths.sort(byCodeUnit)
  return { items: sorted.slice(0, DIFF_LIST_LIMIT), total: sorted.length }
}

const isExecutableFile = (inode: Inode) =>
  inode.type === 'file' && ((inode.mode & 0o111) !== 0 || inode.exec !== undefined)

/** Hits of `after` that reach no name a hit of `before` has: the real path of each. */
function newHits(before: readonly ExecutableHit[], after: readonly ExecutableHit[]): string[] {
  const known = new Set(before.flatMap((hit) => [hit.path, ...hit.names]))
  return after.filter((hit) => ![hit.path, ...hit.names].some((name) => known.has(name))).map((h) => h.path)
}

export function diffImages(before: Image, after: Image): ImageDiff {
  const { layers, sharedLayers } = diffLayers(before, after)
  const beforeFiles = new Map<string, Inode>()
  for (const entry of before.fs.files()) beforeFiles.set(entry.path, entry.inode)
  const added = new Largest<FileChange>((f) => f.after ?? 0)
  const grown = new Largest<FileChange>((f) => (f.after ?? 0) - (f.before ?? 0))
  const removed = new Largest<FileChange>((f) => f.before ?? 0)
  const executables: string[] = []
  const setuid: string[] = []
  let addedBytes = 0
  let removedBytes = 0
  const seen = new Set<string>()
  for (const entry of after.fs.files()) {
    const { inode, path } = entry
    seen.add(path)
    const old = beforeFiles.get(path) ?? before.fs.lstat(path)?.inode
    if (!old || old.type !== 'file') {
      added.add({ path, after: inode.size })
      addedBytes += inode.size
    } else if (inode.size > old.size) {
      grown.add({ path, before: old.size, after: inode.size })
      addedBytes += inode.size - old.size
    } else removedBytes += old.size - inode.size
    if (isExecutableFile(inode) && !(old && isExecutableFile(old))) executables.push(path)
    if ((inode.mode & SETID) !== 0 && !(old && (old.mode & SETID) !== 0)) setuid.push(path)
  }
  for (const [path, inode] of beforeFiles) {
    if (seen.has(path) || after.fs.lstat(path)?.inode.type === 'file') continue
    removed.add({ path, before: inode.size })
    removedBytes += inode.size
  }
  const managers = packageManagerMatcher(new Set(OS_PACKAGE_MANAGERS))
  return {
    layers,
    sharedLayers,
    baseChanged: sharedLayers === 0,
    files: { added: added.list(), grown: grown.list(), removed: removed.list(), addedBytes, removedBytes },
    newExecutables: bounded(executables),
    newShells: bounded(
      newHits(findExecutables(before.fs, shellMatcher), findExecutables(after.fs, shellMatcher))
    ),
    newPackageManagers: bounded(
      newHits(findExecutables(before.fs, managers), findExecutables(after.fs, managers))
    ),
    newSetuid: bounded(setuid)
  }
}
