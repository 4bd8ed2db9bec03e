// Hand-made images for reporter tests: real merged filesystems (the reader's mergeLayers) from
// layer entries written here, with a history like a builder's.
import type { HistoryEntry, Image, Layer, LayerEntry } from '../src/image/types.js'
import type { Evaluation, Violation } from '../src/policy/types.js'
import { dir, imageFromLayers, symlink, whiteout } from '../__tests__/helpers/image.js'

export { dir, symlink, whiteout } from '../__tests__/helpers/image.js'

export function file(path: string, size: number, extra: Partial<LayerEntry> = {}): LayerEntry {
  return { path, type: 'file', mode: 0o755, uid: 0, gid: 0, size, ...extra }
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
    expiringWaivers: []
  }
}

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
          file('/bin/busybox', 800_000),
          symlink('/bin/sh', 'busybox'),
          dir('/sbin'),
          file('/sbin/apk', 70_000),
          dir('/etc'),
          file('/etc/motd', 300),
          file('/etc/big.cache', 2_000_000)
        ]
      },
      { createdBy: 'RUN /bin/sh -c rm /etc/big.cache # buildkit', entries: [whiteout('/etc/big.cache')] },
      { createdBy: 'COPY hello /srv/hello # buildkit', entries: [dir('/srv'), file('/srv/hello', 1_500_000)] }
    ],
    emptyAfter: [{ after: 2, createdBy: 'USER app' }]
  })
}
