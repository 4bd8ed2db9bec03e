// The bundled CLI's entry point (dist/cli.js, from src/cli-entry.ts): archive commands run again with the
// heap flags, and the process that only waits for that one has not loaded the bundle; signals reach the
// run that does the work; the exit code and output are those of main() in one process.
import { describe, expect, it } from '@jest/globals'
import path from 'node:path'
import { main } from '../../src/cli.js'
import { recordingIo } from '../../__fixtures__/io.js'
import { builtEntry, expectHeapFlagReRun, repoRoot, runEntry } from './support/entry-run.js'

const cli = builtEntry('cli.js')
const describeBuilt = cli ? describe : describe.skip
const example = path.join(repoRoot, 'examples/app-alpine.tar.gz')

describeBuilt('dist/cli.js', () => {
  const entry = cli ?? ''

  it('runs check again with the heap flags, and only that run loads the bundle', async () => {
    const args = ['check', '--archive', example, '--format', 'json']
    const run = await runEntry(entry, args)
    const io = recordingIo(repoRoot, {})
    const code = await main(args, io)
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code,
      stdout: io.out(),
      stderr: io.err()
    })
    expectHeapFlagReRun(run)
  })

  it('answers --version and --help in the one process it starts', async () => {
    const version = await runEntry(entry, ['--version'])
    const io = recordingIo(repoRoot, {})
    await main(['--version'], io)
    expect(version).toMatchObject({ code: 0, stdout: io.out(), stderr: '' })
    expect(version.processes).toHaveLength(1)
    const help = await runEntry(entry, ['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('check --archive FILE|-')
    expect(help.processes).toHaveLength(1)
  })

  it('exits 2 with the one-line usage error of main()', async () => {
    const run = await runEntry(entry, ['check', '--format', 'yaml', '--archive', example])
    const io = recordingIo(repoRoot, {})
    expect(run.code).toBe(await main(['check', '--format', 'yaml', '--archive', example], io))
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(io.err())
  })

  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130]
  ] as const)('passes %s on to the run reading stdin and exits %i', async (signal, exitCode) => {
    let worker: number | undefined
    const run = await runEntry(entry, ['check', '--archive', '-'], {
      whenStarted: {
        count: 2,
        then: ([launched, second]) => {
          worker = second.pid
          process.kill(launched.pid, signal)
        }
      }
    })
    expect(run.code).toBe(exitCode)
    expect(worker).toBeDefined()
    expect(() => process.kill(worker ?? 0, 0)).toThrow(/ESRCH/)
  })
})
