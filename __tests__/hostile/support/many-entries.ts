// Writes, streaming, a Docker archive whose one plain layer holds `files` empty files spread over
// directories of `perDirectory` files each: the shape of an archive built to exhaust memory by count.
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { END, entry, header } from './tar-blocks.js'

export interface ManyEntriesOptions {
  files: number
  perDirectory?: number
  /** Writes a directory chain this deep instead: d/d/d/…/file (one file at the bottom). */
  depth?: number
}

const DIGEST = `sha256:${'0'.repeat(64)}`

function* layerHeaders(options: ManyEntriesOptions): Generator<Buffer> {
  if (options.depth !== undefined) {
    // ustar names stop at 255 bytes; deeper paths go through PAX headers.
    let path = ''
    for (let level = 0; level < options.depth; level++) {
      path += 'd/'
      yield paxPath(path, '5')
    }
    yield paxPath(`${path}file`, '0')
    return
  }
  const perDirectory = options.perDirectory ?? 1000
  for (let i = 0; i < options.files; i++) {
    const dir = `d${Math.floor(i / perDirectory)}`
    if (i % perDirectory === 0) yield header({ name: `${dir}/`, typeflag: '5', mode: 0o755 })
    yield header({ name: `${dir}/f${i % perDirectory}`, typeflag: '0' })
  }
}

function paxPath(path: string, typeflag: string): Buffer {
  const record = ` path=${path}\n`
  let length = record.length + 1
  while (String(length).length + record.length !== length) length++
  return Buffer.concat([
    entry({ name: 'PaxHeader', typeflag: 'x' }, `${length}${record}`),
    header({ name: 'x', typeflag })
  ])
}

function layerSize(options: ManyEntriesOptions): number {
  let size = END.length
  for (const block of layerHeaders(options)) size += block.length
  return size
}

/** Returns the size of the layer tar. */
export async function writeManyEntries(path: string, options: ManyEntriesOptions): Promise<number> {
  const size = layerSize(options)
  const config = JSON.stringify({
    os: 'linux',
    architecture: 'amd64',
    config: {},
    rootfs: { type: 'layers', diff_ids: [DIGEST] },
    history: [{ created_by: 'many entries' }]
  })
  const manifest = JSON.stringify([
    { Config: 'config.json', RepoTags: ['many:latest'], Layers: ['layer.tar'] }
  ])
  const out = createWriteStream(path, { highWaterMark: 1 << 20 })
  let batch: Buffer[] = []
  let batchBytes = 0
  const write = async (bytes: Buffer, flush = false) => {
    batch.push(bytes)
    batchBytes += bytes.length
    if (batchBytes < 1 << 20 && !flush) return
    const chunk = Buffer.concat(batch)
    batch = []
    batchBytes = 0
    if (!out.write(chunk)) await once(out, 'drain')
  }
  await write(header({ name: 'layer.tar', size }))
  for (const block of layerHeaders(options)) await write(block)
  await write(END)
  await write(entry({ name: 'config.json' }, config))
  await write(entry({ name: 'manifest.json' }, manifest))
  await write(END, true)
  out.end()
  await once(out, 'close')
  return size
}
