// Finds executables by the names that reach them and by multi-call applets, each real file once.
import type { ExecInfo, FsEntry, Inode, MergedFs, MultiCallInfo, ShellContentInfo } from '../image/types.js'
import { byCodeUnit } from '../common/text-order.js'
import { baseName } from '../image/safe-path.js'

export interface ExecutableHit {
  inode: Inode
  /** The real file reported: one of its hard links. */
  path: string
  layer: number
  /** Every hard link of the file. */
  realPaths: string[]
  /** Hard links and symlinks that reach the file, sorted. */
  names: string[]
  /** Matched names (basenames) that reach it. */
  matchedNames: string[]
  /** Matched applets when it is a multi-call binary. */
  matchedApplets: string[]
  multiCall?: MultiCallInfo
  /** Set when the file's content, not a name or applet, made it a match (a shell's own tables). */
  byContent?: ShellContentInfo
}

export interface ExecutableMatcher {
  /** True when a file reached by this basename is what the rule looks for. */
  name: (basename: string) => boolean
  /** Applets of a multi-call binary that make it what the rule looks for (empty = not a match). */
  applets: (info: MultiCallInfo) => string[]
  /** What in the file's content makes it a match whatever its names and applets. */
  content?: (exec: ExecInfo) => ShellContentInfo | undefined
}

/** Regular files that can be executed: an exec bit, or content the reader recognised as a program. */
function isExecutable(inode: Inode): boolean {
  return inode.type === 'file' && ((inode.mode & 0o111) !== 0 || inode.exec !== undefined)
}

const found = new WeakMap<MergedFs, Map<ExecutableMatcher, readonly ExecutableHit[]>>()

/**
 * Entries any matcher could select: executable regular files and symlinks. Found in one walk per
 * filesystem, so the rules after the first (no-shell, no-package-manager, distroless each ask with their
 * own matcher) look at these few instead of walking every entry again.
 */
const candidatesByFs = new WeakMap<MergedFs, readonly FsEntry[]>()

function candidates(fs: MergedFs): readonly FsEntry[] {
  let list = candidatesByFs.get(fs)
  if (!list) {
    const kept: FsEntry[] = []
    for (const entry of fs.entries()) {
      const { inode } = entry
      if (inode.type === 'symlink' || isExecutable(inode)) kept.push(entry)
    }
    candidatesByFs.set(fs, (list = kept))
  }
  return list
}

/** Files the matcher selects, each real file once, sorted by path; memoised per filesystem and matcher. */
export function findExecutables(fs: MergedFs, matcher: ExecutableMatcher): readonly ExecutableHit[] {
  let byMatcher = found.get(fs)
  if (!byMatcher) found.set(fs, (byMatcher = new Map<ExecutableMatcher, readonly ExecutableHit[]>()))
  let hits = byMatcher.get(matcher)
  if (!hits) byMatcher.set(matcher, (hits = search(fs, matcher)))
  return hits
}

function search(fs: MergedFs, matcher: ExecutableMatcher): ExecutableHit[] {
  const byInode = new Map<
    number,
    { inode: Inode; matchedNames: Set<string>; matchedApplets: string[]; byContent?: ShellContentInfo }
  >()
  const note = (target: FsEntry | undefined, name: string | undefined) => {
    if (!target || !isExecutable(target.inode)) return
    const exec = target.inode.exec
    const multiCall = exec?.multiCall
    const applets = multiCall ? matcher.applets(multiCall) : []
    const byContent = exec && matcher.content ? matcher.content(exec) : undefined
    if (name === undefined && applets.length === 0 && byContent === undefined) return
    let hit = byInode.get(target.inode.id)
    if (!hit) {
      hit = { inode: target.inode, matchedNames: new Set(), matchedApplets: applets, byContent }
      byInode.set(target.inode.id, hit)
    }
    if (name !== undefined) hit.matchedNames.add(name)
  }
  for (const entry of candidates(fs)) {
    const name = entry.name
    const named = matcher.name(name) ? name : undefined
    if (entry.inode.type === 'file') note(entry, named)
    else if (entry.inode.type === 'symlink' && named !== undefined) note(fs.stat(entry.path), named)
  }
  const hits: ExecutableHit[] = []
  for (const { inode, matchedNames, matchedApplets, byContent } of byInode.values()) {
    const names = fs.namesReaching(inode)
    const realPaths = fs.hardLinks(inode)
    const kind = inode.exec?.multiCall?.kind
    const path = realPaths.find((p) => kind !== undefined && baseName(p) === kind) ?? realPaths[0] ?? names[0]
    hits.push({
      inode,
      path,
      layer: fs.lstat(path)?.layerIndex ?? inode.layerIndex,
      realPaths: realPaths.length > 0 ? realPaths : [path],
      names,
      matchedNames: [...matchedNames].sort(),
      matchedApplets,
      multiCall: inode.exec?.multiCall,
      ...(byContent && matchedNames.size === 0 && matchedApplets.length === 0 ? { byContent } : {})
    })
  }
  return hits.sort((a, b) => byCodeUnit(a.path, b.path))
}

/**
 * "/bin/busybox (also reached as /bin/sh, /bin/ash, … 304 names in all)" — never an unbounded list;
 * names whose basename `first` selects (the matched ones) come first.
 */
export function describeNames(
  hit: { path: string; names: string[] },
  first?: (basename: string) => boolean,
  limit = 8
): string {
  const others = hit.names.filter((name) => name !== hit.path)
  if (others.length === 0) return hit.path
  if (first) others.sort((a, b) => Number(first(baseName(b))) - Number(first(baseName(a))))
  const shown = others.slice(0, limit).join(', ')
  const more = others.length > limit ? `, … ${others.length} names in all` : ''
  return `${hit.path} (also reached as ${shown}${more})`
}

export function describeMultiCall(info: MultiCallInfo): string {
  const name = info.kind === 'busybox' ? 'BusyBox' : 'toybox'
  return `${name}${info.version ? ` ${info.version}` : ''} multi-call binary`
}

/** "a shell by its content (27 builtins: alias, bg, break, …)": what content detection saw, bounded. */
export function describeShellContent(info: ShellContentInfo, limit = 6): string {
  const shown = info.builtins.slice(0, limit).join(', ')
  const more = info.builtins.length > limit ? ', …' : ''
  return `a shell by its content (${info.builtins.length} shell builtins: ${shown}${more})`
}
