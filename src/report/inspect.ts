// What the reader sees in an image, for people writing a policy (`inspect`): text or JSON.
import type { Image } from '../image/types.js'
import { describeMultiCall, findExecutables, type ExecutableHit } from '../policy/detect/executables.js'
import { describeOs, readOsRelease } from '../policy/detect/os-release.js'
import { expandManagers, packageManagerMatcher } from '../policy/detect/package-managers.js'
import { shellMatcher } from '../policy/detect/shells.js'
import { compressedSize, imageName, imageSize, layerCreatedBy, platformString } from './facts.js'
import { printable, printableJson, printableLine } from '../text/printable.js'
import { formatBytes, plural, truncate } from './format.js'

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
  const seen = new Set<number>()
  const found: InspectReport['multiCallBinaries'] = []
  for (const entry of image.fs.entries()) {
    const info = entry.inode.exec?.multiCall
    if (!info || entry.inode.type !== 'file' || seen.has(entry.inode.id)) continue
    seen.add(entry.inode.id)
    const names = image.fs.namesReaching(entry.inode)
    // Name it as people know it ("/bin/busybox"), not by whichever hard link sorts first ("/bin/[").
    const known = names.find(
      (name) => name.endsWith(`/${info.kind}`) && image.fs.lstat(name)?.inode.id === entry.inode.id
    )
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
    `${formatBytes(report.size)} in ${plural(report.layers.length, 'layer')}, ${formatBytes(report.compressedSize)} in the archive`
  )
  field(
    'Merged',
    `${formatBytes(report.mergedSize)} in ${report.entries} ${report.entries === 1 ? 'entry' : 'entries'} of the final filesystem`
  )
  field(
    'Hidden',
    `${formatBytes(report.hiddenBytes)} written by a layer and deleted or overwritten by a later one`
  )

  out.push('', 'Layers')
  for (const layer of report.layers) {
    out.push(
      `  ${String(layer.index).padStart(3)}  ${formatBytes(layer.size).padStart(8)}  ${formatBytes(layer.compressedSize).padStart(8)} ${layer.compression.padEnd(4)}  ${layer.createdBy ? printable(truncate(layer.createdBy, 100)) : '(no history)'}`
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
