// The JSON documents of a Docker 25+ / containerd `docker save` archive, shaped like the fixtures'.

import { createHash } from 'node:crypto'
import { layerMtime } from './generate-layer.mjs'

export const MEDIA_TYPES = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: {
    none: 'application/vnd.oci.image.layer.v1.tar',
    gzip: 'application/vnd.oci.image.layer.v1.tar+gzip'
  }
}

export function sha256(bytes) {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`
}

const iso = (seconds) => new Date(seconds * 1000).toISOString().replace('.000Z', 'Z')

/**
 * @param {{name: string, compression: 'none'|'gzip'}} scenario
 * @param {{diffId: string, digest: string, size: number}[]} layers in image order
 */
export function imageDocuments(scenario, layers) {
  const repo = 'bench/' + scenario.name
  const tag = 'latest'
  const history = layers.map((_, i) =>
    i === 0
      ? { created: iso(layerMtime(0)), created_by: '/bin/sh -c #(nop) ADD file:busybox-rootfs.tar in / ' }
      : {
          created: iso(layerMtime(i)),
          created_by: `COPY layer-${i}/ / # buildkit`,
          comment: 'buildkit.dockerfile.v0'
        }
  )
  history.push({
    created: iso(layerMtime(layers.length - 1) + 1),
    created_by: 'CMD ["/bin/sh"]',
    comment: 'buildkit.dockerfile.v0',
    empty_layer: true
  })
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      config: {
        Env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
        Cmd: ['/bin/sh'],
        WorkingDir: '/',
        User: 'app'
      },
      created: history[history.length - 1].created,
      history,
      os: 'linux',
      rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) }
    })
  )
  const configDigest = sha256(config)
  const layerMediaType = MEDIA_TYPES.layer[scenario.compression]
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.manifest,
      config: { mediaType: MEDIA_TYPES.config, digest: configDigest, size: config.length },
      layers: layers.map((l) => ({ mediaType: layerMediaType, digest: l.digest, size: l.size }))
    })
  )
  const manifestDigest = sha256(manifest)
  const index = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: MEDIA_TYPES.index,
      manifests: [
        {
          mediaType: MEDIA_TYPES.manifest,
          digest: manifestDigest,
          size: manifest.length,
          annotations: {
            'io.containerd.image.name': `docker.io/${repo}:${tag}`,
            'org.opencontainers.image.ref.name': tag
          }
        }
      ]
    })
  )
  const blobPath = (digest) => `blobs/sha256/${digest.slice('sha256:'.length)}`
  const dockerManifest = {
    Config: blobPath(configDigest),
    RepoTags: [`${repo}:${tag}`],
    Layers: layers.map((l) => blobPath(l.digest))
  }
  // The graphdriver store (uncompressed) also writes LayerSources and `repositories`; the containerd
  // store (gzip blobs as pulled) writes neither, as in the fixtures.
  if (scenario.compression === 'none') {
    dockerManifest.LayerSources = Object.fromEntries(
      layers.map((l) => [l.digest, { mediaType: layerMediaType, size: l.size, digest: l.digest }])
    )
  }
  const metadataFiles = [
    ['index.json', index],
    ['manifest.json', Buffer.from(JSON.stringify([dockerManifest]))],
    ['oci-layout', Buffer.from('{"imageLayoutVersion": "1.0.0"}')]
  ]
  if (scenario.compression === 'none') {
    const top = layers[layers.length - 1].digest.slice('sha256:'.length)
    metadataFiles.push(['repositories', Buffer.from(JSON.stringify({ [repo]: { [tag]: top } }))])
  }
  return { config, configDigest, manifest, manifestDigest, metadataFiles, blobPath }
}
