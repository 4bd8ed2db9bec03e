// The bundled action's entry point (dist/index.js), started as the runner starts it: it sets the heap
// flags before the bundle loads, and the outcome is the action's (outputs written, exit code).
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
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
