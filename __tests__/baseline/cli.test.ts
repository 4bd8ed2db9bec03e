// --baseline through the CLI on built archives and the real fixtures: a report or an image as the
// baseline, violations marked new or existing, --new-only failing on the new ones only, growth limits,
// the image diff, and SARIF's baselineState accepted by Microsoft's validator with GitHub's rules.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runCli } from '../../src/cli/run.js'
import type { JsonReport } from '../../src/report/json.js'
import { recordingIo } from '../../__fixtures__/io.js'
import { buildImage, dockerOciArchive } from '../../__fixtures__/archive.js'
import type { TarItem } from '../../__fixtures__/tar.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'
import { describeWithSarifValidator, validateSarif } from '../helpers/sarif-validator.js'

let dir: string

async function run(argv: string[]) {
  const io = recordingIo(dir, {})
  const code = await runCli(argv, io)
  return { code, out: io.out(), err: io.err() }
}

const ELF = Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(120)])
const exe = (name: string, content: Buffer = ELF): TarItem => ({ name, content, mode: 0o755 })

const baseLayer: TarItem[] = [
  { name: 'sbin/', type: 'directory' },
  exe('sbin/apk'),
  { name: 'etc/', type: 'directory' },
  {
    name: 'etc/passwd',
    content: 'root:x:0:0:root:/root:/sbin/nologin\napp:x:1000:1000::/home/app:/sbin/nologin\n'
  }
]
const appLayer: TarItem[] = [
  { name: 'srv/', type: 'directory' },
  { name: 'srv/app.js', content: 'x'.repeat(4000) }
]
const shellLayer: TarItem[] = [
  { name: 'bin/', type: 'directory' },
  exe('bin/bash', Buffer.concat([ELF, Buffer.alloc(30_000)]))
]

async function archive(name: string, layers: TarItem[][]): Promise<string> {
  const image = await buildImage({
    layers,
    config: { User: 'app' },
    tags: [`${name}:latest`],
    history: layers.map((_, i) => ({ created_by: `/bin/sh -c #(nop) COPY layer ${i} in /` }))
  })
  const file = path.join(dir, `${name}.tar`)
  await writeFile(file, await dockerOciArchive([image]))
  return file
}

const policy = `rules:
  no-shell: true
  no-package-manager: true
  non-root-user: true
  size: { max: 1MB, maxGrowth: 10%, maxLayersAdded: 1 }
`

let base: string
let pr: string
let baseReport: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ipg-baseline-'))
  await writeFile(path.join(dir, 'policy.yml'), policy)
  base = await archive('base', [baseLayer, appLayer])
  // The pull request adds one shell on top of a base that already had a package manager.
  pr = await archive('pr', [baseLayer, appLayer, shellLayer])
  const made = await run([
    'check',
    '--archive',
    base,
    '--policy',
    'policy.yml',
    '--format',
    'json',
    '--output',
    'base.json'
  ])
  if (made.code !== 1) throw new Error(`the baseline report was not made: ${made.err}`)
  baseReport = path.join(dir, 'base.json')
})

