// The CLI contract through runCli(argv, io): exit codes, one-line errors, formats, on real archives.
import { describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { runCli } from '../../src/cli/run.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'
import { recordingIo } from '../../__fixtures__/io.js'
import type { JsonReport } from '../../src/report/json.js'
import type { InspectReport } from '../../src/report/inspect.js'

const repoRoot = path.resolve(import.meta.dirname, '../..')

async function run(argv: string[], env: Record<string, string | undefined> = {}, cwd = repoRoot) {
  const io = recordingIo(cwd, env)
  const code = await runCli(argv, io)
  return { code, out: io.out(), err: io.err() }
}

function expectOneLineError(result: { code: number; err: string }, pattern: RegExp) {
  expect(result.code).toBe(2)
  expect(result.err.trimEnd().split('\n')).toHaveLength(1)
  expect(result.err).toMatch(pattern)
  expect(result.err).not.toMatch(/\n\s+at /)
}

describe('usage', () => {
  it('prints the version from package.json', async () => {
    const pkg = JSON.parse(await readFile(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }
    expect(await run(['--version'])).toEqual({ code: 0, out: `${pkg.version}\n`, err: '' })
  })

  it('prints help and exits 0', async () => {
    const result = await run(['--help'])
    expect(result.code).toBe(0)
    expect(result.out).toContain('check --archive FILE|DIR|-')
    expect((await run(['check', '--help'])).out).toContain('inspect --archive')
  })

  it.each([
    [[], /missing command/],
    [['scan'], /unknown command "scan"/],
    [
      ['check', '--archive', 'x.tar', '--colour'],
      /^image-policy-gate: Unknown option '--colour'; try --help$/m
    ],
    [['check', '--archive', 'x.tar', 'extra'], /Unexpected argument 'extra'/],
    [['check', '--archive'], /argument missing/],
    [
      ['check', '--archive', 'x.tar', '--format', 'xml'],
      /--format must be one of text, json, sarif \(got "xml"\)/
    ],
    [
      ['check', '--archive', 'x.tar', '--fail-on', 'critical'],
      /--fail-on must be one of error, warning, notice, never/
    ],
    [['inspect', '--archive', 'x.tar', '--format', 'sarif'], /--format must be one of text, json/],
    [['check'], /give --archive FILE/]
  ])('%j is a usage error: exit 2, one line', async (argv, pattern) => {
    expectOneLineError(await run(argv), pattern)
  })

  it('refuses a --platform that is not os/architecture[/variant] before reading anything', async () => {
    expectOneLineError(
      await run(['check', '--archive', 'no-such.tar', '--platform', 'arm64']),
      /--platform "arm64" is not os\/architecture\[\/variant\]/
    )
  })

  it('--platform that the archive does not hold: exit 2, naming the platform it holds', async () => {
    for (const command of ['check', 'inspect']) {
      const result = await run([
        command,
        '--archive',
        'examples/app-alpine.tar.gz',
        '--platform',
        'linux/arm64'
      ])
      expectOneLineError(
        result,
        /no image for platform linux\/arm64 in the archive; it holds .*\(linux\/amd64\)\n$/
      )
    }
  })

  it.each([
    [
      ['check', '--archive', 'x.tar', '--polcy', 'strict'],
      /^image-policy-gate: Unknown option '--polcy' \(did you mean "--policy"\?\); try --help\n$/
    ],
    [
      ['inspect', '--archive', 'x.tar', '--fromat', 'json'],
      /Unknown option '--fromat' \(did you mean "--format"\?\)/
    ],
    [['check', '--archive', 'x.tar', '--zzz'], /^image-policy-gate: Unknown option '--zzz'; try --help\n$/]
  ])('%j: an unknown flag names the one meant', async (argv, pattern) => {
    expectOneLineError(await run(argv), pattern)
  })

  it('a missing --dockerfile or --policy, or an unwritable --output, is a sentence, not ENOENT', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ipg-cli-'))
    const example = 'examples/app-alpine.tar.gz'
    for (const [argv, expected] of [
      [
        ['--dockerfile', 'no/Dockerfile'],
        /cannot read the Dockerfile .*no\/Dockerfile: no such file or directory$/m
      ],
      [['--dockerfile', dir], /cannot read the Dockerfile .*: it is a directory$/m],
      [
        ['--output', path.join(dir, 'missing', 'r.json')],
        /cannot write the report to .*r\.json: its directory does not exist$/m
      ],
      [['--output', dir], /cannot write the report to .*: it is a directory$/m],
      [
        ['--policy', 'stric'],
        /^image-policy-gate: cannot read policy .*stric: no such file or directory, .*did you mean the bundled "strict"/
      ]
    ] as [string[], RegExp][]) {
      const result = await run(['check', '--archive', example, ...argv])
      expectOneLineError(result, expected)
      expect(result.err).not.toMatch(/ENOENT|EISDIR|:1:1:/)
    }
  })

  it.each([
    ['a text file', 'hello\n', /x: is not a tar archive \(6 bytes of text\)/],
    [
      'a PNG image',
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 13, 10, 26, 10]), Buffer.alloc(600, 1)]),
      /x: is not a tar archive \(a PNG image\)/
    ],
    ['an empty file', '', /x: is empty: expected an archive from docker save/],
    [
      'gzip-compressed text',
      zlib.gzipSync('hello\n'),
      /x: its gzip-decompressed content is not a tar archive \(6 bytes of text\)/
    ]
  ])('%s is not an archive, and says so', async (_name, content, expected) => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ipg-cli-'))
    await writeFile(path.join(dir, 'x'), content)
    for (const command of ['check', 'inspect'])
      expectOneLineError(await run([command, '--archive', path.join(dir, 'x')]), expected)
  })

  it('a directory that is not an OCI layout, given as the archive, says so', async () => {
    expectOneLineError(
      await run(['check', '--archive', tmpdir()]),
      /a directory, but not an OCI image layout \(no oci-layout file\)/
    )
  })

  it('--source goes with --image only, and takes auto, daemon or registry', async () => {
    expectOneLineError(
      await run(['check', '--archive', 'x.tar', '--source', 'registry']),
      /does not go with --archive/
    )
    expectOneLineError(
      await run(['check', '--image', 'a', '--source', 'hub']),
      /--source must be one of auto, daemon, registry/
    )
    expectOneLineError(
      await run(['check', '--image', 'UPPER/x', '--source', 'registry']),
      /is not an image reference/
    )
  })

  it('reports a missing archive in one line', async () => {
    expectOneLineError(await run(['check', '--archive', 'no-such.tar']), /no-such\.tar/)
  })
})

