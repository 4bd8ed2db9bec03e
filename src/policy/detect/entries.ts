// Every rule walks the filesystem; walk it once per image and share the list.
import type { FsEntry, MergedFs } from '../../image/types.js'

const cache = new WeakMap<MergedFs, readonly FsEntry[]>()

/** fs.entries() as an array (parents before children, siblings sorted), computed once per filesystem. */
export function allEntries(fs: MergedFs): readonly FsEntry[] {
  let entries = cache.get(fs)
  if (!entries) {
    entries = [...fs.entries()]
    cache.set(fs, entries)
  }
  return entries
}
