// One layer's entries kept as columns until the layers merge: a path string and about 20 bytes of
// typed arrays per entry, instead of an object per entry that the garbage collector must trace.
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
  'opaque'
]
const TYPE_CODE = new Map(TYPES.map((type, code) => [type, code]))
const WHITEOUT_CODE = TYPE_CODE.get('whiteout') as number
const OPAQUE_CODE = TYPE_CODE.get('opaque') as number

/** Rows per chunk: columns grow a chunk at a time, so the slack is at most one chunk. */
const CHUNK_SHIFT = 12
const CHUNK_ROWS = 1 << CHUNK_SHIFT
const ROW_MASK = CHUNK_ROWS - 1

interface Chunk {
  types: Uint8Array
  modes: Uint16Array
  uids: Uint32Array
  gids: Uint32Array
  sizes: Float64Array
}

const newChunk = (): Chunk => ({
  types: new Uint8Array(CHUNK_ROWS),
  modes: new Uint16Array(CHUNK_ROWS),
  uids: new Uint32Array(CHUNK_ROWS),
  gids: new Uint32Array(CHUNK_ROWS),
  sizes: new Float64Array(CHUNK_ROWS)
})

export class LayerEntryTable implements Iterable<LayerEntry> {
  length = 0
  private readonly paths: string[] = []
  private readonly chunks: Chunk[] = []
  /** The rare and the optional, by row. */
  private readonly linkTargets = new Map<number, string>()
  private readonly wideOwners = new Map<number, { uid: number; gid: number }>()
  private readonly contents = new Map<number, Buffer>()
  private readonly truncated = new Set<number>()
  private readonly execs = new Map<number, ExecInfo>()
  private readonly removalRows: number[] = []

  /** Appends an entry (its content and exec info are set later, once its body has gone by) and returns its row. */
  push(entry: LayerEntry): number {
    const row = this.length++
    if ((row & ROW_MASK) === 0) this.chunks.push(newChunk())
    const chunk = this.chunks[row >>> CHUNK_SHIFT]
    const at = row & ROW_MASK
    const code = TYPE_CODE.get(entry.type) as number
    chunk.types[at] = code
    chunk.modes[at] = entry.mode & 0o7777
    chunk.uids[at] = entry.uid
    chunk.gids[at] = entry.gid
    if (entry.uid > 0xffffffff || entry.gid > 0xffffffff)
      this.wideOwners.set(row, { uid: entry.uid, gid: entry.gid })
    chunk.sizes[at] = entry.size
    this.paths.push(entry.path)
    if (entry.linkTarget !== undefined) this.linkTargets.set(row, entry.linkTarget)
    if (code === WHITEOUT_CODE || code === OPAQUE_CODE) this.removalRows.push(row)
    this.setBody(row, entry.content, entry.contentTruncated ?? false, entry.exec)
    return row
  }

  /** What a file's body said: the captured bytes and what the executable is. */
  setBody(row: number, content: Buffer | undefined, truncated: boolean, exec: ExecInfo | undefined): void {
    if (content) this.contents.set(row, content)
    if (truncated) this.truncated.add(row)
    if (exec) this.execs.set(row, exec)
  }

  get(row: number): LayerEntry {
    const chunk = this.chunks[row >>> CHUNK_SHIFT]
    const at = row & ROW_MASK
    const wide = this.wideOwners.get(row)
    const entry: LayerEntry = {
      path: this.paths[row],
      type: TYPES[chunk.types[at]],
      mode: chunk.modes[at],
      uid: wide?.uid ?? chunk.uids[at],
      gid: wide?.gid ?? chunk.gids[at],
      size: chunk.sizes[at]
    }
    const linkTarget = this.linkTargets.get(row)
    if (linkTarget !== undefined) entry.linkTarget = linkTarget
    const content = this.contents.get(row)
    if (content) entry.content = content
    if (this.truncated.has(row)) entry.contentTruncated = true
    const exec = this.execs.get(row)
    if (exec) entry.exec = exec
    return entry
  }

  *[Symbol.iterator](): Iterator<LayerEntry> {
    for (let row = 0; row < this.length; row++) yield this.get(row)
  }

  /** Whiteouts and opaque markers, in tar order, without reading the other rows. */
  *removals(): Iterable<LayerEntry> {
    for (const row of this.removalRows) yield this.get(row)
  }
}
