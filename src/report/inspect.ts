// What the reader sees in an image, for people writing a policy (`inspect`): text or JSON.
import { redactCredentials } from '../analysis/credentials.js'
import { printableName } from '../image/safe-path.js'
import type { EntryType, HiddenFile, Image, Inode } from '../image/types.js'
import type { Glob } from '../policy/values.js'
import { byCodeUnit } from '../common/text-order.js'
import { describeMultiCall, findExecutables, type ExecutableHit } from '../analysis/executables.js'
import { describeCapabilities } from '../analysis/capabilities.js'
import { describeOs, readOsRelease } from '../analysis/os-release.js'
import { expandManagers, packageManagerMatcher } from '../analysis/package-managers.js'
import { shellMatcher } from '../analysis/shells.js'
import { compressedSize, imageName, imageSize, layerCreatedBy, platformString } from './facts.js'
import { printable, printableJson, printableLine } from '../common/printable.js'
import { formatSize } from '../common/size-format.js'
import { plural, truncate } from './format.js'

export interface InspectExecutable {
  path: string
  layer: number
  /** Names (hard links and symlinks) that reach the file. */
  names: string[]
  /** What makes it a shell or package manager: matched names and applets. */
  matched: string[]
}

export interface InspectReport {
  reference: string
  repoTags: string[]
  layout: string
  digest?: string
  manifestDigest?: string
  platform: string
  os?: { name: string; path: string; fields: Record<string, string> }
  user: string
  entrypoint: string[]
  cmd: string[]
  workingDir: string
  labels: Record<string, string>
  size: number
  compressedSize: number
  mergedSize: number
  entries: number
  hiddenBytes: number
  layers: {
    index: number
    size: number
    compressedSize: number
    tarSize: number
    compression: string
    entries: number
    createdBy: string
    digest?: string
  }[]
  multiCallBinaries: { path: string; kind: string; version: string; applets: number; names: string[] }[]
  shells: InspectExecutable[]
  packageManagers: InspectExecutable[]
  warnings: string[]
}

export function buildInspectReport(image: Image): InspectReport {
  const release = readOsRelease(image.fs)
  const shells = findExecutables(image.fs, shellMatcher)
  const managers = findExecutables(image.fs, packageManagerMatcher(expandManagers(['os', 'language'])))
  return {
    reference: imageName(image),
    repoTags: image.repoTags,
    layout: image.layout,
    ...(image.configDigest ? { digest: image.configDigest } : {}),
    ...(image.manifestDigest ? { manifestDigest: image.manifestDigest } : {}),
    platform: platformString(image),
    ...(release ? { os: { name: describeOs(release), path: release.path, fields: release.fields } } : {}),
    user: image.config.user,
    entrypoint: image.config.entrypoint,
    cmd: image.config.cmd,
    workingDir: image.config.workingDir,
    labels: image.config.labels,
    size: imageSize(image),
    compressedSize: compressedSize(image),
    mergedSize: image.fs.totalFileBytes,
    entries: image.fs.entryCount,
    hiddenBytes: image.hiddenBytes,
    layers: image.layers.map((layer) => ({
      index: layer.index,
      size: layer.contentSize,
      compressedSize: layer.compressedSize,
      tarSize: layer.uncompressedSize,
      compression: layer.compression,
      entries: layer.entryCount,
      createdBy: layerCreatedBy(image, layer),
      ...(layer.digest ? { digest: layer.digest } : {})
    })),
    multiCallBinaries: multiCallBinaries(image),
    shells: shells.map(toExecutable),
    packageManagers: managers.map(toExecutable),
    warnings: image.warnings
  }
}

function multiCallBinaries(image: Image): InspectReport['multiCallBinaries'] {
  const found: InspectReport['multiCallBinaries'] = []
  for (const entry of image.fs.files()) {
    const info = entry.inode.exec?.multiCall
    if (!info) continue
    const names = image.fs.namesReaching(entry.inode)
    // Name it as people know it ("/bin/busybox"), not by whichever hard link sorts first ("/bin/[").
    const known = image.fs.hardLinks(entry.inode).find((name) => name.endsWith(`/${info.kind}`))
    found.push({
      path: known ?? entry.path,
      kind: info.kind,
      version: info.version,
      applets: info.applets.length,
      names
    })
  }
  return found
}

