// The reader (and the bundled CLI) in child processes: compression bombs must end in bounded
// memory and time, and hostile names must not make the reader write anything anywhere.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { buildTar, entry, tar } from '../../__fixtures__/tar.js'
import { writeBomb } from '../../__fixtures__/bomb.js'
import { PEAK_MEMORY_PRELOAD, readInChild, runNode } from './support/child.js'

const GIB = 2 ** 30
/** Peak resident memory allowed while reading a 4 GiB bomb: an eighth of it, Node itself included. */
const PEAK_LIMIT_KIB = 512 * 1024
const TIMEOUT_MS = 60_000

let dir: string
let cwd: string
const bomb = (name: string) => path.join(dir, name)

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'ipg-hostile-'))
  cwd = path.join(dir, 'cwd')
  mkdirSync(cwd)
  // Built on disk, streaming: a few MB (gzip) or ~130 KB (zstd) each, 4 GiB of zeros inside.
  await writeBomb(bomb('gzip-layer.tar'), { zeroBytes: 4 * GIB, compressed: 'layer', codec: 'gzip' })
  await writeBomb(bomb('zstd-layer.tar'), { zeroBytes: 4 * GIB, compressed: 'layer', codec: 'zstd' })
  await writeBomb(bomb('zstd-archive.tar.zst'), { zeroBytes: 4 * GIB, compressed: 'archive', codec: 'zstd' })
})

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('compression bombs, read in a child process', () => {
  it('a zstd layer expanding 30,000:1 stops at the ratio limit, naming it', async () => {
    const result = await readInChild(bomb('zstd-layer.tar'), {}, { cwd, timeoutMs: TIMEOUT_MS })
    expect(result.outcome).toBe('error')
    expect(result.errorName).toBe('LimitError')
    expect(result.message).toMatch(
      /^layer blobs\/sha256\/[0-9a-f]{64} expands more than 1000:1 .*\(limit --max-compression-ratio\)$/
    )
    expect(result.peakKiB).toBeLessThan(PEAK_LIMIT_KIB)
  })

  it('a gzip layer holding a 4 GiB file of zeros reads in bounded memory', async () => {
    // Concatenated gzip members stay just under 1000:1, so the default ratio limit lets this through:
    // what must hold is that the file streams past and is never held.
    const result = await readInChild(bomb('gzip-layer.tar'), {}, { cwd, timeoutMs: TIMEOUT_MS })
    expect(result.outcome).toBe('image')
    expect(result.largestFile).toBe(4 * GIB)
    expect(result.peakKiB).toBeLessThan(PEAK_LIMIT_KIB)
  })

  it('a zstd-compressed archive expanding to 4 GiB stops at the ratio limit, in bounded memory', async () => {
    const result = await readInChild(bomb('zstd-archive.tar.zst'), {}, { cwd, timeoutMs: TIMEOUT_MS })
    expect(result.errorName).toBe('LimitError')
    expect(result.message).toMatch(
      /the zstd-compressed archive expands more than 1000:1 .*\(limit --max-compression-ratio\)$/
    )
    expect(result.peakKiB).toBeLessThan(PEAK_LIMIT_KIB)
  })

  it('a limit hit while the reader waits for a decompressor ends the read, without hanging', async () => {
    for (const limits of [
      { maxCompressionRatio: 100, ratioCheckAfterBytes: 64 * 2 ** 20 },
      { maxLayerBytes: 256 * 2 ** 20 }
    ]) {
      const result = await readInChild(bomb('gzip-layer.tar'), { limits }, { cwd, timeoutMs: TIMEOUT_MS })
      expect(result.errorName).toBe('LimitError')
      expect(result.message).toMatch(/\(limit --max-(compression-ratio|layer-bytes)\)$/)
    }
  })
})

