// The action's run() with @actions/core mocked, on real archives.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import * as core from '../../__fixtures__/core.js'
import { legacyContentSize } from '../../__fixtures__/archive.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'
import type { Log } from 'sarif'
import type { JsonReport } from '../../src/report/json.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/action/main.js')

let workspace: string
const savedEnv = { ...process.env }

function setInputs(inputs: Record<string, string>): void {
  core.getInput.mockImplementation((name: string) => inputs[name] ?? '')
}

function outputs(): Record<string, unknown> {
  return Object.fromEntries(core.setOutput.mock.calls.map(([name, value]) => [name, value]))
}

beforeEach(async () => {
  workspace = await mkdtemp(path.join(tmpdir(), 'ipg-action-'))
  process.env.GITHUB_WORKSPACE = workspace
  process.env.RUNNER_TEMP = workspace
  core.summaryText.length = 0
})

afterEach(() => {
  process.env = { ...savedEnv }
})

const APP_DOCKERFILE = [
  'FROM alpine-base',
  'RUN addgroup -S app && adduser -S -G app app && mkdir -p /srv && echo "console.log(1)" > /srv/index.js',
  'COPY hello /srv/hello',
  'USER app',
  'WORKDIR /srv',
  'CMD ["/srv/hello"]',
  ''
].join('\n')

describeWithFixtures('run() on real archives', () => {
  it('fails an Alpine app, annotating the Dockerfile FROM line, and writes report, summary and outputs', async () => {
    await writeFile(path.join(workspace, 'Dockerfile'), APP_DOCKERFILE)
    setInputs({ archive: fixture('app-alpine.docker20.tar'), dockerfile: 'Dockerfile' })
    await run()

    expect(core.error).toHaveBeenCalledWith(
      expect.stringContaining('/bin/busybox'),
      expect.objectContaining({ title: 'no-shell', file: 'Dockerfile', startLine: 1 })
    )
    expect(core.error).toHaveBeenCalledWith(
      expect.stringContaining('/sbin/apk'),
      expect.objectContaining({ title: 'no-package-manager', file: 'Dockerfile', startLine: 1 })
    )
    // distroless is about the whole image: no layer, and the bundled policy is not in the repository.
    const distroless = core.error.mock.calls.find(([, props]) => props?.title === 'distroless')
    expect(distroless?.[1]?.file).toBeUndefined()

    const out = outputs()
    expect(out).toMatchObject({ result: 'fail', violations: 3, errors: 3, warnings: 0 })
    expect(out.size).toBe(await legacyContentSize(fixture('app-alpine.docker20.tar')))
    expect(core.setFailed).toHaveBeenCalledWith(
      expect.stringMatching(/^app:alpine violates the policy: 3 errors/)
    )

    const report = JSON.parse(await readFile(String(out.report), 'utf8')) as JsonReport
    expect(path.dirname(String(out.report)).startsWith(workspace)).toBe(true)
    expect(report.summary).toMatchObject({ result: 'fail', errors: 3 })
    expect(core.summaryText.join('')).toContain('## ❌ image-policy-gate: failed')
    expect(core.summaryText.join('')).toContain('Dockerfile:1 <code>FROM alpine\\-base</code>')
  })

  it('passes a distroless app and writes SARIF where asked', async () => {
    setInputs({ archive: fixture('app-distroless.containerd.tar'), sarif: 'out/results.sarif' })
    await run()
    expect(core.setFailed).not.toHaveBeenCalled()
    const out = outputs()
    expect(out).toMatchObject({ result: 'pass', violations: 0, errors: 0 })
    expect(out.sarif).toBe(path.join(workspace, 'out/results.sarif'))
    const sarif = JSON.parse(await readFile(String(out.sarif), 'utf8')) as Log
    expect(sarif.version).toBe('2.1.0')
    expect(sarif.runs[0].tool.driver.rules?.length).toBeGreaterThanOrEqual(10)
    expect(core.error).not.toHaveBeenCalled()
  })

  it('annotates on the user policy lines without a Dockerfile, and honours summary/annotations off', async () => {
    await writeFile(path.join(workspace, 'policy.yml'), 'version: 1\nrules:\n  no-shell: warning\n')
    setInputs({
      archive: fixture('busybox-musl.docker20.tar'),
      policy: 'policy.yml',
      'fail-on': 'warning',
      summary: 'false'
    })
    await run()
    expect(core.warning).toHaveBeenCalledWith(
      expect.stringContaining('BusyBox'),
      expect.objectContaining({ title: 'no-shell', file: 'policy.yml', startLine: 3, startColumn: 3 })
    )
    expect(core.summary.write).not.toHaveBeenCalled()
    expect(outputs()).toMatchObject({ result: 'fail', warnings: 1 })

    jest.clearAllMocks()
    setInputs({ archive: fixture('busybox-musl.docker20.tar'), policy: 'policy.yml', annotations: 'false' })
    await run()
    expect(core.warning).not.toHaveBeenCalled()
    expect(outputs()).toMatchObject({ result: 'pass', warnings: 1 })
  })
})

