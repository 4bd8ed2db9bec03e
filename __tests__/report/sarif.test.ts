// SARIF shape as github/codeql-action/upload-sarif reads it, checked field by field.
import { describe, expect, it } from '@jest/globals'
import path from 'node:path'
import type { Log } from 'sarif'
import { mapDockerfile } from '../../src/dockerfile/map.js'
import { readFile } from 'node:fs/promises'
import { UserError } from '../../src/common/errors.js'
import { PROJECT_URL, REPOSITORY_URL } from '../../src/report/project.js'
import { absoluteLinks, buildSarif, sarifLocationProblem, SARIF_SCHEMA } from '../../src/report/sarif.js'
import { sampleImage } from '../../__fixtures__/image.js'
import { makeInput, POLICY, TEST_RULES } from '../../__fixtures__/report.js'
import type { Violation } from '../../src/policy/types.js'

const ROOT = '/repo'
const OPTIONS = { sourceRoot: ROOT, category: 'example/app:1.0' }
const violations: Violation[] = [
  { rule: 'no-shell', severity: 'error', message: 'BusyBox shell', path: '/bin/busybox', layer: 0 },
  { rule: 'no-secrets', severity: 'warning', message: 'private key', path: '/srv/key.pem', layer: 2 },
  { rule: 'size', severity: 'notice', message: 'image is 3.1 MB, over 1 MB' },
  {
    rule: 'no-package-manager',
    severity: 'error',
    message: 'apk',
    path: '/sbin/apk',
    layer: 0,
    waived: { reason: 'TICKET-1' }
  },
  { rule: 'expired-waiver', severity: 'error', message: 'waiver expired on 2026-01-01' }
]

/** The invariants upload-sarif and code scanning rely on. */
function expectValidSarif(log: Log): void {
  expect(log.version).toBe('2.1.0')
  expect(log.$schema).toBe(SARIF_SCHEMA)
  expect(log.runs).toHaveLength(1)
  const [run] = log.runs
  expect(run.tool.driver.name).toBeTruthy()
  const rules = run.tool.driver.rules ?? []
  expect(new Set(rules.map((r) => r.id)).size).toBe(rules.length)
  for (const rule of rules) {
    expect(rule.shortDescription?.text).toBeTruthy()
    expect(rule.fullDescription?.text).toBeTruthy()
    expect(rule.help?.text).toBeTruthy()
    expect(rule.helpUri).toMatch(/^https:\/\//)
    expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration?.level)
  }
  for (const result of run.results ?? []) {
    expect(result.message.text).toBeTruthy()
    expect(rules[result.ruleIndex ?? -1]?.id).toBe(result.ruleId)
    expect(['error', 'warning', 'note']).toContain(result.level)
    expect(result.locations).toHaveLength(1)
    const physical = result.locations?.[0].physicalLocation
    expect(physical?.artifactLocation?.uri).toBeTruthy()
    expect(physical?.region?.startLine).toBeGreaterThanOrEqual(1)
  }
  for (const rule of rules) expect(rule.name?.toLowerCase()).not.toBe(rule.id.toLowerCase())
  // Every artifact URI is a path relative to the repository root: no scheme, no absolute path.
  for (const result of run.results ?? []) {
    const artifact = result.locations?.[0].physicalLocation?.artifactLocation
    expect(artifact?.uriBaseId).toBe('%SRCROOT%')
    expect(artifact?.uri).not.toMatch(/^[A-Za-z][A-Za-z0-9+.-]*:|^\//)
  }
  // Round-trips as plain JSON: no key whose value is undefined (JSON drops it), no cycles, no class
  // instances. toStrictEqual, unlike toEqual, tells a missing key from one set to undefined.
  expect(JSON.parse(JSON.stringify(log))).toStrictEqual(log)
}

describe('buildSarif', () => {
  it('has one descriptor per registered rule plus unregistered ones, and one result per violation', () => {
    const log = buildSarif(makeInput(violations), OPTIONS)
    expectValidSarif(log)
    const ids = log.runs[0].tool.driver.rules?.map((r) => r.id)
    expect(ids).toEqual([...TEST_RULES.map((r) => r.id), 'expired-waiver'])
    expect(log.runs[0].results).toHaveLength(violations.length)
  })

  it('locates results on the policy rule line relative to the repository root', () => {
    const log = buildSarif(makeInput(violations), OPTIONS)
    const shell = log.runs[0].results?.find((r) => r.ruleId === 'no-shell')
    expect(shell?.locations?.[0].physicalLocation).toEqual({
      artifactLocation: { uri: POLICY, uriBaseId: '%SRCROOT%' },
      region: { startLine: 4, startColumn: 3 }
    })
    expect(shell?.level).toBe('error')
    expect(log.runs[0].results?.find((r) => r.ruleId === 'size')?.level).toBe('note')
  })

  it('locates results on the Dockerfile instruction that created the layer', () => {
    const image = sampleImage()
    const dockerfile = mapDockerfile(
      'Dockerfile',
      'FROM alpine\nRUN rm /etc/big.cache\nCOPY hello /srv/hello\nUSER app\n',
      image.config.history,
      image.layers
    )
    const log = buildSarif(makeInput(violations, { dockerfile, image }), OPTIONS)
    expectValidSarif(log)
    const lineOf = (rule: string) =>
      log.runs[0].results?.find((r) => r.ruleId === rule)?.locations?.[0].physicalLocation?.region?.startLine
    expect(lineOf('no-shell')).toBe(1)
    expect(lineOf('no-secrets')).toBe(3)
    expect(log.runs[0].results?.find((r) => r.ruleId === 'no-secrets')?.message.text).toContain(
      'COPY hello /srv/hello'
    )
    // No layer: stays on the policy file.
    expect(
      log.runs[0].results?.find((r) => r.ruleId === 'size')?.locations?.[0].physicalLocation?.artifactLocation
        ?.uri
    ).toBe(POLICY)
  })

  it('marks waived violations as suppressed with the reason', () => {
    const log = buildSarif(makeInput(violations), OPTIONS)
    const waived = log.runs[0].results?.find((r) => r.ruleId === 'no-package-manager')
    expect(waived?.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'TICKET-1' }
    ])
  })

  it('uses the rule documentation as help when given, and one category per image', () => {
    const log = buildSarif(makeInput(violations), {
      ...OPTIONS,
      ruleHelp: { 'no-shell': '# no-shell\nWhy shells matter.' }
    })
    const rule = log.runs[0].tool.driver.rules?.find((r) => r.id === 'no-shell')
    expect(rule?.help?.markdown).toBe('# no-shell\nWhy shells matter.')
    expect(log.runs[0].automationDetails?.id).toBe('image-policy-gate/example_app:1.0/')
  })

  it('never names a file outside the repository: falls back to the policy file, relative to the root', () => {
    const input = makeInput([violations[0]])
    const outside = {
      ...input,
      locate: () => ({
        location: { file: '/opt/action/policies/default.yml', line: 7, column: 3 },
        source: 'policy' as const
      })
    }
    const log = buildSarif(outside, OPTIONS)
    expectValidSarif(log)
    expect(log.runs[0].results?.[0].locations?.[0].physicalLocation).toEqual({
      artifactLocation: { uri: POLICY, uriBaseId: '%SRCROOT%' },
      region: { startLine: 1 }
    })
  })

  it('resolves paths from the working directory but writes them relative to the repository root', () => {
    const input = makeInput([violations[2]])
    const log = buildSarif(
      { ...input, policyPath: undefined, locate: () => ({ source: 'none' as const }) },
      { ...OPTIONS, baseDir: '/repo/services/api', dockerfilePath: 'Dockerfile' }
    )
    expect(log.runs[0].results?.[0].locations?.[0].physicalLocation?.artifactLocation?.uri).toBe(
      'services/api/Dockerfile'
    )
  })
})