function toExecutable(hit: ExecutableHit): InspectExecutable {
  return {
    path: hit.path,
    layer: hit.layer,
    names: hit.names,
    matched: [...new Set([...hit.matchedNames, ...hit.matchedApplets])].sort()
  }
}

const NAMES_SHOWN = 8

function names(list: string[], except: string): string {
  const others = list.filter((name) => name !== except)
  if (others.length === 0) return ''
  const more = others.length > NAMES_SHOWN ? `, … ${others.length} names in all` : ''
  return ` reached as ${others.slice(0, NAMES_SHOWN).map(printable).join(', ')}${more}`
}

export function renderInspectText(report: InspectReport): string {
  const out: string[] = []
  // Every value here comes from the image: printable() on each, as in the text report.
  const field = (label: string, value: string) => out.push(`${label.padEnd(12)}${value}`)
  field(
    'Reference',
    printable(report.reference) +
      (report.repoTags.length > 0 ? ` (tags: ${report.repoTags.map(printable).join(', ')})` : '')
  )
  field('Layout', report.layout)
  if (report.digest) field('Image ID', printable(report.digest))
  if (report.manifestDigest) field('Manifest', printable(report.manifestDigest))
  field('Platform', printable(report.platform))
  field('OS', report.os ? `${printable(report.os.name)} (${printable(report.os.path)})` : 'no os-release')
  field('User', report.user === '' ? 'root (no USER set)' : printable(report.user))
  if (report.entrypoint.length > 0) field('Entrypoint', printableJson(report.entrypoint))
  if (report.cmd.length > 0) field('Cmd', printableJson(report.cmd))
  if (report.workingDir) field('Workdir', printable(report.workingDir))
  field(
    'Size',
    `${formatSize(report.size)} in ${plural(report.layers.length, 'layer')}, ${formatSize(report.compressedSize)} in the archive`
  )
  field(
    'Merged',
    `${formatSize(report.mergedSize)} in ${report.entries} ${report.entries === 1 ? 'entry' : 'entries'} of the final filesystem`
  )
  field(
    'Hidden',
    `${formatSize(report.hiddenBytes)} written by a layer and deleted or overwritten by a later one`
  )

  out.push('', 'Layers')
  for (const layer of report.layers) {
    out.push(
      `  ${String(layer.index).padStart(3)}  ${formatSize(layer.size).padStart(8)}  ${formatSize(layer.compressedSize).padStart(8)} ${layer.compression.padEnd(4)}  ${layer.createdBy ? printable(truncate(redactCredentials(layer.createdBy), 100)) : '(no history)'}`
    )
  }
  out.push('', `Multi-call binaries${report.multiCallBinaries.length === 0 ? ': none' : ''}`)
  for (const binary of report.multiCallBinaries) {
    const kind = describeMultiCall({
      kind: binary.kind === 'toybox' ? 'toybox' : 'busybox',
      version: binary.version,
      applets: []
    })
    out.push(
      `  ${printable(binary.path)}: ${printableLine(kind)}, ${plural(binary.applets, 'applet')}${names(binary.names, binary.path)}`
    )
  }
  for (const [title, list] of [
    ['Shells', report.shells],
    ['Package managers', report.packageManagers]
  ] as const) {
    out.push('', `${title}${list.length === 0 ? ': none' : ''}`)
    for (const hit of list)
      out.push(
        `  ${printable(hit.path)} (${hit.matched.map(printable).join(', ')}, layer ${hit.layer})${names(hit.names, hit.path)}`
      )
  }
  if (report.warnings.length > 0)
    out.push('', 'Warnings', ...report.warnings.map((w) => `  ${printableLine(w)}`))
  return `${out.join('\n')}\n`
}

export function renderInspectJson(report: InspectReport): string {
  return `${JSON.stringify(report, null, 2)}\n`
}

/** One path of `inspect --files`: a path of the final filesystem, or a hidden copy still shipped. */
export interface FileListing {
  /** Exactly as in the image (names are untrusted: escape them before they reach a terminal). */
  path: string
  type: EntryType
  /** Permission bits with setuid, setgid and sticky, in octal ("4755"). */
  mode: string
  uid: number
  gid: number
  /** Bytes of a regular file, 0 for anything else. */
  size: number
  /** A symlink's target as written. */
  linkTarget?: string
  /** Shared by the paths of one file with several names (hard links); absent for a file with one. */
  linkGroup?: number
  /** The layer that last wrote this path (for a hidden copy: the layer that holds it). */
  layer: number
  /** Set on a copy a later layer hides, which the image still ships in `layer`. */
  hidden?: { by: number; reason: HiddenFile['reason'] }
  /** A regular file's Linux file capabilities, as `getcap -n` shows them (`cap_net_raw+ep`). */
  capabilities?: string
}

