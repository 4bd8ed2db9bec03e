// Real archives from ../shared/fixtures/images for CLI and action tests: skipped visibly when absent,
// a failure under CI=true where they must exist.
import { describe } from '@jest/globals'
import { existsSync } from 'node:fs'
import path from 'node:path'

export const ARCHIVES_DIR = path.resolve(import.meta.dirname, '../../shared/fixtures/images')
const present = existsSync(ARCHIVES_DIR)
if (!present && process.env.CI === 'true')
  throw new Error(`CI=true but the image fixtures are missing at ${ARCHIVES_DIR}`)

export function archive(name: string): string {
  return path.join(ARCHIVES_DIR, name)
}

export function describeWithArchives(name: string, body: () => void): void {
  if (present) return describe(name, body)
  console.warn(`SKIPPED "${name}": needs the real image archives in ${ARCHIVES_DIR}`)
  describe.skip(name, body)
}

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