describeWithFixtures('check on real archives', () => {
  it('fails an Alpine app under the default policy: shell and package manager (exit 1)', async () => {
    const result = await run(['check', '--archive', fixture('app-alpine.docker26.tar'), '--format', 'json'])
    expect(result.code).toBe(1)
    const report = JSON.parse(result.out) as JsonReport
    expect(report.summary.result).toBe('fail')
    const rules = new Set(report.violations.map((v) => v.rule))
    expect(rules).toEqual(new Set(['no-shell', 'no-package-manager', 'distroless']))
    const shell = report.violations.find((v) => v.rule === 'no-shell')
    expect(shell).toMatchObject({ severity: 'error', path: '/bin/busybox', layer: 0 })
    expect(report.image).toMatchObject({ layers: 3, user: 'app', platform: 'linux/amd64' })
  })

  it('passes a distroless app (exit 0) and prints text without colour when not a TTY', async () => {
    const result = await run(['check', '--archive', fixture('app-distroless.containerd.tar')])
    expect(result.code).toBe(0)
    expect(result.out).toMatch(/PASS: 0 errors, 0 warnings, 0 notices/)
    expect(result.out).not.toContain('\x1b[')
  })

  it('--fail-on never turns a failing image into exit 0', async () => {
    const result = await run([
      'check',
      '--archive',
      fixture('busybox-musl.docker20.tar'),
      '--fail-on',
      'never'
    ])
    expect(result.code).toBe(0)
    expect(result.out).toContain('no-shell')
  })

  it('uses a custom policy and maps SARIF results to the policy lines', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ipg-cli-'))
    await writeFile(
      path.join(dir, 'policy.yml'),
      'version: 1\nrules:\n  no-shell: warning\n  non-root-user: true\n'
    )
    const result = await run(
      [
        'check',
        '--archive',
        fixture('busybox-musl.docker20.tar'),
        '--policy',
        'policy.yml',
        '--format',
        'sarif',
        '--output',
        'out.sarif',
        '--fail-on',
        'warning'
      ],
      {},
      dir
    )
    expect(result.err).toBe('')
    expect(result.code).toBe(1)
    const sarif = JSON.parse(await readFile(path.join(dir, 'out.sarif'), 'utf8')) as {
      runs: { results: unknown }[]
    }
    const results = sarif.runs[0].results as {
      ruleId: string
      level: string
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[]
    }[]
    const shell = results.find((r) => r.ruleId === 'no-shell')
    expect(shell?.level).toBe('warning')
    expect(shell?.locations[0].physicalLocation).toMatchObject({
      artifactLocation: { uri: 'policy.yml' },
      region: { startLine: 3 }
    })
    const root = results.find((r) => r.ruleId === 'non-root-user')
    expect(root?.locations[0].physicalLocation.region.startLine).toBe(4)
  })

  it('places violations on the Dockerfile line with --dockerfile', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ipg-cli-'))
    await writeFile(
      path.join(dir, 'Dockerfile'),
      'FROM alpine-base\nRUN addgroup -S app && adduser -S -G app app && mkdir -p /srv && echo "console.log(1)" > /srv/index.js\nCOPY hello /srv/hello\nUSER app\nWORKDIR /srv\nCMD ["/srv/hello"]\n'
    )
    const result = await run(
      ['check', '--archive', fixture('app-alpine.docker20.tar'), '--dockerfile', 'Dockerfile'],
      {},
      dir
    )
    expect(result.code).toBe(1)
    expect(result.out).toContain('at Dockerfile:1  FROM alpine-base')
  })

  it('reports a policy error in one line with exit 2', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ipg-cli-'))
    await writeFile(path.join(dir, 'bad.yml'), 'version: 1\nrules:\n  no-shel: true\n')
    expectOneLineError(
      await run(['check', '--archive', fixture('busybox-musl.docker20.tar'), '--policy', 'bad.yml'], {}, dir),
      /no-shel/
    )
  })
})

describeWithFixtures('inspect on real archives', () => {
  it('shows BusyBox, its shell applets and the applet names that reach it', async () => {
    const result = await run(['inspect', '--archive', fixture('busybox-musl.docker20.tar')])
    expect(result.code).toBe(0)
    expect(result.out).toMatch(
      /Multi-call binaries\n {2}\/bin\/busybox: BusyBox \d+\.\d+\.\d+ multi-call binary, \d+ applets reached as/
    )
    expect(result.out).toMatch(/Shells\n {2}\/bin\/\S+ \(.*\bsh\b/)
  })

  it('prints JSON with os-release, layers and package managers', async () => {
    const result = await run([
      'inspect',
      '--archive',
      fixture('alpine-3.20.docker26.tar'),
      '--format',
      'json'
    ])
    expect(result.code).toBe(0)
    const report = JSON.parse(result.out) as InspectReport
    expect(report.os?.name).toMatch(/Alpine Linux/)
    expect(report.layers).toHaveLength(1)
    expect(report.packageManagers.map((p) => p.path)).toContain('/sbin/apk')
    expect(report.shells.map((s) => s.path)).toContain('/bin/busybox')
  })
})
