// Hand-made images for tests: layer entries written here, merged into a real filesystem by the reader's
// own mergeLayers (so rule and report tests run on real merge semantics), with a history like a builder's.
import { mergeLayers } from '../src/image/merge.js'
import type {
  ExecInfo,
  HistoryEntry,
  Image,
  ImageConfig,
  Layer,
  LayerEntry,
  MultiCallInfo
} from '../src/image/types.js'
import type { Evaluation, Violation } from '../src/policy/types.js'

export type EntryOptions = Partial<Omit<LayerEntry, 'path' | 'type'>>

/** A regular file whose content the reader captured (`content`). */
export function file(path: string, content: string | Buffer = '', options: EntryOptions = {}): LayerEntry {
  const bytes = Buffer.from(content)
  return { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: bytes.length, content: bytes, ...options }
}

/** A regular file of `size` bytes whose content was not captured, as the reader leaves most files. */
export function sized(path: string, size: number, options: EntryOptions = {}): LayerEntry {
  return { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size, ...options }
}

/** An ELF executable of 1000 bytes (content not captured). */
export function executable(path: string, options: EntryOptions = {}): LayerEntry {
  return { path, type: 'file', mode: 0o755, uid: 0, gid: 0, size: 1000, exec: { format: 'elf' }, ...options }
}

export function multiCall(
  path: string,
  applets: string[],
  kind: MultiCallInfo['kind'] = 'busybox',
  version = '1.36.1'
): LayerEntry {
  const exec: ExecInfo = { format: 'elf', multiCall: { kind, version, applets: [...applets].sort() } }
  return executable(path, { exec, size: 1_000_000 })
}

export function dir(path: string, options: EntryOptions = {}): LayerEntry {
  return { path, type: 'dir', mode: 0o755, uid: 0, gid: 0, size: 0, ...options }
}

export function symlink(path: string, target: string): LayerEntry {
  return { path, type: 'symlink', mode: 0o777, uid: 0, gid: 0, size: 0, linkTarget: target }
}

/** A hard link: its header's mode and owner become the file's, as the unpack chmods and chowns the new name. */
export function hardlink(path: string, target: string, options: EntryOptions = {}): LayerEntry {
  return { path, type: 'hardlink', mode: 0o755, uid: 0, gid: 0, size: 0, linkTarget: target, ...options }
}

export function whiteout(path: string): LayerEntry {
  return { path, type: 'whiteout', mode: 0, uid: 0, gid: 0, size: 0 }
}

export function opaque(path: string): LayerEntry {
  return { path, type: 'opaque', mode: 0, uid: 0, gid: 0, size: 0 }
}

export const EMPTY_CONFIG: ImageConfig = {
  user: '',
  env: [],
  entrypoint: [],
  cmd: [],
  workingDir: '',
  labels: {},
  exposedPorts: [],
  os: 'linux',
  architecture: 'amd64',
  history: [],
  diffIds: []
}

function layerOf(entries: LayerEntry[], index: number): Layer {
  const contentSize = entries.reduce((sum, entry) => sum + (entry.type === 'file' ? entry.size : 0), 0)
  const uncompressedSize = entries.reduce((sum, entry) => sum + 512 + Math.ceil(entry.size / 512) * 512, 1024)
  return {
    index,
    compression: 'none',
    compressedSize: uncompressedSize,
    uncompressedSize,
    contentSize,
    entryCount: entries.length,
    createdBy: `layer ${index}`,
    archivePath: `blobs/sha256/layer${index}`
  }
}

/** An Image whose filesystem is `layers` merged bottom-up by the reader's own mergeLayers. */
export function imageFromLayers(
  layers: LayerEntry[][],
  config: Partial<ImageConfig> = {},
  extra: Partial<Image> = {}
): Image {
  const { fs, hidden, hiddenBytes } = mergeLayers(layers)
  return {
    layout: 'docker-oci',
    repoTags: [],
    platform: { os: 'linux', architecture: 'amd64' },
    config: { ...EMPTY_CONFIG, ...config },
    annotations: {},
    layers: layers.map(layerOf),
    fs,
    hidden,
    hiddenBytes,
    warnings: [],
    ...extra
  }
}

