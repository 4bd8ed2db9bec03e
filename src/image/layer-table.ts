// One layer's entries kept as columns until the layers merge: about 16 bytes of typed arrays plus the
// bytes of a short suffix per entry, instead of an object and a whole path per entry. Paths are
// front-coded: an entry keeps what follows the directory prefix it shares with the entry before it
// (usually just its name), as bytes in one pool, so a 500,000-entry layer makes no string per entry.
import { Latin1Pool } from './latin1-pool.js'
import { NarrowColumn } from './narrow-column.js'
import type { ExecInfo, LayerEntry, LayerEntryType } from './types.js'

const TYPES: readonly LayerEntryType[] = [
  'file',
  'dir',
  'symlink',
  'char',
  'block',
  'fifo',
  'hardlink',
  'whiteout',
  'opaque',
  'device-whiteout'
]
const TYPE_CODE = new Map(TYPES.map((type, code) => [type, code]))

/** Rows per chunk: columns grow a chunk at a time, so the slack is at most one chunk. */
const CHUNK_SHIFT = 12
const CHUNK_ROWS = 1 << CHUNK_SHIFT
const ROW_MASK = CHUNK_ROWS - 1

/** Every this many rows a path is kept whole, so a row can be decoded without reading from row 0. */
const RESTART_ROWS = 64

interface Chunk {
  /** Where each row's suffix starts in the pool; it ends where the next row's starts. */
  suffixStarts: Int32Array
  prefixLengths: NarrowColumn
  types: Uint8Array
  modes: Uint16Array
  uids: NarrowColumn
  gids: NarrowColumn
  sizes: NarrowColumn
}

const newChunk = (): Chunk => ({
  suffixStarts: new Int32Array(CHUNK_ROWS),
  prefixLengths: new NarrowColumn(16, CHUNK_ROWS),
  types: new Uint8Array(CHUNK_ROWS),
  modes: new Uint16Array(CHUNK_ROWS),
  uids: new NarrowColumn(16, CHUNK_ROWS),
  gids: new NarrowColumn(16, CHUNK_ROWS),
  sizes: new NarrowColumn(32, CHUNK_ROWS)
})

/** A row of the table as the merge reads it: the entry, with the name and directory the table shares. */
export interface LayerRow extends LayerEntry {
  /** The last component of `path` as a string of its own, when the table has one to share. */
  name?: string
  /**
   * The parent directory of `path`, when the table has it: one string shared by consecutive rows of the
   * same directory, so the merge sees the directory is unchanged without slicing or comparing paths.
   */
  dir?: string
}

export class LayerEntryTable implements Iterable<LayerRow> {
  length = 0
  /**
   * What follows the shared prefix, one byte per UTF-16 unit; no '/' in it when the entry is in the
   * previous entry's directory. A suffix with a unit past 255 (rare) is kept in `wideSuffixes` instead.
   */
  private readonly suffixPool = new Latin1Pool(16 * 1024)
  private readonly wideSuffixes = new Map<number, string>()
  private previousPath = ''
  private readonly chunks: Chunk[] = []
  /** The rare and the optional, by row. */
  private readonly linkTargets = new Map<number, string>()
  private readonly contents = new Map<number, Buffer>()
  private readonly truncated = new Set<number>()
  private readonly execs = new Map<number, ExecInfo>()
  /** File capabilities by row: most layers have none. */
  private readonly capabilities = new Map<number, Buffer>()

  /** Appends an entry (its content and exec info are set later, once its body has gone by) and returns its row. */
  push(entry: LayerEntry): number {
    const row = this.length++
    if ((row & ROW_MASK) === 0) this.chunks.push(newChunk())
    const chunk = this.chunks[row >>> CHUNK_SHIFT]
    const at = row & ROW_MASK
    const code = TYPE_CODE.get(entry.type) as number
    chunk.types[at] = code
    chunk.modes[at] = entry.mode & 0o7777
    chunk.uids.set(at, entry.uid)
    chunk.gids.set(at, entry.gid)
    chunk.sizes.set(at, entry.size)
    const prefixLength = row % RESTART_ROWS === 0 ? 0 : sharedDirectoryPrefix(entry.path, this.previousPath)
    chunk.prefixLengths.set(at, prefixLength)
    chunk.suffixStarts[at] = this.suffixPool.end
    this.appendSuffix(row, entry.path, prefixLength)
    this.previousPath = entry.path
    if (entry.linkTarget !== undefined) this.linkTargets.set(row, entry.linkTarget)
    if (entry.capability !== undefined) this.capabilities.set(row, entry.capability)
    this.setBody(row, entry.content, entry.contentTruncated ?? false, entry.exec)
    return row
  }