describe('hostile names write nothing', () => {
  it('entries aimed at the host land inside the image, and no file appears anywhere', async () => {
    const marker = `ipg-escape-${randomBytes(6).toString('hex')}`
    const hostTmp = tmpdir()
    const escapes = [
      `../../../../../../../../..${hostTmp}/${marker}-relative`,
      `${hostTmp}/${marker}-absolute`,
      `up/${marker}-through-symlink`
    ]
    const layer = tar(
      entry({ name: 'up', typeflag: '2', linkname: `../../../../../../..${hostTmp}` }),
      ...escapes.map((name) => entry({ name }, 'pwned')),
      entry({ name: `${marker}-hardlink`, typeflag: '1', linkname: escapes[1] })
    )
    const config = JSON.stringify({
      os: 'linux',
      architecture: 'amd64',
      rootfs: { type: 'layers', diff_ids: ['sha256:' + '0'.repeat(64)] }
    })
    const archive = await buildTar([
      { name: `../../../../../..${hostTmp}/${marker}-outer-layer.tar`, content: layer },
      { name: `${hostTmp}/${marker}-outer-config.json`, content: config },
      {
        name: 'manifest.json',
        content: JSON.stringify([
          {
            Config: `${hostTmp}/${marker}-outer-config.json`,
            Layers: [`${hostTmp}/${marker}-outer-layer.tar`]
          }
        ])
      }
    ])
    writeFileSync(path.join(dir, 'names.tar'), archive)
    const home = path.join(cwd, 'home')
    const childTmp = path.join(cwd, 'tmp')
    mkdirSync(home)
    mkdirSync(childTmp)
    const result = await readInChild(
      path.join(dir, 'names.tar'),
      {},
      { cwd, env: { HOME: home, TMPDIR: childTmp }, timeoutMs: TIMEOUT_MS }
    )
    expect(result.outcome).toBe('image')
    expect(result.entries).toBeGreaterThanOrEqual(escapes.length)
    expect(readdirSync(cwd).sort()).toEqual(['home', 'tmp'])
    expect(readdirSync(home)).toEqual([])
    expect(readdirSync(childTmp)).toEqual([])
    expect(readdirSync(hostTmp).filter((name) => name.startsWith(marker))).toEqual([])
  })
})

const cliPath = path.resolve(import.meta.dirname, '../../dist/cli.js')
const cliPresent = existsSync(cliPath)
if (!cliPresent) {
  if (process.env.CI === 'true') throw new Error(`CI=true but the bundled CLI is missing at ${cliPath}`)
  console.warn(`SKIPPED the CLI bomb tests: ${cliPath} is not built (npm run package)`)
}
const describeCli = cliPresent ? describe : describe.skip

describeCli('the bundled CLI on compression bombs', () => {
  async function check(archive: string) {
    const peakFile = path.join(dir, `peak-${path.basename(archive)}`)
    const run = await runNode(['--import', PEAK_MEMORY_PRELOAD, cliPath, 'check', '--archive', archive], {
      cwd,
      env: { HOSTILE_PEAK_FILE: peakFile, HOME: cwd },
      timeoutMs: TIMEOUT_MS
    })
    const peaks = readFileSync(peakFile, 'utf8').trim().split('\n').map(Number)
    return { ...run, peakKiB: Math.max(...peaks) }
  }

  it('exits 2 with one line naming the ratio limit on a zstd bomb, in bounded memory', async () => {
    const run = await check(bomb('zstd-layer.tar'))
    expect(run.timedOut).toBe(false)
    expect(run.code).toBe(2)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).toMatch(/--max-compression-ratio/)
    expect(run.peakKiB).toBeLessThan(PEAK_LIMIT_KIB)
  })

  it('gives a verdict on a gzip layer of 4 GiB of zeros, in bounded memory', async () => {
    const run = await check(bomb('gzip-layer.tar'))
    expect(run.timedOut).toBe(false)
    expect([0, 1]).toContain(run.code)
    expect(run.peakKiB).toBeLessThan(PEAK_LIMIT_KIB)
  })
})
