// The action as the runner runs it (dist/index.js, INPUT_* variables, workflow commands on stdout) on an
// archive whose file names, tags, history and os-release try to become workflow commands: every line
// that the runner would read as a command must be one the action wrote itself, with escaped data only.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { parsePrintable, printable } from '../../src/common/printable.js'
import { buildImage, dockerOciArchive } from '../../__fixtures__/archive.js'
import { describeWithSarifValidator, validateSarif } from '../helpers/sarif-validator.js'
import { runAction, type ActionRun } from './support/run-action.js'

const NAMES = {
  command: 'bin/sh\n::error file=README.md,line=1::injected by a file name',
  stop: 'opt/x\n::stop-commands::tok\n',
  carriageReturn: 'srv/ok\r::warning::overwritten/sh',
  escapes: 'usr/bin/\x1b]0;owned\x07\x1b[2J\x1b[1Abash',
  bidi: 'opt/exe\u202etxt.sh',
  separator: 'home/u\u2028/.docker/config.json',
  oldForm: 'opt/a\u2029b/##[error]old form/sh',
  invalidUtf8: Buffer.from([0x6f, 0x70, 0x74, 0x2f, 0xff, 0xc3, 0x28, 0x2f, 0x73, 0x68]) // opt/\xff\xc3(/sh
}
const TAG = '.github/workflows/release.yml'
const CREATED_BY = 'RUN x \r::error::history\n::stop-commands::abc'

/** The commands the action itself writes. */
const OWN_COMMANDS = new Set(['group', 'endgroup', 'error', 'warning', 'notice', 'stop-commands'])