/**
 * The final filesystem path by path (parents before children, siblings in code-unit order), then the
 * hidden copies (by path); with globs, only the paths one of them matches.
 */
export function* listFiles(image: Image, globs: readonly Glob[] = []): Generator<FileListing> {
  const wanted = (path: string) => globs.length === 0 || globs.some((glob) => glob.matches(path))
  for (const entry of image.fs.entries()) {
    if (!wanted(entry.path)) continue
    const { inode } = entry
    yield {
      path: entry.path,
      type: inode.type,
      mode: octalMode(inode.mode),
      uid: inode.uid,
      gid: inode.gid,
      size: inode.size,
      ...(inode.linkTarget !== undefined ? { linkTarget: inode.linkTarget } : {}),
      ...(image.fs.linkCount(inode) > 1 ? { linkGroup: inode.id } : {}),
      layer: entry.layerIndex,
      ...capabilitiesOf(inode)
    }
  }
  const hidden = image.hidden
    .filter((copy) => wanted(copy.path))
    .sort((a, b) => byCodeUnit(a.path, b.path) || a.layerIndex - b.layerIndex)
  for (const copy of hidden) {
    yield {
      path: copy.path,
      type: copy.inode.type,
      mode: octalMode(copy.inode.mode),
      uid: copy.inode.uid,
      gid: copy.inode.gid,
      size: copy.inode.size,
      layer: copy.layerIndex,
      hidden: { by: copy.hiddenBy, reason: copy.reason },
      ...capabilitiesOf(copy.inode)
    }
  }
}

function capabilitiesOf(inode: Inode): { capabilities?: string } {
  return inode.capability === undefined ? {} : { capabilities: describeCapabilities(inode.capability) }
}

function octalMode(mode: number): string {
  return mode.toString(8).padStart(4, '0')
}

/** One JSON object per line. */
export function renderFilesJson(listing: Iterable<FileListing>): string {
  const lines: string[] = []
  for (const file of listing) lines.push(JSON.stringify(file))
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}

const TYPE_LETTERS: Record<EntryType, string> = {
  file: '-',
  dir: 'd',
  symlink: 'l',
  char: 'c',
  block: 'b',
  fifo: 'p'
}

/** `ls -l` style: type and permissions, owner, size, layer, path (-> target), hidden copies marked. */
export function renderFilesText(listing: Iterable<FileListing>): string {
  const lines = ['mode        uid:gid          size  layer  path']
  for (const file of listing) {
    const owner = `${file.uid}:${file.gid}`
    const link = file.linkTarget !== undefined ? ` -> ${printableName(file.linkTarget, 4096)}` : ''
    const group = file.linkGroup !== undefined ? `  [hard link group ${file.linkGroup}]` : ''
    const hidden = file.hidden
      ? `  [hidden: ${file.hidden.reason} by layer ${file.hidden.by}, still shipped in layer ${file.layer}]`
      : ''
    const capabilities = file.capabilities === undefined ? '' : `  [capabilities ${file.capabilities}]`
    lines.push(
      `${permissions(file.type, Number.parseInt(file.mode, 8))}  ${owner.padEnd(11)} ${String(file.size).padStart(12)}  ${String(file.layer).padStart(5)}  ${printableName(file.path, 4096)}${link}${group}${hidden}${capabilities}`
    )
  }
  return `${lines.join('\n')}\n`
}

function permissions(type: EntryType, mode: number): string {
  const bit = (mask: number, letter: string) => (mode & mask ? letter : '-')
  const special = (execMask: number, specialMask: number, set: string) =>
    mode & specialMask ? (mode & execMask ? set : set.toUpperCase()) : bit(execMask, 'x')
  return (
    TYPE_LETTERS[type] +
    bit(0o400, 'r') +
    bit(0o200, 'w') +
    special(0o100, 0o4000, 's') +
    bit(0o40, 'r') +
    bit(0o20, 'w') +
    special(0o10, 0o2000, 's') +
    bit(0o4, 'r') +
    bit(0o2, 'w') +
    special(0o1, 0o1000, 't')
  )
}