describe('a baseline report', () => {
  it('marks every violation, and --new-only fails only on the added shell', async () => {
    const withAll = await run([
      'check',
      '--archive',
      pr,
      '--policy',
      'policy.yml',
      '--baseline',
      'base.json',
      '--format',
      'json'
    ])
    const report = JSON.parse(withAll.out) as JsonReport
    const marks = report.violations.map((v) => [v.rule, v.path ?? v.subject, v.baseline])
    expect(marks).toEqual(
      expect.arrayContaining([
        ['no-shell', '/bin/bash', 'new'],
        ['no-package-manager', '/sbin/apk', 'existing']
      ])
    )
    // Without --new-only the package manager still fails the gate.
    expect(withAll.code).toBe(1)

    const newOnly = await run([
      'check',
      '--archive',
      pr,
      '--policy',
      'policy.yml',
      '--baseline',
      'base.json',
      '--new-only',
      '--format',
      'json'
    ])
    const gated = JSON.parse(newOnly.out) as JsonReport
    expect(newOnly.code).toBe(1)
    const counting = gated.violations.filter((v) => v.baseline === 'new')
    expect(counting.map((v) => v.rule).sort()).toEqual(['no-shell', 'size'])
    expect(counting.find((v) => v.rule === 'size')?.subject).toBe('maxGrowth')
    expect(gated.summary.baseline).toMatchObject({
      kind: 'report',
      given: 'base.json',
      newOnly: true,
      new: 2,
      existing: 1,
      fixed: [],
      layers: { before: 2, after: 3, delta: 1 }
    })
    expect(gated.summary.baseline?.size.delta).toBeGreaterThan(30_000)
  })

  it('passes with --new-only when nothing new came (the base checked against itself)', async () => {
    const result = await run([
      'check',
      '--archive',
      base,
      '--policy',
      'policy.yml',
      '--baseline',
      'base.json',
      '--new-only'
    ])
    expect(result.code).toBe(0)
    expect(result.out).toMatch(/\[existing\] .*apk/)
    expect(result.out).toContain('violations  0 new, 1 existing, 0 fixed (only new ones count: --new-only)')
    expect(result.out).toMatch(/^PASS: .*\(failing on a new error or worse\)$/m)
  })

  it('lists what the image no longer has as fixed', async () => {
    const clean = await archive('clean', [appLayer])
    const result = await run([
      'check',
      '--archive',
      clean,
      '--policy',
      'policy.yml',
      '--baseline',
      baseReport,
      '--format',
      'json'
    ])
    const report = JSON.parse(result.out) as JsonReport
    expect(report.summary.baseline?.fixed).toEqual([
      expect.objectContaining({ rule: 'no-package-manager', path: '/sbin/apk' })
    ])
    // Without /etc/passwd the user no longer resolves: a new violation, not the baseline's.
    expect(report.violations.map((v) => [v.rule, v.baseline])).toEqual([['non-root-user', 'new']])
  })

  it('says in one line that growth limits were not checked without a baseline', async () => {
    const result = await run(['check', '--archive', pr, '--policy', 'policy.yml'])
    expect(result.err).toContain(
      'warning: size.maxGrowth and size.maxLayersAdded need a baseline (--baseline or the baseline input) and were not checked'
    )
    expect(result.out).not.toContain('maxGrowth')
  })

  it.each([
    [
      ['--baseline', 'missing.json'],
      /^image-policy-gate: cannot read the baseline missing\.json \(--baseline/
    ],
    [['--new-only'], /--new-only needs a baseline/],
    [
      ['--baseline', 'bad.json'],
      /^image-policy-gate: the baseline bad\.json is not a JSON report of image-policy-gate: violations\[0\]\.severity is not a string$/m
    ]
  ])('fails in one line, exit 2, before reading the image: %j', async (flags, pattern) => {
    await writeFile(
      path.join(dir, 'bad.json'),
      JSON.stringify({
        image: { reference: 'x', platform: 'linux/amd64', size: 1, compressedSize: 1, layers: 1 },
        violations: [{}]
      })
    )
    const result = await run(['check', '--archive', 'nothing-here.tar', ...flags])
    expect(result.code).toBe(2)
    expect(result.err.trimEnd().split('\n')).toHaveLength(1)
    expect(result.err).toMatch(pattern)
  })
})

describe('a baseline image', () => {
  it('gives the diff: layers, files, the new shell, the base unchanged', async () => {
    const result = await run([
      'check',
      '--archive',
      pr,
      '--policy',
      'policy.yml',
      '--baseline',
      base,
      '--new-only',
      '--format',
      'json'
    ])
    const report = JSON.parse(result.out) as JsonReport
    expect(result.code).toBe(1)
    const diff = report.summary.baseline?.diff
    expect(diff?.sharedLayers).toBe(2)
    expect(diff?.baseChanged).toBe(false)
    expect(diff?.newShells.items).toEqual(['/bin/bash'])
    expect(diff?.newPackageManagers.total).toBe(0)
    expect(diff?.files.added.items).toEqual([{ path: '/bin/bash', after: ELF.length + 30_000 }])
    expect(diff?.layers.filter((l) => l.match !== 'same')).toEqual([
      expect.objectContaining({ index: 2, match: 'added', after: expect.any(Number) })
    ])
    expect(
      report.violations
        .filter((v) => v.baseline === 'new')
        .map((v) => v.rule)
        .sort()
    ).toEqual(['no-shell', 'size'])

    const text = await run(['check', '--archive', pr, '--policy', 'policy.yml', '--baseline', base])
    expect(text.out).toMatch(/new shell +\/bin\/bash/)
    expect(text.out).toMatch(/added +layer 2: \+/)
    expect(text.out).toMatch(/then +█+/)
  })
})

describeWithFixtures('the real fixtures: alpine 3.20 as the base of app:alpine', () => {
  it('finds alpine’s shell and package manager existing, the root user fixed, the app layer added', async () => {
    const result = await run([
      'check',
      '--archive',
      fixture('app-alpine.docker26.tar'),
      '--policy',
      'strict',
      '--baseline',
      fixture('alpine-3.20.docker26.tar'),
      '--new-only',
      '--format',
      'json'
    ])
    const report = JSON.parse(result.out) as JsonReport
    const state = (rule: string) => report.violations.filter((v) => v.rule === rule).map((v) => v.baseline)
    expect(state('no-shell')).toEqual(['existing'])
    expect(state('no-package-manager')).toEqual(['existing'])
    expect(report.summary.baseline?.fixed.map((v) => v.rule)).toContain('non-root-user')
    expect(report.summary.baseline?.diff?.sharedLayers).toBe(1)
    expect(report.summary.baseline?.diff?.files.added.items[0]).toMatchObject({ path: '/srv/hello' })
  })
})

describeWithSarifValidator('SARIF with a baseline', () => {
  it('writes baselineState new and unchanged, accepted with GitHub’s rules', async () => {
    await writeFile(path.join(dir, 'Dockerfile'), 'FROM scratch\nCOPY . /\n')
    const out = path.join(dir, 'baseline.sarif')
    const result = await run([
      'check',
      '--archive',
      pr,
      '--policy',
      'policy.yml',
      '--baseline',
      'base.json',
      '--format',
      'sarif',
      '--output',
      out,
      '--dockerfile',
      'Dockerfile'
    ])
    expect(result.code).toBe(1)
    const log = JSON.parse(await readFile(out, 'utf8')) as {
      runs: { results: { ruleId: string; baselineState?: string }[] }[]
    }
    const states = log.runs[0].results.map((r) => [r.ruleId, r.baselineState])
    expect(states).toEqual(
      expect.arrayContaining([
        ['no-shell', 'new'],
        ['no-package-manager', 'unchanged']
      ])
    )
    expect(await validateSarif([out])).toEqual([])
  })
})
