// The reports of a run that gated several platforms: one verdict per platform, labelled in every format;
// a single platform is reported exactly as before.
import { describe, expect, it } from '@jest/globals'
import type { Severity, Violation } from '../../src/policy/types.js'
import { ANNOTATIONS_PER_LEVEL, selectPlatformAnnotations } from '../../src/report/annotations.js'
import { buildJsonReport, buildJsonReports, type JsonPlatformsReport } from '../../src/report/json.js'
import type { ReportInput, ReportSet } from '../../src/report/model.js'
import { buildSarif, buildSarifAll } from '../../src/report/sarif.js'
import { renderSummary, renderSummaryAll } from '../../src/report/summary.js'
import { renderText, renderTextAll } from '../../src/report/text.js'
import { sampleImage } from '../../__fixtures__/image.js'
import { makeInput } from '../../__fixtures__/report.js'

function violation(rule: string, severity: Severity, path?: string): Violation {
  return { rule, severity, message: `${rule} found${path ? ` at ${path}` : ''}`, ...(path ? { path } : {}) }
}

function onPlatform(architecture: string, violations: Violation[]): ReportInput {
  const image = sampleImage()
  image.platform = { os: 'linux', architecture }
  return makeInput(violations, { image })
}

const SARIF = { sourceRoot: '/repo', baseDir: '/repo', category: 'ghcr.io/o/app' }

describe('a single platform', () => {
  it('renders exactly as a single image did, in every format', () => {
    const input = onPlatform('amd64', [violation('no-shell', 'error', '/bin/sh')])
    const set: ReportSet = { reports: [input], unreadable: [] }
    expect(buildJsonReports(set)).toEqual(buildJsonReport(input))
    expect(buildSarifAll(set, SARIF)).toEqual(buildSarif(input, SARIF))
    expect(renderSummaryAll(set)).toBe(renderSummary(input))
    expect(renderTextAll(set, { color: false })).toBe(renderText(input, { color: false }))
  })
})

describe('several platforms', () => {
  const amd64 = onPlatform('amd64', [violation('no-shell', 'error', '/bin/sh'), violation('size', 'warning')])
  const arm64 = onPlatform('arm64', [violation('no-shell', 'error', '/bin/sh')])
  const set: ReportSet = {
    reports: [amd64, arm64],
    unreadable: [{ platform: 'linux/s390x', reason: 'manifest blobs/sha256/ab is not in the archive' }]
  }

  it('JSON: one report per platform, each today’s shape, and one summary', () => {
    const report = buildJsonReports(set) as JsonPlatformsReport
    expect(report.results).toEqual([buildJsonReport(amd64), buildJsonReport(arm64)])
    expect(report.summary).toEqual({
      result: 'fail',
      failOn: 'error',
      platforms: ['linux/amd64', 'linux/arm64'],
      failed: ['linux/amd64', 'linux/arm64'],
      unreadable: [{ platform: 'linux/s390x', reason: 'manifest blobs/sha256/ab is not in the archive' }],
      violations: 3,
      errors: 2,
      warnings: 1,
      notices: 0,
      waived: 0
    })
  })

  it('SARIF: one run per platform, its automation id and results naming it', () => {
    const log = buildSarifAll(set, SARIF)
    expect(log.runs.map((run) => run.automationDetails?.id)).toEqual([
      'image-policy-gate/ghcr.io_o_app/linux_amd64/',
      'image-policy-gate/ghcr.io_o_app/linux_arm64/'
    ])
    expect(log.runs.map((run) => run.results?.length)).toEqual([2, 1])
    expect(log.runs[1].results?.[0].properties?.platform).toBe('linux/arm64')
  })

  it('annotations: a violation found on both is one annotation naming both', () => {
    const { annotations } = selectPlatformAnnotations(
      set.reports.map((input) => ({
        platform: input.image.platform.architecture === 'amd64' ? 'linux/amd64' : 'linux/arm64',
        violations: input.evaluation.violations,
        locate: input.locate
      })),
      '/repo',
      'the job summary'
    )
    expect(annotations.map((annotation) => annotation.title).sort()).toEqual([
      'no-shell on linux/amd64, linux/arm64',
      'size on linux/amd64'
    ])
  })

  it('annotations: grouping keeps within the per-level cap', () => {
    const many = (architecture: string) =>
      onPlatform(
        architecture,
        Array.from({ length: 30 }, (_, index) => ({
          ...violation(`rule-${index}`, 'error', `/p${index}`),
          // Half differ between platforms: those are annotated per platform.
          message: index % 2 === 0 ? `same ${index}` : `${architecture} ${index}`
        }))
      )
    const { annotations, omitted } = selectPlatformAnnotations(
      ['amd64', 'arm64'].map((architecture) => {
        const input = many(architecture)
        return {
          platform: `linux/${architecture}`,
          violations: input.evaluation.violations,
          locate: input.locate
        }
      }),
      '/repo',
      'the job summary'
    )
    expect(annotations.filter((annotation) => annotation.level === 'error')).toHaveLength(
      ANNOTATIONS_PER_LEVEL
    )
    // 15 grouped + 30 per platform = 45 groups, 10 shown (one of them says how many more there are).
    expect(omitted).toBeGreaterThan(0)
  })

  it('summary: the platform × rule matrix, the platforms not read, then each platform', () => {
    const summary = renderSummaryAll(set)
    expect(summary).toMatch(/^## ❌ image-policy-gate: failed on 2 of 2 platforms$/m)
    expect(summary).toContain('| Rule | linux\\/amd64 | linux\\/arm64 |')
    expect(summary).toMatch(/^\| no\\-shell \| ❌ 1 error \| ❌ 1 error \|$/m)
    expect(summary).toMatch(/^\| size \| ⚠️ 1 warning \| ✅ \|$/m)
    expect(summary).toContain('| **Result** | ❌ failed | ❌ failed |')
    expect(summary).toMatch(/^> - linux\\\/s390x: manifest blobs.*sha256.*ab is not in the archive$/m)
    expect(summary.indexOf('<summary><b>linux\\/amd64</b>')).toBeLessThan(
      summary.indexOf('<summary><b>linux\\/arm64</b>')
    )
  })

  it('text: a section per platform, what was not read, and the verdict of each', () => {
    const text = renderTextAll(set, { color: false })
    expect(text).toContain('── linux/amd64 (platform 1 of 2) ──')
    expect(text).toContain('── linux/arm64 (platform 2 of 2) ──')
    expect(text).toContain('Not read: linux/s390x: manifest blobs/sha256/ab is not in the archive')
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      'FAIL: 2 platforms: linux/amd64 fail (1 error), linux/arm64 fail (1 error)'
    )
  })
})
