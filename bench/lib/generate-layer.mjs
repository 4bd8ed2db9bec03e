// Writes one layer tar (uncompressed) to a file, hashing it for the config's diff_id.

import { BASE_FILES, BIN_APPLETS, SBIN_APPLETS, USR_BIN_APPLETS, fakeBusyboxBinary } from './busybox.mjs'
import { createRng } from './prng.mjs'
import { HashingFileSink } from './sink.mjs'
import { END_OF_ARCHIVE, padding, tarHeader } from './tar-header.mjs'
import { fileLocation, layerBoundaries, laterLayerChanges, namePrefix } from './layer-plan.mjs'

const BASE_MTIME = 1718003507 // 2024-06-10, like a busybox release image
const BUILD_MTIME = 1767225600 // 2026-01-01, the app build
const BUSYBOX_BYTES = 1024 * 1024

export function layerMtime(layer) {
  return layer === 0 ? BASE_MTIME : BUILD_MTIME + layer * 60
}

class LayerTarWriter {
  constructor(path, layer, pool) {
    this.sink = new HashingFileSink(path)
    this.layer = layer
    this.pool = pool
    this.prefix = namePrefix(layer)
    this.mtime = layerMtime(layer)
    this.dirsWritten = new Set()
    this.counts = { entries: 0, files: 0, whiteouts: 0, links: 0, dirs: 0, contentBytes: 0 }
  }

  entry(entry, body) {
    this.sink.write(tarHeader({ mtime: this.mtime, ...entry, name: this.prefix + entry.name }))
    this.counts.entries++
    if (body) {
      this.sink.write(body)
      this.sink.zeros(padding(body.length))
    }
  }

  /** A directory and every parent not yet written in this layer, as Docker records changed parents. */
  dir(path, mode = 0o755) {
    if (path === '' || this.dirsWritten.has(path)) return
    const slash = path.lastIndexOf('/')
    if (slash > 0) this.dir(path.slice(0, slash))
    this.dirsWritten.add(path)
    this.counts.dirs++
    this.entry({ name: `${path}/`, type: 'directory', mode })
  }

  /** A regular file whose body is `size` bytes of the content pool starting at a random offset. */
  pooledFile(name, size, rng, mode = 0o644) {
    this.sink.write(tarHeader({ name: this.prefix + name, size, mode, mtime: this.mtime }))
    this.counts.entries++
    this.counts.files++
    this.counts.contentBytes += size
    let left = size
    while (left > 0) {
      const n = Math.min(left, this.pool.length)
      const start = rng.int(this.pool.length - n + 1)
      this.sink.write(this.pool, start, start + n)
      left -= n
    }
    this.sink.zeros(padding(size))
  }

  whiteout(dir, base) {
    this.dir(dir)
    this.counts.whiteouts++
    this.entry({ name: `${dir}/.wh.${base}`, size: 0 }, Buffer.alloc(0))
  }

  close() {
    this.sink.write(END_OF_ARCHIVE)
    return { ...this.sink.close(), ...this.counts }
  }
}

function writeBusyboxBase(writer) {
  writer.entry({ name: '', type: 'directory' })
  for (const dir of ['bin', 'sbin', 'usr/bin', 'usr/sbin', 'etc', 'lib', 'var/log', 'home/app'])
    writer.dir(dir)
  writer.dir('root', 0o700)
  writer.dir('tmp', 0o1777)
  const busybox = fakeBusyboxBinary(writer.pool, BUSYBOX_BYTES)
  writer.counts.files++
  writer.counts.contentBytes += busybox.length
  writer.entry({ name: 'bin/busybox', size: busybox.length, mode: 0o755 }, busybox)
  for (const applet of BIN_APPLETS) {
    writer.counts.links++
    writer.entry({ name: `bin/${applet}`, type: 'hardlink', linkname: './bin/busybox', mode: 0o755 })
  }
  for (const [dir, applets] of [
    ['usr/bin', USR_BIN_APPLETS],
    ['sbin', SBIN_APPLETS]
  ]) {
    for (const applet of applets) {
      writer.counts.links++
      writer.entry({ name: `${dir}/${applet}`, type: 'symlink', linkname: '/bin/busybox' })
    }
  }
  for (const [name, text] of Object.entries(BASE_FILES)) {
    const body = Buffer.from(text)
    writer.counts.files++
    writer.counts.contentBytes += body.length
    writer.entry({ name, size: body.length, mode: name === 'etc/shadow' ? 0o640 : 0o644 }, body)
  }
}

/**
 * @param {string} path where to write the layer tar
 * @param {{files: number, layers: number, seed: number}} scenario
 * @param {Float64Array} sizes every file's size, by global index
 * @param {number} layer
 * @param {Buffer} pool
 */
export function writeLayer(path, scenario, sizes, layer, pool) {
  const writer = new LayerTarWriter(path, layer, pool)
  const rng = createRng(scenario.seed * 1000 + layer)
  const bounds = layerBoundaries(scenario.files, scenario.layers)
  if (layer === 0) writeBusyboxBase(writer)

  const { deleted, rewritten } = laterLayerChanges(bounds, layer)
  const ownerLayer = (index) => bounds.findIndex((start, i) => index >= start && index < bounds[i + 1])
  for (const index of deleted) {
    const location = fileLocation(index, ownerLayer(index))
    writer.whiteout(location.dir, location.base)
  }
  if (layer === 5) {
    const location = fileLocation(bounds[1], 1)
    writer.whiteout(location.top, location.packageDir.slice(location.top.length + 1))
  }
  if (layer === scenario.layers - 1 && layer > 0) writer.whiteout('usr/bin', 'wget')
  for (const index of rewritten) {
    const location = fileLocation(index, ownerLayer(index))
    writer.dir(location.dir)
    writer.pooledFile(`${location.dir}/${location.base}`, sizes[index], rng)
  }

  for (let index = bounds[layer]; index < bounds[layer + 1]; index++) {
    const location = fileLocation(index, layer)
    writer.dir(location.dir)
    writer.pooledFile(`${location.dir}/${location.base}`, sizes[index], rng, index % 8 === 0 ? 0o755 : 0o644)
  }
  return writer.close()
}
