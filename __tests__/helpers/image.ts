// Builds Images from per-layer entries through the real mergeLayers, so rule tests run on real merge semantics.
import { mergeLayers } from '../../src/image/merge.js'
import type { ExecInfo, Image, ImageConfig, Layer, LayerEntry, MultiCallInfo } from '../../src/image/types.js'

type EntryOptions = Partial<Omit<LayerEntry, 'path' | 'type'>>

export function file(path: string, content: string | Buffer = '', options: EntryOptions = {}): LayerEntry {
  const bytes = Buffer.from(content)
  return { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: bytes.length, content: bytes, ...options }
}

/** An executable of `size` bytes (content not captured, as the reader does for most files). */
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
