// --baseline with an image of several platforms, on a real two-platform OCI layout (skopeo-built, as in
// __tests__/pipeline/platforms.test.ts): each platform is compared with the baseline's same platform,
// from a JSON report of several platforms or from the baseline image's own manifests; a platform the
// baseline lacks is compared with nothing, every violation of it new, and one line says so.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runCli } from '../../src/cli/run.js'
import type { JsonPlatformsReport, JsonReport } from '../../src/report/json.js'
import { recordingIo } from '../../__fixtures__/io.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'
import { multiPlatformLayout } from '../helpers/registry.js'
import { describeWithTools } from '../helpers/tools.js'

const repoRoot = path.resolve(import.meta.dirname, '../..')

async function check(argv: string[]) {
  const io = recordingIo(repoRoot, {})
  const code = await runCli(['check', ...argv], io)
  return { code, out: io.out(), err: io.err() }
}

async function platformsReport(argv: string[]): Promise<JsonPlatformsReport> {
  const { code, out, err } = await check([...argv, '--format', 'json'])
  expect({ code, err }).toEqual({ code: 1, err: '' })
  return JSON.parse(out) as JsonPlatformsReport
}

const states = (report: JsonReport) => report.violations.map((violation) => violation.baseline)

describeWithFixtures('a baseline of several platforms', () => {
  describeWithTools(['skopeo'], 'a two-platform OCI layout', () => {
    let work: string
    let layout: string
    let reportFile: string
    let amd64Report: string
    let first: JsonPlatformsReport
    beforeAll(async () => {
      work = await mkdtemp(path.join(tmpdir(), 'ipg-baseline-platforms-'))
      layout = path.join(work, 'layout')
      await multiPlatformLayout(
        layout,
        {
          amd64: `docker-archive:${fixture('alpine-3.20.docker26.tar')}`,
          arm64: `docker-archive:${fixture('busybox-musl.docker20.tar')}`
        },
        'multi'
      )
      first = await platformsReport(['--archive', layout])
      reportFile = path.join(work, 'report.json')
      await writeFile(reportFile, JSON.stringify(first))
      // A baseline of one of the two platforms: the amd64 result alone, as a single-platform report.
      amd64Report = path.join(work, 'amd64.json')
      await writeFile(amd64Report, JSON.stringify(first.results[0]))
    }, 120_000)
    afterAll(async () => {
      await rm(work, { recursive: true, force: true })
    })

    it('the report of the same run as the baseline: every violation of each platform existing', async () => {
      const { results, summary } = await platformsReport(['--archive', layout, '--baseline', reportFile])
      expect(summary.platforms).toEqual(['linux/amd64', 'linux/arm64/v8'])
      for (const [i, result] of results.entries()) {
        expect(result.violations.length).toBeGreaterThan(0)
        expect(result.violations.length).toBe(first.results[i].violations.length)
        expect(new Set(states(result))).toEqual(new Set(['existing']))
        const baseline = result.summary.baseline
        expect(baseline).toMatchObject({ kind: 'report', platform: result.image.platform, new: 0, fixed: [] })
        expect(baseline?.existing).toBe(result.violations.length)
        expect(baseline?.size.delta).toBe(0)
        expect(baseline).not.toHaveProperty('absent')
      }
    })

    it('the layout itself as the image baseline: all existing, nothing fixed, no change per platform', async () => {
      const { results } = await platformsReport(['--archive', layout, '--baseline', layout])
      expect(results.map((result) => result.image.platform)).toEqual(['linux/amd64', 'linux/arm64/v8'])
      for (const [i, result] of results.entries()) {
        expect(new Set(states(result))).toEqual(new Set(['existing']))
        expect(result.violations.length).toBe(first.results[i].violations.length)
        const baseline = result.summary.baseline
        expect(baseline).toMatchObject({ kind: 'image', platform: result.image.platform, new: 0, fixed: [] })
        expect(baseline?.size).toEqual({
          before: result.image.size,
          after: result.image.size,
          delta: 0
        })
        // Each platform diffed with its own: every layer shared.
        expect(baseline?.diff?.sharedLayers).toBe(result.image.layers)
      }
    })

    it('a baseline of one platform: the other is compared with nothing, all new, one line says so', async () => {
      for (const baseline of [amd64Report, fixture('alpine-3.20.docker26.tar')]) {
        const { results } = await platformsReport(['--archive', layout, '--baseline', baseline])
        const [amd64, arm64] = results
        expect(new Set(states(amd64))).toEqual(new Set(['existing']))
        expect(amd64.summary.baseline?.platform).toBe('linux/amd64')
        expect(arm64.violations.length).toBe(first.results[1].violations.length)
        expect(new Set(states(arm64))).toEqual(new Set(['new']))
        expect(arm64.summary.baseline).toMatchObject({
          platform: 'linux/arm64/v8',
          new: arm64.violations.length,
          existing: 0,
          fixed: [],
          absent: `the baseline ${baseline} has no linux/arm64/v8 (it has linux/amd64): every violation of linux/arm64/v8 is new`
        })
        expect(arm64.summary.baseline).not.toHaveProperty('diff')

        const { code, out, err } = await check(['--archive', layout, '--baseline', baseline])
        expect(code).toBe(1)
        expect(err).toBe('')
        expect(out.split('\n').filter((line) => line.includes('has no linux/arm64/v8'))).toEqual([
          `Baseline: the baseline ${baseline} has no linux/arm64/v8 (it has linux/amd64): every violation of linux/arm64/v8 is new`
        ])
        // The amd64 section keeps the full comparison.
        expect(out).toMatch(/^ {2}violations {2}\d+ new, \d+ existing, 0 fixed$/m)
      }
    }, 120_000)
  })
})
