// A zstd stream may hold several frames (RFC 8878 §3.1): pzstd writes them, and zstd:chunked layers
// (podman, buildah) put each file in its own frame. Node 24's zstd stream decoder stops after the
// first frame of a write (nodejs/node#64741) — the reader then sees a short tar that ends on an
// entry boundary and silently drops the rest of the layer: /bin/sh vanishes and no-shell passes.
// The reader writes zstd input to the decoder frame by frame (src/image/zstd-frames.ts), so every
// frame is decoded.
import { describe, expect, it } from '@jest/globals'
import zlib from 'node:zlib'
import { dockerOciArchive, rawImage } from '../../__fixtures__/archive.js'
import { readBytes } from './support/outcome.js'
import { END, entry } from '../../__fixtures__/tar.js'

const parts = [
  entry({ name: 'etc/os-release' }, 'ID=x\n'),
  entry({ name: 'bin/sh', mode: 0o755 }, '#!/bin/busybox\n'),
  END
]
const layerTar = Buffer.concat(parts)
const framePerEntry = Buffer.concat(parts.map((part) => zlib.zstdCompressSync(part)))

describe('zstd streams of several frames', () => {
  it('a layer with one frame per entry keeps every entry', async () => {
    const image = rawImage({ layers: [layerTar] })
    image.layerBlobs = [framePerEntry]
    const read = await readBytes(await dockerOciArchive([image]))
    expect(read.fs.lstat('/bin/sh')?.inode.type).toBe('file')
  })

  it('a whole archive compressed as several frames keeps every entry', async () => {
    const archive = await dockerOciArchive([rawImage({ layers: [layerTar] })])
    const half = Math.floor(archive.length / 1024) * 512
    const frames = Buffer.concat([
      zlib.zstdCompressSync(archive.subarray(0, half)),
      zlib.zstdCompressSync(archive.subarray(half))
    ])
    const read = await readBytes(frames)
    expect(read.fs.lstat('/bin/sh')?.inode.type).toBe('file')
  })
})
