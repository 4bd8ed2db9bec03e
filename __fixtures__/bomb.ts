// Writes a compression bomb to disk without ever holding it in memory: a Docker archive whose one
// layer holds a single file of zeros. The compressed data is a short head, one small piece repeated
// and a short tail, so a 4 GiB file costs a few MB (gzip) or 128 KB (zstd) and no time to make:
// - gzip: identical members, each 1 MiB of zeros (gunzip reads concatenated members as one stream);
// - zstd: one frame of RLE blocks, each 128 KiB of zeros (one frame, so no decoder quirk with
//   concatenated frames is involved).
import { createHash } from 'node:crypto'
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import zlib from 'node:zlib'
import { END, entry, header, padded } from './tar.js'

export type BombCodec = 'gzip' | 'zstd'

export interface BombOptions {
  /** Size of the file of zeros inside the layer; a multiple of 1 MiB. */
  zeroBytes: number
  /**
   * 'layer': a compressed layer in a plain archive. 'archive': a plain layer in a compressed archive
   * (`docker save | gzip`), where only the archive's compression expands.
   */
  compressed: 'layer' | 'archive'
  codec: BombCodec
}

/** Compressed form of `head + zeros + tail`, as `head' + chunk' × count + tail'`. */
interface Repeated {
  head: Buffer
  chunk: Buffer
  count: number
  tail: Buffer
}

const MIB = 2 ** 20
const ZSTD_BLOCK = 128 * 1024

function gzipRepeated(head: Buffer, zeroBytes: number, tail: Buffer): Repeated {
  const gzip = (bytes: Buffer) => zlib.gzipSync(bytes, { level: 9 })
  return { head: gzip(head), chunk: gzip(Buffer.alloc(MIB)), count: zeroBytes / MIB, tail: gzip(tail) }
}

function zstdBlockHeader(last: boolean, type: 'raw' | 'rle', size: number): Buffer {
  const value = (size << 3) | ((type === 'rle' ? 1 : 0) << 1) | (last ? 1 : 0)
  return Buffer.from([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff])
}

function zstdRepeated(head: Buffer, zeroBytes: number, tail: Buffer): Repeated {
  // Magic, frame header descriptor 0 (no content size, no checksum), window 2^17 = one block.
  const frameHeader = Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 7 << 3])
  return {
    head: Buffer.concat([frameHeader, zstdBlockHeader(false, 'raw', head.length), head]),
    chunk: Buffer.concat([zstdBlockHeader(false, 'rle', ZSTD_BLOCK), Buffer.from([0])]),
    count: zeroBytes / ZSTD_BLOCK,
    tail: Buffer.concat([zstdBlockHeader(true, 'raw', tail.length), tail])
  }
}

function compressRepeated(codec: BombCodec, head: Buffer, zeroBytes: number, tail: Buffer): Repeated {
  return codec === 'gzip' ? gzipRepeated(head, zeroBytes, tail) : zstdRepeated(head, zeroBytes, tail)
}

/** Returns the size of the file written. */
export async function writeBomb(path: string, options: BombOptions): Promise<number> {
  if (options.zeroBytes % MIB !== 0) throw new Error('zeroBytes must be a multiple of 1 MiB')
  const tarHead = header({ name: 'zeros', size: options.zeroBytes })
  const inLayer = options.compressed === 'layer'
  const layer: Repeated = inLayer
    ? compressRepeated(options.codec, tarHead, options.zeroBytes, END)
    : { head: tarHead, chunk: Buffer.alloc(MIB), count: options.zeroBytes / MIB, tail: END }
  const layerSize = layer.head.length + layer.count * layer.chunk.length + layer.tail.length
  // The blob is named by its digest only when that is cheap to compute; nothing verifies it here.
  const layerHash = createHash('sha256').update(layer.head)
  if (inLayer) for (let i = 0; i < layer.count; i++) layerHash.update(layer.chunk)
  const layerHex = layerHash.update(layer.tail).digest('hex')
  const config = Buffer.from(
    JSON.stringify({
      os: 'linux',
      architecture: 'amd64',
      config: {},
      rootfs: { type: 'layers', diff_ids: [`sha256:${'0'.repeat(64)}`] },
      history: [{ created_by: 'bomb' }]
    })
  )
  const configHex = createHash('sha256').update(config).digest('hex')
  const manifest = JSON.stringify([
    { Config: `blobs/sha256/${configHex}`, RepoTags: ['bomb:latest'], Layers: [`blobs/sha256/${layerHex}`] }
  ])
  const archivePrefix = Buffer.concat([
    header({ name: `blobs/sha256/${layerHex}`, size: layerSize }),
    layer.head
  ])
  const archiveSuffix = Buffer.concat([
    layer.tail,
    padded(Buffer.alloc(layerSize % 512)).subarray(layerSize % 512),
    entry({ name: `blobs/sha256/${configHex}` }, config),
    entry({ name: 'manifest.json' }, manifest),
    END
  ])
  const file: Repeated = inLayer
    ? { head: archivePrefix, chunk: layer.chunk, count: layer.count, tail: archiveSuffix }
    : compressRepeated(options.codec, archivePrefix, options.zeroBytes, archiveSuffix)

  const out = createWriteStream(path)
  const write = async (bytes: Buffer) => {
    if (!out.write(bytes)) await once(out, 'drain')
  }
  await write(file.head)
  for (let i = 0; i < file.count; i++) await write(file.chunk)
  await write(file.tail)
  out.end()
  await once(out, 'close')
  return out.bytesWritten
}
