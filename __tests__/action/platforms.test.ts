// The action on a multi-platform OCI layout: one verdict per platform in the annotations, the summary,
// the report, the SARIF file and the outputs. @actions/core mocked, the layout assembled by skopeo.
import { afterAll, beforeAll, beforeEach, expect, it, jest } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Log } from 'sarif'
import * as core from '../../__fixtures__/core.js'
import type { JsonPlatformsReport } from '../../src/report/json.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'
import { multiPlatformLayout } from '../helpers/registry.js'
import { describeWithTools } from '../helpers/tools.js'

jest.unstable_mockModule('@actions/core', () => core)
const { run } = await import('../../src/action/main.js')

let work: string
let layout: string
const savedEnv = { ...process.env }

function outputs(): Record<string, unknown> {
  return Object.fromEntries(core.setOutput.mock.calls.map(([name, value]) => [name, value]))
}

describeWithFixtures('the action on two platforms', () => {
  describeWithTools(['skopeo'], 'of one Alpine (a layer both share)', () => {
    beforeAll(async () => {
      work = await mkdtemp(path.join(tmpdir(), 'ipg-action-platforms-'))
      layout = path.join(work, 'layout')
      const alpine = `docker-archive:${fixture('alpine-3.20.docker26.tar')}`
      await multiPlatformLayout(layout, { amd64: alpine, arm64: alpine }, 'shared')
      await writeFile(path.join(work, 'Dockerfile'), 'FROM alpine:3.20\n')
    }, 60_000)
    afterAll(async () => {
      process.env = { ...savedEnv }
      await rm(work, { recursive: true, force: true })
    })
    beforeEach(() => {
      process.env.GITHUB_WORKSPACE = work
      process.env.RUNNER_TEMP = work
      core.summaryText.length = 0
    })

    it('groups what both platforms have into one annotation, and fails naming them', async () => {
      core.getInput.mockImplementation(
        (name: string) =>
          ({ archive: layout, sarif: 'out/results.sarif', dockerfile: 'Dockerfile' })[name] ?? ''
      )
      await run()
      const titles = core.error.mock.calls.map(([, properties]) => properties?.title)
      expect(titles).toContain('no-shell on linux/amd64, linux/arm64/v8')
      expect(titles).toContain('no-package-manager on linux/amd64, linux/arm64/v8')
      expect(titles.filter((title) => title?.startsWith('no-shell'))).toHaveLength(1)

      const out = outputs()
      const report = JSON.parse(await readFile(String(out.report), 'utf8')) as JsonPlatformsReport
      expect(report.summary.platforms).toEqual(['linux/amd64', 'linux/arm64/v8'])
      // Both platforms read the one shared layer whole.
      expect(report.results[1].violations).toEqual(report.results[0].violations)
      expect(out.result).toBe('fail')
      expect(out.errors).toBe(report.results[0].summary.errors * 2)
      expect(core.setFailed).toHaveBeenCalledWith(
        expect.stringMatching(/violates the policy on 2 platforms of 2 \(linux\/amd64, linux\/arm64\/v8\)/)
      )
      const summary = core.summaryText.join('')
      expect(summary).toContain('## ❌ image-policy-gate: failed on 2 of 2 platforms')
      expect(summary).toContain('| Rule | linux\\/amd64 | linux\\/arm64\\/v8 |')
      const sarif = JSON.parse(await readFile(String(out.sarif), 'utf8')) as Log
      expect(sarif.runs).toHaveLength(2)
    })

    it('with platform set to one, reports that one as a single image', async () => {
      core.getInput.mockImplementation(
        (name: string) => ({ archive: layout, platform: 'linux/arm64' })[name] ?? ''
      )
      await run()
      const titles = core.error.mock.calls.map(([, properties]) => properties?.title)
      expect(titles).toContain('no-shell')
      const report = JSON.parse(await readFile(String(outputs().report), 'utf8')) as { image: unknown }
      expect(report).toHaveProperty('image')
      expect(core.summaryText.join('')).toContain('## ❌ image-policy-gate: failed\n')
    })
  })
})
