// Reads one tar the way Go's archive/tar does (through the lister built from lister.go) and the way
// the gate does (TarParser feeding the LayerIndexer), and says where the two readings differ.
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LayerIndexer } from '../../../src/image/layer-index.js'
import { DEFAULT_LIMITS } from '../../../src/image/limits.js'
import { type BodySink, KEPT_XATTRS, type TarEntryHeader, TarParser } from '../../../src/image/tar-parser.js'
import { encodeTarText } from '../../../src/image/tar-text.js'

export interface GoEntry {
  name: string
  linkname: string
  typeflag: number
  size: string
  perm: number
  uid: string
  gid: string
  xattrs: Record<string, string>
  sparse: boolean
  body: string
}

export interface GoListing {
  entries: GoEntry[]
  error?: string
}

/** Builds the lister once (standard library only: no modules, no network) into a temporary directory. */
export function buildLister(): { lister: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'ipg-go-tar-'))
  const source = join(dirname(fileURLToPath(import.meta.url)), 'lister.go')
  const lister = join(dir, 'lister')
  const env = {
    PATH: process.env.PATH ?? '',
    HOME: join(dir, 'home'),
    GOCACHE: join(dir, 'cache'),
    GOPATH: join(dir, 'gopath'),
    GO111MODULE: 'off',
    GOPROXY: 'off',
    GOFLAGS: '',
    CGO_ENABLED: '0'
  }
  const built = spawnSync('go', ['build', '-o', lister, source], { env, encoding: 'utf8' })
  if (built.status !== 0) throw new Error(`go build failed: ${built.stderr}`)
  return { lister, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Go's reading of each archive, in one run of the lister. */
export function goListings(lister: string, archives: Buffer[]): GoListing[] {
  const dir = mkdtempSync(join(tmpdir(), 'ipg-go-tar-in-'))
  try {
    const files = archives.map((archive, index) => {
      const file = join(dir, `${index}.tar`)
      writeFileSync(file, archive)
      return file
    })
    const run = spawnSync(lister, files, { encoding: 'utf8', maxBuffer: 1 << 30 })
    if (run.status !== 0) throw new Error(`lister failed: ${run.stderr}`)
    const lines = run.stdout.trim().split('\n')
    if (lines.length !== archives.length) throw new Error(`lister printed ${lines.length} lines`)
    return lines.map((line) => JSON.parse(line) as GoListing)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

export interface OurEntry {
  header: TarEntryHeader
  /** sha256 of the body, once it has gone by whole. */
  body?: string
}

export interface OurReading {
  entries: OurEntry[]
  error?: Error
  /** Index of the entry the LayerIndexer refused (its header is in `entries`), if it was one. */
  refusedEntry?: number
}

/** The gate's reading, pushed in chunks of `chunk` bytes (headers and bodies split at odd places). */
export function ourReading(archive: Buffer, chunk: number): OurReading {
  const reading: OurReading = { entries: [] }
  const indexer = new LayerIndexer(() => 0, DEFAULT_LIMITS, { entries: 0 })
  const parser = new TarParser(
    {
      entry(header): BodySink {
        const entry: OurEntry = { header: { ...header } }
        reading.entries.push(entry)
        let inner: BodySink | undefined
        try {
          inner = indexer.entry(header)
        } catch (error) {
          reading.refusedEntry = reading.entries.length - 1
          throw error
        }
        const hash = createHash('sha256')
        return {
          write(bytes) {
            hash.update(bytes)
            inner?.write(bytes)
          },
          end() {
            entry.body = hash.digest('hex')
            inner?.end()
          }
        }
      }
    },
    { maxMetaBytes: DEFAULT_LIMITS.maxTarMetaBytes }
  )
  try {
    for (let offset = 0; offset < archive.length && !parser.ended; offset += chunk)
      parser.push(archive.subarray(offset, offset + chunk))
    parser.end()
  } catch (error) {
    reading.error = error as Error
  }
  return reading
}

/** Reasons the gate refuses an entry Go reads, each with the message it must give. */
function refusals(entry: GoEntry): RegExp[] {
  const reasons: RegExp[] = []
  const flag = String.fromCharCode(entry.typeflag)
  if (entry.sparse) reasons.push(/GNU sparse file/)
  if (!'0123456'.includes(flag)) reasons.push(/unsupported tar type/)
  for (const id of [entry.uid, entry.gid])
    if (BigInt(id) < 0n || BigInt(id) > 0xfffffffen) reasons.push(/a Linux owner is/)
  // Necessary for a path or link over its cap (4096 bytes; a component 255).
  if (entry.name.length > 2 * 255 || entry.linkname.length > 2 * 255)
    reasons.push(/--max-path-bytes|--max-path-component-bytes|--max-link-target-bytes/)
  return reasons
}

/** Where our reading of one archive differs from Go's, or undefined when it agrees. */
export function difference(go: GoListing, ours: OurReading): string | undefined {
  const goEntries = go.entries.filter((entry) => entry.typeflag !== 'g'.charCodeAt(0))
  if (ours.entries.length > goEntries.length)
    return `we read ${ours.entries.length} entries, Go ${goEntries.length} (${go.error ?? 'no error'})`
  for (const [index, mine] of ours.entries.entries()) {
    const problem = entryDifference(goEntries[index], mine)
    if (problem) return `entry ${index}: ${problem}`
  }
  if (go.error !== undefined) {
    return ours.error ? undefined : `Go fails (${go.error}) and we read ${ours.entries.length} entries`
  }
  if (!ours.error) {
    return ours.entries.length === goEntries.length
      ? undefined
      : `we read ${ours.entries.length} entries, Go ${goEntries.length}`
  }
  // Go reads the whole archive and we refuse it: only for the reasons the README gives.
  const at = ours.refusedEntry ?? ours.entries.length
  const entry = goEntries[at]
  if (!entry) return `we fail after Go's last entry: ${ours.error.message}`
  const reasons = refusals(entry)
  if (reasons.some((reason) => reason.test(ours.error?.message ?? ''))) return undefined
  return `we refuse entry ${at} that Go reads (${JSON.stringify(entry)}): ${ours.error.message}`
}

function entryDifference(go: GoEntry, mine: OurEntry): string | undefined {
  const { header } = mine
  const fields: [string, unknown, unknown][] = [
    ['name', encodeTarText(header.name).toString('hex'), go.name],
    ['linkname', encodeTarText(header.linkname).toString('hex'), go.linkname],
    ['typeflag', header.typeflag.charCodeAt(0), go.typeflag],
    ['perm', header.mode & 0o7777, go.perm],
    ['uid', idText(header.uid, go.uid), go.uid],
    ['gid', idText(header.gid, go.gid), go.gid]
  ]
  if (header.typeflag === '0') {
    fields.push(['size', String(header.size), go.size])
    if (mine.body !== undefined) fields.push(['body', mine.body, go.body])
  }
  const kept = Object.fromEntries(
    Object.entries(go.xattrs).filter(([key]) => KEPT_XATTRS.has(Buffer.from(key, 'hex').toString('latin1')))
  )
  const ourXattrs = Object.fromEntries(
    [...(header.xattrs ?? new Map<string, Buffer>())].map(([key, value]) => [
      encodeTarText(key).toString('hex'),
      value.toString('hex')
    ])
  )
  fields.push(['xattrs', JSON.stringify(ourXattrs), JSON.stringify(kept)])
  for (const [field, ourValue, goValue] of fields) {
    if (ourValue !== goValue)
      return `${field}: ours ${JSON.stringify(ourValue)}, Go ${JSON.stringify(goValue)}`
  }
  return undefined
}

/** Our id as Go prints it; NaN (no safe integer) stands for Go's value when that is out of the safe range. */
function idText(id: number, goId: string): string {
  if (Number.isNaN(id)) {
    const value = BigInt(goId)
    return value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER) ? goId : 'NaN'
  }
  return String(id)
}
