// no-env-secrets never prints a value: the action (as the runner runs it) and the CLI in every format,
// and inspect, on an image whose Env and history hold credentials, must name them without the values.
// The values are built at run time, so that no secret scanner flags the repository.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { buildImage, dockerOciArchive } from '../../__fixtures__/archive.js'
import { runCli } from './support/cli.js'
import { runAction } from './support/run-action.js'

const VALUES = {
  githubInEnv: `ghp_${'Zq9X'.repeat(9)}`,
  password: 'correct-horse-battery-staple',
  historyKey: 'k3y-f0r-the-service-2f9a',
  buildArgument: 'b-arg-d3pl0y-77c1',
  githubInRun: `ghp_${'Wm4T'.repeat(9)}`
}

describe('no-env-secrets in every output', () => {
  let work: string
  const outputs: Record<string, string> = {}
  let violations = 0

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'ipg-env-secrets-'))
    const image = await buildImage({
      layers: [
        [
          { name: 'app/', type: 'directory' },
          { name: 'app/run', content: 'x', mode: 0o755 }
        ]
      ],
      config: { Env: ['PATH=/usr/bin', `GH_TOKEN=${VALUES.githubInEnv}`, `DB_PASSWORD=${VALUES.password}`] },
      history: [
        { created_by: `/bin/sh -c #(nop)  ENV SERVICE_KEY=${VALUES.historyKey}`, empty_layer: true },
        {
          created_by: `|1 DEPLOY_TOKEN=${VALUES.buildArgument} /bin/sh -c curl -H "Authorization: token ${VALUES.githubInRun}" https://example.com/`
        }
      ]
    })
    const archive = path.join(work, 'image.tar')
    await writeFile(archive, await dockerOciArchive([image]))
    const policy = path.join(work, 'policy.yml')
    await writeFile(policy, 'version: 1\nrules:\n  no-env-secrets: true\n')
    const run = await runAction({
      workDir: work,
      inputs: { archive, policy, sarif: path.join(work, 'results.sarif') },
      timeoutMs: 120_000
    })
    Object.assign(outputs, {
      'action stdout': run.stdout,
      'action stderr': run.stderr,
      'action summary': run.summary,
      'action outputs': JSON.stringify(run.outputs),
      'action SARIF': await readFile(run.outputs.sarif, 'utf8'),
      'action JSON report': await readFile(run.outputs.report, 'utf8')
    })
    violations = Number(run.outputs.violations)
    for (const format of ['text', 'json', 'sarif']) {
      const cli = await runCli(['check', '--archive', archive, '--policy', policy, '--format', format])
      outputs[`check --format ${format}`] = cli.stdout + cli.stderr
    }
    for (const args of [[], ['--format', 'json']]) {
      const cli = await runCli(['inspect', '--archive', archive, ...args])
      outputs[`inspect ${args.join(' ')}`] = cli.stdout + cli.stderr
    }
  }, 300_000)

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true })
  })

  it('finds every credential', () => {
    expect(violations).toBe(5)
    expect(outputs['check --format text']).toContain("GitHub token in the config's Env GH_TOKEN")
    expect(outputs['check --format text']).toContain(
      'the build argument DEPLOY_TOKEN that history entry 1 records'
    )
  })

  it('prints no value in any of them', () => {
    const leaks = Object.entries(outputs).flatMap(([where, text]) =>
      Object.entries(VALUES).flatMap(([name, value]) => (text.includes(value) ? [`${name} in ${where}`] : []))
    )
    expect(leaks).toEqual([])
    expect(Object.keys(outputs)).toHaveLength(11)
  })
})