  /** What a file's body said: the captured bytes and what the executable is. */
  setBody(row: number, content: Buffer | undefined, truncated: boolean, exec: ExecInfo | undefined): void {
    if (content) this.contents.set(row, content)
    if (truncated) this.truncated.add(row)
    if (exec) this.execs.set(row, exec)
  }

  get(row: number): LayerRow {
    let path = ''
    for (let from = row - (row % RESTART_ROWS); from < row; from++)
      path = this.pathAfter(from, path, this.suffix(from))
    const suffix = this.suffix(row)
    return this.entryAt(row, this.pathAfter(row, path, suffix), suffix)
  }

  /** Copies the path's characters after `from` into the pool, or aside when one is past 255. */
  private appendSuffix(row: number, path: string, from: number): void {
    // Its own copy aside: a slice of the path would keep the whole path alive.
    if (!this.suffixPool.append(path, from)) this.wideSuffixes.set(row, ownCopy(path.slice(from)))
  }

  private suffix(row: number): string {
    if (this.wideSuffixes.size > 0) {
      const wide = this.wideSuffixes.get(row)
      if (wide !== undefined) return wide
    }
    const start = this.chunks[row >>> CHUNK_SHIFT].suffixStarts[row & ROW_MASK]
    const next = row + 1
    const end =
      next < this.length
        ? this.chunks[next >>> CHUNK_SHIFT].suffixStarts[next & ROW_MASK]
        : this.suffixPool.end
    return this.suffixPool.text(start, end)
  }

  /** Path of `row`, given the path of the row before it and this row's suffix. */
  private pathAfter(row: number, previous: string, suffix: string): string {
    const prefixLength = this.chunks[row >>> CHUNK_SHIFT].prefixLengths.get(row & ROW_MASK)
    return prefixLength === 0 ? suffix : previous.slice(0, prefixLength) + suffix
  }

  /** The entry at `row`; `suffix`, when given, is its name if it follows a shared directory prefix. */
  private entryAt(row: number, path: string, suffix?: string): LayerRow {
    const chunk = this.chunks[row >>> CHUNK_SHIFT]
    const at = row & ROW_MASK
    const entry: LayerRow = {
      path,
      type: TYPES[chunk.types[at]],
      mode: chunk.modes[at],
      uid: chunk.uids.get(at),
      gid: chunk.gids.get(at),
      size: chunk.sizes.get(at)
    }
    const linkTarget = this.linkTargets.get(row)
    if (linkTarget !== undefined) entry.linkTarget = linkTarget
    const content = this.contents.get(row)
    if (content) entry.content = content
    if (this.truncated.has(row)) entry.contentTruncated = true
    const exec = this.execs.get(row)
    if (exec) entry.exec = exec
    if (this.capabilities.size > 0) {
      const capability = this.capabilities.get(row)
      if (capability) entry.capability = capability
    }
    if (suffix !== undefined && chunk.prefixLengths.get(at) > 0 && suffix !== '' && !suffix.includes('/'))
      entry.name = suffix
    return entry
  }

  *[Symbol.iterator](): Iterator<LayerRow> {
    let path = ''
    // The directory of the last run of entries named after a shared prefix, and that prefix's length.
    let dir: string | undefined
    let dirPrefixLength = 0
    for (let row = 0; row < this.length; row++) {
      const suffix = this.suffix(row)
      path = this.pathAfter(row, path, suffix)
      const entry = this.entryAt(row, path, suffix)
      if (entry.name === undefined) dir = undefined
      else {
        // The same prefix length as the entry before, also named after it: the same directory.
        const prefixLength = path.length - entry.name.length
        if (dir === undefined || prefixLength !== dirPrefixLength) {
          dir = prefixLength === 1 ? '/' : path.slice(0, prefixLength - 1)
          dirPrefixLength = prefixLength
        }
        entry.dir = dir
      }
      yield entry
    }
  }
}

/** Length of the longest prefix of both paths that ends with '/'. */
function sharedDirectoryPrefix(path: string, previous: string): number {
  const limit = Math.min(path.length, previous.length)
  let same = 0
  while (same < limit && path.charCodeAt(same) === previous.charCodeAt(same)) same++
  return same === 0 ? 0 : path.lastIndexOf('/', same - 1) + 1
}

/**
 * A suffix sliced from a path (V8 slices strings of 13 characters or more) would keep the whole path
 * alive, and with it this layer's paths after the merge: copy it.
 */
export function ownCopy(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8')
}
