// What a real archive holds, counted independently of the reader (tar-stream), to hold the reader's
// figures against.

/**
 * Sum of regular-file sizes over the layer tars of a legacy (`<id>/layer.tar`) archive, counted
 * independently of the reader: what `docker image ls` reports as the image size.
 */
export async function legacyContentSize(file: string): Promise<number> {
  const { createReadStream } = await import('node:fs')
  const { extract } = await import('tar-stream')
  let total = 0
  const outer = extract()
  outer.on('entry', (header, stream, next) => {
    if (!header.name.endsWith('/layer.tar') || header.type !== 'file') {
      stream.on('end', next)
      stream.resume()
      return
    }
    const inner = extract()
    inner.on('entry', (innerHeader, innerStream, innerNext) => {
      if (innerHeader.type === 'file' || innerHeader.type === 'contiguous-file')
        total += innerHeader.size ?? 0
      innerStream.on('end', innerNext)
      innerStream.resume()
    })
    inner.on('finish', next)
    stream.pipe(inner)
  })
  await new Promise<void>((resolve, reject) => {
    outer.on('finish', resolve)
    outer.on('error', reject)
    createReadStream(file).pipe(outer)
  })
  return total
}
