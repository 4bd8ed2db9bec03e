// The bundled CLI's entry point (dist/cli.js, from src/cli-entry.ts): one process sets the heap flags
// before the bundle loads; the exit code and output are those of runCli(); a signal ends a run that waits
// on stdin.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runCli } from '../../src/cli/run.js'
import { recordingIo } from '../../__fixtures__/io.js'
import { builtEntry, expectHeapFlagsBeforeBundle, repoRoot, runEntry } from './support/entry-run.js'

const cli = builtEntry('cli.js')
const describeBuilt = cli ? describe : describe.skip
const example = path.join(repoRoot, 'examples/app-alpine.tar.gz')

describeBuilt('dist/cli.js', () => {
  const entry = cli ?? ''

  it('sets the heap flags, then loads the bundle and runs check in one process', async () => {
    const args = ['check', '--archive', example, '--format', 'json']
    const run = await runEntry(entry, args)
    const io = recordingIo(repoRoot, {})
    const code = await runCli(args, io)
    expect({ code: run.code, stdout: run.stdout, stderr: run.stderr }).toEqual({
      code,
      stdout: io.out(),
      stderr: io.err()
    })
    expectHeapFlagsBeforeBundle(run)
    // The Dockerfile parser is loaded only by runs that map a Dockerfile.
    expect(run.processes[0].modules).not.toContain('chunk-map.js')
    // The bundled policy comes parsed by the build: no YAML parser, no schema validator.
    expect(run.processes[0].modules).not.toContain('chunk-parse.js')
  })

  it("loads the YAML parser for a policy file of the user's", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ipg-entry-policy-'))
    try {
      const policy = path.join(dir, 'policy.yml')
      writeFileSync(policy, 'version: 1\nextends: [default]\n')
      const run = await runEntry(entry, [
        'check',
        '--archive',
        example,
        '--policy',
        policy,
        '--format',
        'json'
      ])
      expect(run.processes[0].modules).toContain('chunk-parse.js')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('reads an archive without loading what only engines and registries need', async () => {
    const run = await runEntry(entry, ['check', '--archive', example, '--format', 'json'])
    const { builtins } = run.processes[0]
    expect(builtins).toContain('fs')
    // A static import of node:http makes Node build its ESM exports, which loads undici (fetch): ~35 ms
    // and 17 MB; node:tls brings crypto's whole surface. Both are loaded where they are used.
    expect(
      builtins.filter((name) => /^(http|https|http2|tls|internal\/deps\/undici\/undici)$/.test(name))
    ).toEqual([])
  })

  it('loads the Dockerfile parser when given a Dockerfile', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ipg-entry-dockerfile-'))
    try {
      const dockerfile = path.join(dir, 'Dockerfile')
      writeFileSync(dockerfile, 'FROM alpine:3.20\nRUN adduser -D app\nUSER app\n')
      const args = ['check', '--archive', example, '--dockerfile', dockerfile, '--format', 'json']
      const run = await runEntry(entry, args)
      expect(run.code).toBe(await runCli(args, recordingIo(repoRoot, {})))
      expect(run.processes[0].modules).toContain('chunk-map.js')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('answers --version and --help', async () => {
    const version = await runEntry(entry, ['--version'])
    const io = recordingIo(repoRoot, {})
    await runCli(['--version'], io)
    expect(version).toMatchObject({ code: 0, stdout: io.out(), stderr: '' })
    const help = await runEntry(entry, ['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('check --archive FILE|DIR|-')
  })

  it('exits 2 with the one-line usage error of runCli()', async () => {
    const run = await runEntry(entry, ['check', '--format', 'yaml', '--archive', example])
    const io = recordingIo(repoRoot, {})
    expect(run.code).toBe(await runCli(['check', '--format', 'yaml', '--archive', example], io))
    expect(run.code).toBe(2)
    expect(run.stderr).toBe(io.err())
  })

  it.each(['SIGTERM', 'SIGINT'] as const)('ends on %s while it waits to read stdin', async (signal) => {
    const run = await runEntry(entry, ['check', '--archive', '-'], {
      whenStarted: { count: 1, then: ([only]) => process.kill(only.pid, signal) }
    })
    expect(run).toMatchObject({ code: null, signal })
  })
})