export interface LayerSpec {
  createdBy: string
  entries: LayerEntry[]
}

export interface ImageSpec {
  reference?: string
  user?: string
  /** Layers with the history entry that created each. */
  layers: LayerSpec[]
  /** Empty-layer history entries, inserted after the layer with this index (-1 = before all). */
  emptyAfter?: { after: number; createdBy: string }[]
}

/** An image as a builder leaves it: a history entry per layer and per empty step, gzip-sized layers. */
export function makeImage(spec: ImageSpec): Image {
  const history: HistoryEntry[] = []
  const layers: Layer[] = []
  const pushEmpty = (after: number) => {
    for (const e of spec.emptyAfter ?? [])
      if (e.after === after) history.push({ createdBy: e.createdBy, emptyLayer: true })
  }
  pushEmpty(-1)
  spec.layers.forEach((layer, index) => {
    history.push({ createdBy: layer.createdBy, emptyLayer: false })
    const contentSize = layer.entries.reduce((sum, e) => sum + (e.type === 'file' ? e.size : 0), 0)
    layers.push({
      index,
      digest: `sha256:${String(index).padStart(64, '0')}`,
      compression: 'gzip',
      compressedSize: Math.round(contentSize / 2),
      uncompressedSize: contentSize + 512 * (layer.entries.length + 2),
      contentSize,
      entryCount: layer.entries.length,
      historyIndex: history.length - 1,
      createdBy: layer.createdBy,
      archivePath: `blobs/sha256/${index}`
    })
    pushEmpty(index)
  })
  const reference = spec.reference ?? 'example/app:1.0'
  return imageFromLayers(
    spec.layers.map((l) => l.entries),
    { user: spec.user ?? '', cmd: ['/bin/sh'], history, diffIds: layers.map((l) => l.digest ?? '') },
    { reference, repoTags: [reference], configDigest: 'sha256:' + 'c'.repeat(64), layers }
  )
}

export function makeEvaluation(
  violations: Violation[],
  ruleLocations: Evaluation['ruleLocations'] = {}
): Evaluation {
  return {
    violations,
    rulesEvaluated: [...new Set(violations.map((v) => v.rule).concat(Object.keys(ruleLocations)))].sort(),
    ruleLocations,
    expiringWaivers: [],
    evaluatedAt: new Date('2026-06-01T12:00:00Z')
  }
}

/** A file of `size` bytes with mode 0755, as the sample images' programs are. */
export const program = (path: string, size: number): LayerEntry => sized(path, size, { mode: 0o755 })

/** An Alpine-like image in three layers (base, RUN, COPY), the RUN layer deleting a base file. */
export function sampleImage(): Image {
  return makeImage({
    reference: 'example/app:1.0',
    user: 'app',
    layers: [
      {
        createdBy: 'ADD alpine-minirootfs.tar.gz / # buildkit',
        entries: [
          dir('/bin'),
          program('/bin/busybox', 800_000),
          symlink('/bin/sh', 'busybox'),
          dir('/sbin'),
          program('/sbin/apk', 70_000),
          dir('/etc'),
          program('/etc/motd', 300),
          program('/etc/big.cache', 2_000_000)
        ]
      },
      { createdBy: 'RUN /bin/sh -c rm /etc/big.cache # buildkit', entries: [whiteout('/etc/big.cache')] },
      {
        createdBy: 'COPY hello /srv/hello # buildkit',
        entries: [dir('/srv'), program('/srv/hello', 1_500_000)]
      }
    ],
    emptyAfter: [{ after: 2, createdBy: 'USER app' }]
  })
}