describe('SARIF locations never come from the image', () => {
  const noSource = (reference: string, tags: string[]) => ({
    ...makeInput([violations[2], violations[0]]),
    image: { ...sampleImage(), reference, repoTags: tags },
    policyPath: undefined,
    locate: () => ({ source: 'none' as const })
  })

  it('an archive tagged .github/workflows/release.yml puts no alert on that file', () => {
    const input = noSource('.github/workflows/release.yml', ['.github/workflows/release.yml'])
    const log = buildSarif(input, { ...OPTIONS, workflowFile: '.github/workflows/ci.yml' })
    expectValidSarif(log)
    for (const result of log.runs[0].results ?? [])
      expect(result.locations?.[0].physicalLocation?.artifactLocation?.uri).toBe('.github/workflows/ci.yml')
    // Nor does it choose the category, which would replace another image's alerts.
    expect(log.runs[0].automationDetails?.id).toBe('image-policy-gate/example_app:1.0/')
  })

  it('with neither a Dockerfile, a policy file nor a workflow, refuses rather than naming the image', () => {
    const input = noSource('my-app:ci', ['my-app:ci'])
    expect(sarifLocationProblem(OPTIONS, undefined)).toMatch(/give --dockerfile or a --policy file/)
    expect(() => buildSarif(input, OPTIONS)).toThrow(UserError)
  })

  it('percent-encodes a file name that would read as a scheme or a fragment', () => {
    const input = { ...noSource('a', []), policyPath: 'my-app:ci#1.yml' }
    const log = buildSarif(input, OPTIONS)
    expect(log.runs[0].results?.[0].locations?.[0].physicalLocation?.artifactLocation?.uri).toBe(
      'my-app%3Aci%231.yml'
    )
  })
})

it('takes help text from the docs/rules page of every registered rule, with absolute links', async () => {
  const { RULES } = await import('../../src/policy/index.js')
  const { loadRuleHelp } = await import('../../src/report/rule-help.js')
  const help = await loadRuleHelp(RULES, path.resolve(import.meta.dirname, '../..'))
  expect(Object.keys(help).sort()).toEqual(RULES.map((r) => r.id).sort())
  const log = buildSarif({ ...makeInput(violations), rules: RULES }, { ...OPTIONS, ruleHelp: help })
  expectValidSarif(log)
  for (const rule of log.runs[0].tool.driver.rules ?? []) {
    expect(rule.help?.markdown).toContain(rule.id)
    for (const [, target] of (rule.help?.markdown ?? '').matchAll(/\]\(([^)]+)\)/g))
      expect(target).toMatch(/^https:\/\//)
    expect(rule.helpUri).toBe(`${PROJECT_URL}/blob/main/docs/rules/${rule.id}.md`)
  }
  const distroless = log.runs[0].tool.driver.rules?.find((r) => r.id === 'distroless')
  expect(distroless?.help?.markdown).toContain(`](${PROJECT_URL}/blob/main/src/policy/rules/distroless.ts)`)
  expect(distroless?.help?.markdown).toContain(`](${PROJECT_URL}/blob/main/docs/rules/no-shell.md)`)
})

it('links to the repository package.json declares', async () => {
  const pkg = JSON.parse(await readFile(path.resolve(import.meta.dirname, '../../package.json'), 'utf8')) as {
    repository: { url: string }
  }
  expect(pkg.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')).toBe(REPOSITORY_URL)
  expect(absoluteLinks('[a](x.md) [b](https://e.org/) [c](#top)', 'https://h.org/d/p.md')).toBe(
    '[a](https://h.org/d/x.md) [b](https://e.org/) [c](#top)'
  )
})