/** Lines the runner would read as a command: "::" after .NET's TrimStart, or "##[" anywhere. */
function commandLike(line: string): boolean {
  return (
    /^[\s\x85\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*::/.test(line) || line.includes('##[')
  )
}

/**
 * Checks every line as the runner reads it (split at \n, \r and \r\n, like .NET's ReadLine): the only
 * command lines are the action's own, the stop-commands blocks close with their token, and nothing
 * inside a block is a command at all.
 */
function expectOnlyOwnCommands(output: string): { tokens: string[]; blockLines: string[] } {
  const tokens: string[] = []
  const blockLines: string[] = []
  let stopped: string | undefined
  for (const line of output.split(/\r\n|\r|\n/)) {
    if (stopped !== undefined) {
      if (line === `::${stopped}::`) {
        stopped = undefined
        continue
      }
      blockLines.push(line)
      expect(commandLike(line)).toBe(false)
      continue
    }
    if (!commandLike(line)) continue
    const match = /^::([A-Za-z-]+)(?: [^:]*)?::(.*)$/.exec(line)
    expect(match).not.toBeNull()
    const [, command, data] = match as RegExpExecArray
    expect(OWN_COMMANDS).toContain(command)
    if (command === 'stop-commands') {
      expect(data).toMatch(/^ipg-[0-9a-f]{32}$/)
      tokens.push(data)
      stopped = data
    }
  }
  expect(stopped).toBeUndefined()
  return { tokens, blockLines }
}

describe('the action on an archive of hostile names, as the runner runs it', () => {
  let work: string
  let archive: string
  let runs: ActionRun[]

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'ipg-untrusted-action-'))
    const elf = Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(60)])
    const image = await buildImage({
      layers: [
        [
          { name: 'etc/', type: 'directory' },
          { name: 'etc/os-release', content: 'PRETTY_NAME="Evil ::error::os \x1b[31m\u202e"\nID=evil\n' },
          { name: NAMES.command, content: 'x', mode: 0o4755 },
          { name: NAMES.carriageReturn, content: elf, mode: 0o755 },
          { name: NAMES.escapes, content: 'x', mode: 0o4755 },
          { name: NAMES.oldForm, content: elf, mode: 0o755 },
          { name: NAMES.stop, content: 'x', mode: 0o4755 },
          { name: NAMES.bidi, content: 'x', mode: 0o4755 },
          { name: NAMES.separator, content: '{}' },
          { name: NAMES.invalidUtf8.toString('latin1'), content: elf, mode: 0o755 }
        ]
      ],
      history: [{ created_by: CREATED_BY }],
      config: { User: 'root\n::error::user', Labels: { note: 'x\n::error::label' } },
      tags: [TAG]
    })
    archive = path.join(work, 'hostile.tar')
    await writeFile(archive, await dockerOciArchive([image]))
    const policy = path.join(work, 'policy.yml')
    await writeFile(
      policy,
      [
        'version: 1',
        'rules:',
        '  no-shell: error',
        '  no-setuid: error',
        '  forbidden-paths: ["**/.docker/config.json"]',
        '  non-root-user: warning',
        '  size: { maxLayer: 1 }',
        ''
      ].join('\n')
    )
    runs = []
    for (let i = 0; i < 2; i++)
      runs.push(
        await runAction({
          workDir: work,
          inputs: { archive, policy, sarif: path.join(work, `results-${i}.sarif`) },
          timeoutMs: 120_000
        })
      )
  }, 300_000)

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true })
  })

  it('fails the step on the violations it found', () => {
    expect(runs[0].exitCode).toBe(1)
    expect(runs[0].outputs.result).toBe('fail')
    const errors = runs[0].commands.filter((c) => c.command === 'error')
    expect(errors.length).toBeGreaterThan(2)
  })

  it('writes no command but its own, on stdout and stderr, and runs the report inside stop-commands', () => {
    for (const run of runs) {
      const stdout = expectOnlyOwnCommands(run.stdout)
      expect(stdout.tokens.length).toBeGreaterThanOrEqual(1)
      expect(stdout.blockLines.join('\n')).toContain(printable(NAMES.command))
      expect(expectOnlyOwnCommands(run.stderr).tokens).toEqual([])
    }
    // A fresh token on every run.
    const tokens = runs.map((run) => expectOnlyOwnCommands(run.stdout).tokens[0])
    expect(tokens[0]).not.toBe(tokens[1])
  })

  it('its own commands carry only escaped, printable data', () => {
    for (const command of runs[0].commands) {
      const decoded = [command.message, ...Object.values(command.properties)].join(' ')
      expect(decoded.replace(/\n/g, ' ')).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u)
    }
    // Annotations sit on the policy file, never on a file named by the image.
    const files = runs[0].commands
      .filter((c) => ['error', 'warning', 'notice'].includes(c.command))
      .map((c) => c.properties.file)
    expect(files).not.toContain(TAG)
  })

  it('the log holds no raw control character and shows every name visibly escaped', () => {
    const log = runs[0].stdout
    expect(log.replace(/\n/g, '')).not.toMatch(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u)
    for (const name of Object.values(NAMES).filter((n) => typeof n === 'string'))
      expect(log).toContain(printable(`/${name}`))
    expect(parsePrintable(printable(`/${NAMES.stop}`))).toBe(`/${NAMES.stop}`)
  })

  it('writes SARIF that code scanning accepts, with no location chosen by the image', async () => {
    const sarifFile = runs[0].outputs.sarif
    const log = JSON.parse(await readFile(sarifFile, 'utf8')) as {
      runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[]
    }
    const uris = new Set(log.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri))
    expect([...uris]).toEqual(['.github/workflows/ci.yml'])
  })

  describeWithSarifValidator('its SARIF', () => {
    it('is accepted by the validator', async () => {
      const serious = (await validateSarif([runs[0].outputs.sarif])).filter(
        (f) => f.level === 'error' || f.level === 'warning'
      )
      expect(serious).toEqual([])
    }, 120_000)
  })

  it('the JSON report keeps the exact names, and the log shows each of them printable', async () => {
    const report = JSON.parse(await readFile(runs[0].outputs.report, 'utf8')) as {
      violations: { path?: string }[]
    }
    const paths = report.violations.flatMap((v) => (v.path === undefined ? [] : [v.path]))
    const named = Object.values(NAMES).flatMap((n) =>
      typeof n === 'string' ? [`/${n.replace(/\/$/, '')}`] : []
    )
    for (const name of named) expect(paths).toContain(name)
    // The name of invalid UTF-8 too, however the reader decodes its bytes.
    const undecodable = paths.filter((p) => p.startsWith('/opt/') && p.endsWith('(/sh'))
    expect(undecodable).toHaveLength(1)
    for (const name of paths) expect(runs[0].stdout).toContain(printable(name))
  })
})
