// The merge and the lookups rules make on its tree end in bounded time and memory on layers built to
// exhaust them, within the default limits: each hostile archive is checked (default policy, in a
// child process, as a user runs it) next to a normal archive of the same size, and must cost at most
// a few times as much CPU and memory, or stop at a limit with exit 2 naming its flag.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { dockerOciArchive, rawImage } from '../../__fixtures__/archive.js'
import { checkInChild } from './support/child.js'
import type { CheckResult } from './support/check-in-child.js'
import { entry, paxEntry } from '../../__fixtures__/tar.js'

const TIMEOUT_MS = 120_000
let dir: string
let cwd: string

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ipg-merge-bounds-'))
  cwd = path.join(dir, 'cwd')
  mkdirSync(cwd)
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A layer from entries, joined without a spread (hundreds of thousands of them). */
const layerOf = (entries: Buffer[]) => Buffer.concat([...entries, Buffer.alloc(1024)])
const directory = (name: string) => entry({ name, typeflag: '5', mode: 0o755 })
const file = (name: string, body = '') => entry({ name, mode: 0o644 }, body)
const symlink = (name: string, target: string) =>
  target.length <= 100
    ? entry({ name, typeflag: '2', linkname: target, mode: 0o777 })
    : Buffer.concat([paxEntry({ linkpath: target }), entry({ name, typeflag: '2', mode: 0o777 })])
const longPath = (name: string, body = '') =>
  Buffer.concat([paxEntry({ path: name }), entry({ name: 'ignored', mode: 0o644 }, body)])
/** Enough of an ELF BusyBox for the reader to take it for one. */
const BUSYBOX = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46]),
  Buffer.alloc(300),
  Buffer.from('BusyBox v1.36.1 \0ash\0cat\0ls\0mount\0sh\0su\0umount\0vi\0wget\0\0')
])

async function archive(name: string, layers: Buffer[]): Promise<string> {
  const file = path.join(dir, `${name}.tar`)
  writeFileSync(file, await dockerOciArchive([rawImage({ layers, compression: 'gzip' })]))
  return file
}

const check = (file: string, ...flags: string[]) =>
  checkInChild(['--archive', file, ...flags], { cwd, timeoutMs: TIMEOUT_MS })

/** Within `cpu` times the CPU and `memory` times the peak memory of the normal archive. */
function expectBounded(hostile: CheckResult, normal: CheckResult, cpu: number, memory: number): void {
  expect(hostile.cpuMs).toBeLessThan(normal.cpuMs * cpu)
  expect(hostile.peakKiB).toBeLessThan(normal.peakKiB * memory)
}

describe('hard links', () => {
  it('200,000 hard links to one BusyBox end in a verdict (was: Maximum call stack size exceeded)', async () => {
    const count = 200_000
    const links = [directory('bin/'), entry({ name: 'bin/busybox', mode: 0o755 }, BUSYBOX)]
    const files = [directory('bin/'), entry({ name: 'bin/busybox', mode: 0o755 }, BUSYBOX)]
    for (let index = 0; index < count; index++) {
      links.push(entry({ name: `bin/l${index}`, typeflag: '1', linkname: 'bin/busybox', mode: 0o755 }))
      files.push(file(`bin/l${index}`))
    }
    const hostile = await check(await archive('links', [layerOf(links)]), '--format', 'json')
    const normal = await check(await archive('files', [layerOf(files)]), '--format', 'json')
    expect([hostile.code, hostile.stderr]).toEqual([1, ''])
    expect(normal.code).toBe(1)
    expectBounded(hostile, normal, 6, 2)
  }, 300_000)
})

