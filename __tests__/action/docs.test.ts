// The README's input and output tables say what action.yml says, and the action reads and sets what
// action.yml declares (its recorded core calls), so the docs never drift.
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'
import * as core from '../../__fixtures__/core.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/action/main.js')

const root = path.resolve(import.meta.dirname, '../..')

interface ActionYml {
  runs: { using: string; main: string }
  inputs: Record<string, { description: string; required?: boolean; default?: string }>
  outputs: Record<string, { description: string }>
}

/** Rows of the first Markdown table after `heading`, as arrays of trimmed cells. */
function table(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(`\n${heading}\n`)
  expect(start).toBeGreaterThanOrEqual(0)
  const lines = markdown.slice(start).split('\n')
  const first = lines.findIndex((line) => line.startsWith('|'))
  const rows: string[][] = []
  for (const line of lines.slice(first + 2)) {
    if (!line.startsWith('|')) break
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim())
    )
  }
  return rows
}

it('the README action tables match action.yml', async () => {
  const action = parse(await readFile(path.join(root, 'action.yml'), 'utf8')) as ActionYml
  const doc = await readFile(path.join(root, 'README.md'), 'utf8')
  expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })

  const inputs = table(doc, '### Inputs').map(([name, type, defaultValue, description]) => ({
    name: name.replace(/`/g, ''),
    type,
    default: defaultValue.replace(/`/g, ''),
    description
  }))
  expect(inputs.map((i) => i.name)).toEqual(Object.keys(action.inputs))
  for (const input of inputs) {
    const declared = action.inputs[input.name]
    expect(input.description).toBe(declared.description)
    expect(input.default).toBe(declared.default ?? '')
    expect(input.type).toBe(
      declared.default === 'true' || declared.default === 'false' ? 'boolean' : 'string'
    )
  }

  const outputs = table(doc, '### Outputs').map(([name, description]) => ({
    name: name.replace(/`/g, ''),
    description
  }))
  expect(outputs.map((o) => o.name)).toEqual(Object.keys(action.outputs))
  for (const output of outputs) expect(output.description).toBe(action.outputs[output.name].description)
})

describe('run() on an archive of the repository, with SARIF asked for', () => {
  let workspace: string
  // Copied here: the mocks' calls are cleared before each test.
  let outputsSet: string[] = []
  let inputsRead: string[] = []
  let failed: unknown[][] = []
  const savedEnv = { ...process.env }
  beforeAll(async () => {
    workspace = await mkdtemp(path.join(tmpdir(), 'ipg-action-docs-'))
    process.env.GITHUB_WORKSPACE = workspace
    process.env.RUNNER_TEMP = workspace
    // SARIF results sit on the workflow file when nothing else of the repository is given.
    process.env.GITHUB_WORKFLOW_REF = 'octo/app/.github/workflows/ci.yml@refs/heads/main'
    const inputs: Record<string, string> = {
      archive: path.join(root, 'examples/app-alpine.tar.gz'),
      sarif: 'results.sarif',
      'fail-on': 'never'
    }
    core.getInput.mockImplementation((name: string) => inputs[name] ?? '')
    await run()
    outputsSet = core.setOutput.mock.calls.map(([name]) => name)
    inputsRead = core.getInput.mock.calls.map(([name]) => name)
    failed = core.setFailed.mock.calls
  })
  afterAll(async () => {
    process.env = { ...savedEnv }
    await rm(workspace, { recursive: true, force: true })
  })

  it('sets exactly the outputs action.yml declares', async () => {
    const action = parse(await readFile(path.join(root, 'action.yml'), 'utf8')) as ActionYml
    expect(failed).toEqual([])
    const set = [...new Set(outputsSet)].sort()
    expect(set).toEqual(Object.keys(action.outputs).sort())
  })

  it('reads exactly the inputs action.yml declares', async () => {
    const action = parse(await readFile(path.join(root, 'action.yml'), 'utf8')) as ActionYml
    const read = [...new Set(inputsRead)].sort()
    expect(read).toEqual(Object.keys(action.inputs).sort())
  })
})

// Static: runs without Docker (it once sat inside the e2e suite and was skipped with it).
it('action.yml declares the inputs and outputs issues 4 and 15 specify (and verify-digests), on node24', async () => {
  const action = parse(await readFile(path.join(root, 'action.yml'), 'utf8')) as ActionYml
  expect(action.runs.using).toBe('node24')
  expect(Object.keys(action.inputs).sort()).toEqual(
    [
      'annotations',
      'archive',
      'baseline',
      'dockerfile',
      'fail-on',
      'image',
      'insecure-registries',
      'new-only',
      'platform',
      'policy',
      'registry-token',
      'sarif',
      'source',
      'summary',
      'verify-digests'
    ].sort()
  )
  expect(Object.keys(action.outputs).sort()).toEqual(
    ['errors', 'report', 'result', 'sarif', 'size', 'violations', 'warnings'].sort()
  )
})
