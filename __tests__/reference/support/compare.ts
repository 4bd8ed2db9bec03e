// A filesystem as the reference comparisons see it: each path's type, mode, owner, size and link target,
// and the groups of paths that are one file (hard links). The gate's comes from `inspect --files`.
import { Readable } from 'node:stream'
import tar from 'tar-stream'
import { readImage } from '../../../src/image/read.js'
import type { EntryType } from '../../../src/image/types.js'
import { listFiles } from '../../../src/report/inspect.js'
import { describeCapabilities } from '../../../src/analysis/capabilities.js'
import { errorMessage } from '../../../src/common/errors.js'
import { runCli } from '../../../src/cli/run.js'
import { recordingIo } from '../../../__fixtures__/io.js'
import type { FileListing } from '../../../src/report/inspect.js'

export interface PathFacts {
  type: EntryType
  /** 07777 bits. */
  mode: number
  uid: number
  gid: number
  /** Regular files only. */
  size: number
  linkTarget?: string
  /** File capabilities as `inspect --files` shows them (`cap_net_raw+ep`). */
  capabilities?: string
}

export interface Tree {
  paths: Map<string, PathFacts>
  /** Paths sharing one inode (two or more), each group sorted, groups sorted. */
  linkGroups: string[][]
}

export type GateOutcome = { ok: true; tree: Tree; warnings: string[] } | { ok: false; message: string }

function sortedGroups(groups: Iterable<Iterable<string>>): string[][] {
  return [...groups]
    .map((group) => [...group].sort())
    .filter((group) => group.length > 1)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

/** The gate's merged filesystem from its file listing (visible paths only). */
export function treeOfListing(listing: Iterable<FileListing>): Tree {
  const paths = new Map<string, PathFacts>()
  const groups = new Map<number, string[]>()
  for (const file of listing) {
    if (file.hidden) continue
    paths.set(file.path, {
      type: file.type,
      mode: Number.parseInt(file.mode, 8),
      uid: file.uid,
      gid: file.gid,
      size: file.type === 'file' ? file.size : 0,
      ...(file.linkTarget !== undefined ? { linkTarget: file.linkTarget } : {}),
      ...(file.capabilities !== undefined ? { capabilities: file.capabilities } : {})
    })
    if (file.linkGroup !== undefined)
      groups.set(file.linkGroup, [...(groups.get(file.linkGroup) ?? []), file.path])
  }
  return { paths, linkGroups: sortedGroups(groups.values()) }
}

/** Reads an archive with the gate's reader, through the API. */
export async function gateTree(archive: Buffer): Promise<GateOutcome> {
  try {
    const image = await readImage({ kind: 'stream', stream: Readable.from([archive]), name: 'generated' })
    return { ok: true, tree: treeOfListing(listFiles(image)), warnings: image.warnings }
  } catch (error) {
    return { ok: false, message: errorMessage(error) }
  }
}

/** Reads an archive file with the gate's CLI: `inspect --files --format json`. */
export async function gateTreeOfFile(file: string): Promise<GateOutcome> {
  const io = recordingIo('/')
  const code = await runCli(['inspect', '--archive', file, '--files', '--format', 'json'], io)
  if (code !== 0) return { ok: false, message: io.err().trim() }
  const listing = io
    .out()
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as FileListing)
  return { ok: true, tree: treeOfListing(listing), warnings: [] }
}

const TAR_TYPES: Record<string, EntryType> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'dir',
  symlink: 'symlink',
  'character-device': 'char',
  'block-device': 'block',
  fifo: 'fifo'
}

/** A root filesystem written as a tar (`docker export`): hard links are link entries to a path before them. */
export async function treeOfTar(bytes: Buffer): Promise<Tree> {
  const paths = new Map<string, PathFacts>()
  const links = new Map<string, string>()
  const extract = tar.extract()
  const done = new Promise<void>((resolve, reject) => {
    extract.on('finish', resolve)
    extract.on('error', reject)
  })
  extract.on('entry', (header, stream, next) => {
    const path = `/${header.name.replace(/^\.?\/+/, '').replace(/\/+$/, '')}`
    if (path !== '/') {
      if (header.type === 'link') links.set(path, `/${(header.linkname ?? '').replace(/^\.?\/+/, '')}`)
      else {
        const type = TAR_TYPES[header.type ?? 'file']
        if (type === undefined) throw new Error(`unexpected tar entry type ${header.type} at ${path}`)
        paths.set(path, {
          type,
          mode: (header.mode ?? 0) & 0o7777,
          uid: header.uid ?? 0,
          gid: header.gid ?? 0,
          size: type === 'file' ? (header.size ?? 0) : 0,
          ...(type === 'symlink' ? { linkTarget: header.linkname ?? '' } : {}),
          ...capabilitiesOf(header.pax)
        })
      }
    }
    stream.on('end', next)
    stream.resume()
  })
  Readable.from([bytes]).pipe(extract)
  await done
  const groups = new Map<string, Set<string>>()
  for (const [path, target] of links) {
    const facts = paths.get(target)
    if (!facts) throw new Error(`hard link ${path} to ${target}, which the tar does not hold before it`)
    paths.set(path, facts)
    const group = groups.get(target) ?? new Set([target])
    group.add(path)
    groups.set(target, group)
  }
  return { paths, linkGroups: sortedGroups(groups.values()) }
}

/**
 * The `security.capability` a tar writer (docker export) put in PAX, decoded as the gate shows it.
 * tar-stream hands PAX values over as UTF-8 text, so the cases use values whose bytes are all ASCII.
 */
function capabilitiesOf(pax: unknown): { capabilities?: string } {
  const value =
    typeof pax === 'object' && pax !== null
      ? (pax as Record<string, unknown>)['SCHILY.xattr.security.capability']
      : undefined
  return typeof value === 'string' ? { capabilities: describeCapabilities(Buffer.from(value, 'latin1')) } : {}
}

const describeFacts = (facts: PathFacts | undefined) =>
  facts === undefined
    ? 'absent'
    : `${facts.type} ${facts.mode.toString(8).padStart(4, '0')} ${facts.uid}:${facts.gid}` +
      (facts.type === 'file' ? ` ${facts.size} bytes` : '') +
      (facts.linkTarget !== undefined ? ` -> ${JSON.stringify(facts.linkTarget)}` : '') +
      (facts.capabilities !== undefined ? ` capabilities ${facts.capabilities}` : '')

/**
 * Path-by-path differences between the gate's tree and a reference's, one line each. `explain`, when
 * given, may excuse a difference with a known reason (it returns true); everything else is listed.
 */
export function differences(
  gate: Tree,
  reference: Tree,
  explain: (path: string, gate: PathFacts | undefined, reference: PathFacts | undefined) => boolean = () =>
    false
): string[] {
  const found: string[] = []
  const all = new Set([...gate.paths.keys(), ...reference.paths.keys()])
  for (const path of [...all].sort()) {
    const ours = gate.paths.get(path)
    const theirs = reference.paths.get(path)
    if (describeFacts(ours) === describeFacts(theirs) || explain(path, ours, theirs)) continue
    found.push(`${path}: gate ${describeFacts(ours)}, reference ${describeFacts(theirs)}`)
  }
  const ourGroups = JSON.stringify(gate.linkGroups)
  const theirGroups = JSON.stringify(reference.linkGroups)
  if (ourGroups !== theirGroups) found.push(`hard links: gate ${ourGroups}, reference ${theirGroups}`)
  return found
}
