// The workflow files and action.yml, read as GitHub reads them: @actions/workflow-parser is GitHub's own
// parser for both (the one its editor tooling uses), with the current schema. A key GitHub does not know,
// an unclosed expression or a `needs` on no job fails here instead of on the first push.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { parse } from 'yaml'

const root = path.resolve(import.meta.dirname, '../..')
const workflowsDir = path.join(root, '.github/workflows')

interface Document {
  name: string
  content: string
  kind: 'workflow' | 'action'
}

/** What GitHub would say about each document: schema, expressions and, for workflows, the job graph. */
function parserErrors(documents: Document[]): string[][] {
  const output = execFileSync(
    process.execPath,
    [path.join(import.meta.dirname, 'support/github-parser.mjs')],
    {
      input: JSON.stringify(documents),
      encoding: 'utf8'
    }
  )
  return JSON.parse(output) as string[][]
}

interface Step {
  uses?: string
  run?: string
  with?: Record<string, unknown>
}
interface Workflow {
  jobs: Record<string, { steps?: Step[] }>
}

const workflowFiles = readdirSync(workflowsDir).filter((name) => /\.ya?ml$/.test(name))
const workflows = workflowFiles.map((name) => ({
  name,
  content: readFileSync(path.join(workflowsDir, name), 'utf8')
}))
const steps = workflows.flatMap(({ content }) =>
  Object.values((parse(content) as Workflow).jobs).flatMap((job) => job.steps ?? [])
)

describe('workflows', () => {
  it('every workflow file, and action.yml, reads without an error', () => {
    const documents: Document[] = [
      ...workflows.map((workflow) => ({ ...workflow, kind: 'workflow' as const })),
      { name: 'action.yml', content: readFileSync(path.join(root, 'action.yml'), 'utf8'), kind: 'action' }
    ]
    const errors = parserErrors(documents)
    expect(Object.fromEntries(documents.map((document, index) => [document.name, errors[index]]))).toEqual(
      Object.fromEntries(documents.map((document) => [document.name, []]))
    )
  })

  it('CI runs .ci/run, checks dist/, and runs the action from the checkout', () => {
    expect(steps.some((step) => step.run?.includes('.ci/run'))).toBe(true)
    expect(steps.some((step) => step.run?.includes('npm run package'))).toBe(true)
    expect(steps.filter((step) => step.uses === './').length).toBeGreaterThanOrEqual(2)
  })

  it('every `uses: ./` step gives only inputs action.yml declares', () => {
    const declared = Object.keys(
      (
        parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
          inputs: Record<string, unknown>
        }
      ).inputs
    )
    const given = steps.filter((step) => step.uses === './').flatMap((step) => Object.keys(step.with ?? {}))
    expect(given.filter((input) => !declared.includes(input))).toEqual([])
  })

  it('the parser finds what a broken workflow or action gets wrong', () => {
    const broken = [
      'on: push',
      'jobs:',
      '  test:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - run: echo ${{ github.sha',
      '        timeout: 3'
    ].join('\n')
    const orphan = ['on: push', 'jobs:', '  test:', '    runs-on: ubuntu-latest', '    needs: build']
      .concat(['    steps:', '      - run: true'])
      .join('\n')
    const oldNode = 'name: x\ndescription: y\nruns:\n  using: node8\n  main: index.js\n'
    const [brokenErrors, orphanErrors, actionErrors] = parserErrors([
      { name: 'broken.yml', content: broken, kind: 'workflow' },
      { name: 'orphan.yml', content: orphan, kind: 'workflow' },
      { name: 'action.yml', content: oldNode, kind: 'action' }
    ])
    expect(brokenErrors).toEqual([
      expect.stringContaining('The expression is not closed'),
      expect.stringContaining("Unexpected value 'timeout'")
    ])
    expect(orphanErrors).toEqual([
      expect.stringContaining('must contain at least one job with no dependencies')
    ])
    expect(actionErrors).toEqual([expect.stringContaining('node8')])
  })
})