describe('run() failures never pass', () => {
  it.each([
    [{}, /set either the `image` input/],
    [
      { archive: 'x.tar', 'fail-on': 'critical' },
      /`fail-on` input must be one of error, warning, notice, never/
    ],
    [{ archive: 'x.tar', summary: 'yes' }, /`summary` input must be true or false/],
    [{ archive: 'missing.tar' }, /missing\.tar/],
    [
      { archive: 'x.tar', dockerfile: 'nope/Dockerfile' },
      /^cannot read the dockerfile input nope\/Dockerfile: no such file or directory$/
    ],
    [
      { archive: 'x.tar', platform: 'arm64' },
      /^the `platform` input "arm64" is not os\/architecture\[\/variant\]/
    ],
    [
      {
        archive: path.resolve(import.meta.dirname, '../../examples/app-alpine.tar.gz'),
        platform: 'linux/arm64'
      },
      /no image for platform linux\/arm64 in the archive; it holds .*\(linux\/amd64\)$/
    ]
  ])('%j → setFailed with one line, no result output', async (inputs, pattern) => {
    setInputs(inputs)
    await run()
    expect(core.setFailed).toHaveBeenCalledTimes(1)
    const message = String(core.setFailed.mock.calls[0][0])
    expect(message).toMatch(pattern)
    expect(message).not.toContain('\n')
    expect(outputs().result).toBeUndefined()
  })

  it('annotates a policy mistake on its line of the policy file, and never asks the engine', async () => {
    await writeFile(path.join(workspace, 'policy.yml'), 'version: 1\nrules:\n  no-shell: warn\n')
    process.env.IPG_DOCKER = path.join(workspace, 'no-docker-here')
    setInputs({ image: 'app:latest', policy: 'policy.yml' })
    await run()
    expect(core.error).toHaveBeenCalledWith(
      expect.stringMatching(
        /^rules\.no-shell: must be true, false, a severity .* \(did you mean "warning"\?\)$/
      ),
      { title: 'Invalid policy', file: 'policy.yml', startLine: 3, startColumn: 13 }
    )
    // The policy's error, not docker's: the save was never started.
    expect(core.setFailed).toHaveBeenCalledWith(expect.stringMatching(/policy\.yml:3:13: rules\.no-shell/))
    expect(core.setFailed).not.toHaveBeenCalledWith(expect.stringMatching(/docker/))
  })

  it('says clearly when docker is not installed', async () => {
    process.env.IPG_DOCKER = path.join(workspace, 'no-docker-here')
    setInputs({ image: 'app:latest' })
    await run()
    expect(core.setFailed).toHaveBeenCalledWith(expect.stringMatching(/docker is not installed/))
    expect(outputs().result).toBeUndefined()
  })
})