describe('symlinks', () => {
  // 39 symlinks, each a 4,000-byte target (under Linux's 4,096) that climbs in and out of a directory
  // 800 times before naming the one before it; 20,000 entries and whiteouts of one layer go through
  // the last, each into a directory of its own. Re-walking the chain for each took minutes.
  const hops = 39
  const climb = 'x/../'.repeat(798)
  function chain(): Buffer[] {
    const links = [directory('x/'), directory('d/')]
    for (let index = 1; index <= hops; index++)
      links.push(symlink(`l${index}`, `${climb}${index === 1 ? 'd' : `l${index - 1}`}`))
    return links
  }
  const through = (prefix: string, count: number) => {
    const entries: Buffer[] = []
    for (let index = 0; index < count; index++) {
      entries.push(file(`${prefix}/a${index}/f`))
      if (index % 2 === 0) entries.push(file(`${prefix}/a${index}/.wh.gone`))
    }
    return entries
  }

  it('entries and whiteouts through a chain of long symlinks cost about what plain ones do', async () => {
    const hostile = await check(
      await archive('chain', [layerOf([...chain(), ...through(`l${hops}`, 20_000)])])
    )
    const normal = await check(await archive('plain', [layerOf([...chain(), ...through('d', 20_000)])]))
    expect([hostile.code, hostile.stderr]).toEqual([0, ''])
    expect(normal.code).toBe(0)
    expectBounded(hostile, normal, 3, 1.5)
  }, 300_000)

  it('a layer that keeps the walk from reusing what it resolved stops at --max-symlink-steps', async () => {
    // Each removal of something the layer wrote makes it forget what its symlinks lead to.
    const entries = chain()
    for (let index = 0; index < 5_000; index++) entries.push(file('again'), file(`l${hops}/a${index}/f`))
    const stopped = await check(await archive('forgetful', [layerOf(entries)]))
    expect(stopped.code).toBe(2)
    expect(stopped.stderr).toMatch(
      /^image-policy-gate: resolving the image's symlinks reads more than 20000000 path components .*\(limit --max-symlink-steps\)$/
    )
    const raised = await check(await archive('forgetful-small', [layerOf(entries.slice(0, hops + 2 + 200))]))
    expect(raised.code).toBe(0)
  }, 300_000)
})

describe('deep paths', () => {
  // 8 entries 32,000 directories deep: walks spell out every ancestor's path, 1 GB each.
  const deep = (levels: number) =>
    Array.from({ length: 8 }, (_, index) => longPath(`${'a'.repeat(index + 1)}/${'a/'.repeat(levels)}f`))

  it('the directories a path implies count against --max-entries', async () => {
    const stopped = await check(await archive('implied', [layerOf(deep(1_500))]), '--max-entries', '1000')
    expect(stopped.code).toBe(2)
    expect(stopped.stderr).toMatch(
      /with the directories their paths imply, more than 1000 entries .*limit --max-entries/
    )
  }, 120_000)

  it('their paths count against --max-retained-bytes, past the path cap raised', async () => {
    const layer = layerOf(deep(31_990))
    const capped = await check(await archive('deep', [layer]))
    expect(capped.code).toBe(2)
    expect(capped.stderr).toMatch(/limit --max-path-bytes/)
    const raised = await check(await archive('deep', [layer]), '--max-path-bytes', '70000')
    expect(raised.code).toBe(2)
    expect(raised.stderr).toMatch(
      /^image-policy-gate: the directory \/a\/a\/a.* implied by a path takes the bytes kept in memory past .*limit --max-retained-bytes\)$/
    )
    const normal = await check(await archive('shallow', [layerOf(deep(10))]))
    expect(normal.code).toBe(0)
    expect(raised.peakKiB).toBeLessThan(normal.peakKiB * 12)
  }, 300_000)
})

describe('a blob named many times in manifest.json', () => {
  it('is indexed once, and its repeated merges stop at a limit (was: 4 GB and 96 s)', async () => {
    const deep = Array.from({ length: 15 }, (_, index) => String(index).padStart(250, 'd')).join('/')
    const files = Array.from({ length: 1_000 }, (_, index) => longPath(`${deep}/f${index}`, 'c'))
    const layer = layerOf(files)
    const file = path.join(dir, 'repeated.tar')
    writeFileSync(
      file,
      await dockerOciArchive([rawImage({ layers: Array.from({ length: 999 }, () => layer) })])
    )
    const repeated = await check(file)
    expect(repeated.code).toBe(2)
    expect(repeated.stderr).toMatch(
      /^image-policy-gate: the hidden file \/d.* takes the bytes kept in memory past .*limit --max-retained-bytes\)$/
    )
    const once = path.join(dir, 'once.tar')
    writeFileSync(
      once,
      await dockerOciArchive([
        rawImage({ layers: Array.from({ length: 999 }, (_, index) => (index === 0 ? layer : layerOf([]))) })
      ])
    )
    const normal = await check(once)
    expect(normal.code).toBe(0)
    // The limit is 512 MiB of kept bytes: the process stays near it, far from the 4 GB it took.
    expect(repeated.peakKiB).toBeLessThan(1024 * 1024)
  }, 300_000)
})
