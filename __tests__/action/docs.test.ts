// The README's input and output tables say what action.yml says, so the docs never drift.
import { expect, it } from '@jest/globals'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parse } from 'yaml'

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

it('gate.ts sets exactly the outputs action.yml declares', async () => {
  const action = parse(await readFile(path.join(root, 'action.yml'), 'utf8')) as ActionYml
  const gate = await readFile(path.join(root, 'src/gate.ts'), 'utf8')
  const set = [...gate.matchAll(/core\.setOutput\('([a-z-]+)'/g)].map((m) => m[1]).sort()
  expect(set).toEqual(Object.keys(action.outputs).sort())
})

it('inputs.ts reads exactly the inputs action.yml declares', async () => {
  const action = parse(await readFile(path.join(root, 'action.yml'), 'utf8')) as ActionYml
  const inputs = await readFile(path.join(root, 'src/inputs.ts'), 'utf8')
  const read = new Set(
    [...inputs.matchAll(/(?:optional|optionalField|booleanInput)\('([a-z-]+)'/g)].map((m) => m[1])
  )
  expect([...read].sort()).toEqual(Object.keys(action.inputs).sort())
})

// Static: runs without Docker (it once sat inside the e2e suite and was skipped with it).
it('action.yml declares the inputs and outputs issues 4 and 15 specify (and verify-digests), on node24', async () => {
  const action = parse(await readFile(path.join(root, 'action.yml'), 'utf8')) as ActionYml
  expect(action.runs.using).toBe('node24')
  expect(Object.keys(action.inputs).sort()).toEqual(
    [
      'annotations',
      'archive',
      'dockerfile',
      'fail-on',
      'image',
      'insecure-registries',
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
