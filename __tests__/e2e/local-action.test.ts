// The same gate once through @github/local-action, GitHub's local runner for JavaScript actions:
// it runs src/action/main.ts's run() with a stubbed @actions/core, inputs from a .env file.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { buildFixture, removeImages, uniqueTag } from './support/docker.js'
import { lineOf } from './support/dockerfile-lines.js'
import { describeE2E } from './support/engine.js'
import { localAction, runLocalAction } from './support/local-action.js'
import { fakePrivateKey } from '../../__fixtures__/fake-secret.js'
import { actionYml, repoRoot } from './support/paths.js'
import { renderedText } from '../helpers/markdown.js'

const mainTs = path.join(repoRoot, 'src', 'action', 'main.ts')
const dockerfileRel = '__fixtures__/e2e/violating/Dockerfile'
const policyRel = '__fixtures__/e2e/violating/policy.yml'
const dockerfile = path.join(repoRoot, dockerfileRel)

interface Annotation {
  kind: string
  file?: string
  line?: number
  message: string
}

// local-action prints annotations itself, unescaped: `::error title=…,file=…,line=…,endLine=…::message`.
function parseAnnotations(stdout: string): Annotation[] {
  const found: Annotation[] = []
  for (const line of stdout.split('\n')) {
    const match = /^::(error|warning|notice)(?: (.*?))?::(.*)$/.exec(line)
    if (!match) continue
    const props = match[2] ?? ''
    const file = /(?:^|,)file=([^,]*)/.exec(props)?.[1]
    const lineNo = /(?:^|,)line=(\d+)/.exec(props)?.[1]
    found.push({ kind: match[1], file, line: lineNo ? Number(lineNo) : undefined, message: match[3] })
  }
  return found
}

// Outputs are echoed as `::set-output name=…::value` (its stub's debug echo of core.setOutput).
function parseOutputs(stdout: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  for (const match of stdout.matchAll(/^::set-output name=([^:]+)::(.*)$/gm)) outputs[match[1]] = match[2]
  return outputs
}

describeE2E('the action through @github/local-action', [localAction, mainTs, actionYml], () => {
  const tag = uniqueTag('local-action')
  let work: string
  let stdout = ''
  let summary = ''

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'ipg-e2e-local-action-'))
    const context = await buildFixture('violating', tag, { id_rsa: fakePrivateKey() })
    await rm(context, { recursive: true, force: true })
    const run = await runLocalAction(
      {
        INPUT_IMAGE: tag,
        INPUT_DOCKERFILE: dockerfileRel,
        INPUT_POLICY: policyRel,
        INPUT_SARIF: path.join(work, 'results.sarif')
      },
      work
    )
    stdout = run.stdout
    summary = renderedText(run.summary)
  }, 600_000)

  afterAll(async () => {
    await removeImages([tag])
    if (work) await rm(work, { recursive: true, force: true })
  })

  it('prints the annotations on the Dockerfile lines that caused them', () => {
    const errors = parseAnnotations(stdout).filter((a) => a.kind === 'error')
    const shell = errors.find((a) => /toolbox/.test(a.message))
    const secret = errors.find((a) => /id_rsa/.test(a.message))
    expect(shell?.file && path.resolve(repoRoot, shell.file)).toBe(dockerfile)
    expect(shell?.line).toBe(lineOf(dockerfile, 'RUN cp /bin/busybox'))
    expect(secret?.file && path.resolve(repoRoot, secret.file)).toBe(dockerfile)
    expect(secret?.line).toBe(lineOf(dockerfile, 'COPY id_rsa'))
  })

  it('fails the step: core.setFailed prints an error without a location', () => {
    const failed = parseAnnotations(stdout).filter((a) => a.kind === 'error' && a.file === undefined)
    expect(failed).toHaveLength(1)
    expect(failed[0].message).toContain(tag)
  })

  it('sets the outputs', () => {
    const outputs = parseOutputs(stdout)
    expect(outputs.result).toBe('fail')
    expect(Number(outputs.errors)).toBeGreaterThanOrEqual(2)
    expect(Number(outputs.size)).toBeGreaterThan(1_000_000)
    expect(outputs.sarif).toBe(path.join(work, 'results.sarif'))
    expect(outputs.report).toBeTruthy()
  })

  it('writes the job summary with the verdict', () => {
    expect(summary).toMatch(/fail/i)
    expect(summary).toContain('no-shell')
    expect(summary).toContain('/usr/local/bin/toolbox')
  })
})
