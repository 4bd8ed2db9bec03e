// The bundled action's entry point (dist/index.js), started as the runner starts it: it sets the heap
// flags before the bundle loads, and the outcome is the action's (outputs written, exit code).
import { describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { builtEntry, expectHeapFlagsBeforeBundle, repoRoot, runEntry } from '../cli/support/entry-run.js'

const action = builtEntry('index.js')
const describeBuilt = action ? describe : describe.skip

function runnerEnv(dir: string, inputs: Record<string, string>): NodeJS.ProcessEnv {
  const files = { GITHUB_OUTPUT: 'output', GITHUB_STEP_SUMMARY: 'summary', GITHUB_STATE: 'state' }
  for (const name of Object.values(files)) writeFileSync(path.join(dir, name), '')
  return {
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: repoRoot,
    RUNNER_TEMP: dir,
    ...Object.fromEntries(Object.entries(files).map(([key, name]) => [key, path.join(dir, name)])),
    ...Object.fromEntries(
      Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value])
    )
  }
}

describeBuilt('dist/index.js', () => {
  it('sets the heap flags, then loads the bundle and runs the action', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ipg-action-entry-'))
    try {
      const env = runnerEnv(dir, {
        archive: 'examples/app-alpine.tar.gz',
        'fail-on': 'never',
        summary: 'true'
      })
      const run = await runEntry(action ?? '', [], { env })
      expect(run.stderr).toBe('')
      expect(run.code).toBe(0)
      expect(readFileSync(path.join(dir, 'output'), 'utf8')).toMatch(/^result<<.*\npass\n/m)
      expect(readFileSync(path.join(dir, 'summary'), 'utf8')).not.toBe('')
      expectHeapFlagsBeforeBundle(run)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('asks the engine for the image before it loads the reader and the reporters', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ipg-action-entry-'))
    // A stand-in engine on a unix socket that has no such image.
    const socket = path.join(dir, 'docker.sock')
    const engine = createServer((connection) => {
      connection.once('data', () =>
        connection.end(
          'HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 31\r\n' +
            'Connection: close\r\n\r\n{"message":"No such image: x:1"}'
        )
      )
    })
    await new Promise<void>((resolve) => engine.listen(socket, resolve))
    try {
      // source: daemon, the engine only (auto would go on to the registry, out of this test's reach).
      const env = { ...runnerEnv(dir, { image: 'x:1', source: 'daemon' }), DOCKER_HOST: `unix://${socket}` }
      const run = await runEntry(action ?? '', [], { env })
      expect(run.stdout).toMatch(/^::error::image "x:1" is not in the local Docker engine/m)
      expect(run.code).toBe(1)
      const [only] = run.processes
      expect(only.connections).toEqual([socket])
      // Before the request: the entry, @actions/core and the docker client, not the policy engine,
      // the reader nor the reporters (the bundled default policy needs no early check).
      expect(only.modulesBeforeConnect).not.toContain('chunk-load.js')
      expect(only.modulesBeforeConnect).not.toContain('chunk-scan.js')
      expect(only.modulesBeforeConnect).not.toContain('chunk-check.js')
      expect(only.modules).toContain('chunk-scan.js')
    } finally {
      await new Promise((resolve) => engine.close(resolve))
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('finds a policy mistake before it asks the engine, and annotates it on the policy file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ipg-action-entry-'))
    const socket = path.join(dir, 'docker.sock')
    // A stand-in engine without the image; the bad policy must never reach it.
    const engine = createServer((connection) => {
      connection.once('data', () =>
        connection.end(
          'HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: 31\r\n' +
            'Connection: close\r\n\r\n{"message":"No such image: x:1"}'
        )
      )
    })
    await new Promise<void>((resolve) => engine.listen(socket, resolve))
    const workspace = path.join(dir, 'repo')
    mkdirSync(workspace)
    writeFileSync(path.join(workspace, 'policy.yml'), 'version: 1\nrules:\n  no-shel: true\n')
    try {
      const env = {
        ...runnerEnv(dir, { image: 'x:1', policy: 'policy.yml', source: 'daemon' }),
        GITHUB_WORKSPACE: workspace,
        DOCKER_HOST: `unix://${socket}`
      }
      const run = await runEntry(action ?? '', [], { env })
      expect(run.code).toBe(1)
      expect(run.processes[0].connections).toEqual([])
      expect(run.stdout).toMatch(
        /^::error title=Invalid policy,file=policy\.yml,line=3,col=3::rules\.no-shel: unknown rule "no-shel" \(did you mean "no-shell"\?\)/m
      )
      expect(run.stdout).toMatch(/^::error::.*policy\.yml:3:3: rules\.no-shel: unknown rule/m)
      // A valid policy file of the user's is loaded before the request, the reader after it.
      writeFileSync(path.join(workspace, 'policy.yml'), 'version: 1\nrules:\n  no-shell: true\n')
      const valid = await runEntry(action ?? '', [], { env })
      const [only] = valid.processes
      expect(only.connections).toEqual([socket])
      expect(only.modulesBeforeConnect).toContain('chunk-load.js')
      expect(only.modulesBeforeConnect).not.toContain('chunk-scan.js')
    } finally {
      await new Promise((resolve) => engine.close(resolve))
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('fails the step with exit code 1 when the archive cannot be read', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ipg-action-entry-'))
    try {
      const run = await runEntry(action ?? '', [], {
        env: runnerEnv(dir, { archive: 'no/such/archive.tar' })
      })
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(/^::error::.*no\/such\/archive\.tar/m)
      expect(run.processes).toHaveLength(1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
