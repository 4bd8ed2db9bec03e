// Matching violations with a baseline's: by rule and subject (path or another name of the same file,
// label, the size check), exact subjects first; the rest of the baseline is fixed.
import { describe, expect, it } from '@jest/globals'
import { compareViolations } from '../../src/baseline/compare.js'
import { parseBaselineReport, baselineForPlatform } from '../../src/baseline/report.js'
import type { BaselineViolation } from '../../src/baseline/types.js'

const v = (rule: string, fields: Partial<BaselineViolation> = {}): BaselineViolation => ({
  rule,
  severity: 'error',
  message: `${rule} ${fields.path ?? fields.label ?? fields.subject ?? ''}`,
  ...fields
})

describe('compareViolations', () => {
  it('matches by rule and path, and lists what is gone as fixed', () => {
    const baseline = [v('no-package-manager', { path: '/sbin/apk' }), v('no-setuid', { path: '/bin/su' })]
    const current = [v('no-package-manager', { path: '/sbin/apk' }), v('no-shell', { path: '/bin/bash' })]
    const { states, fixed } = compareViolations(current, baseline)
    expect(states).toEqual(['existing', 'new'])
    expect(fixed.map((f) => f.path)).toEqual(['/bin/su'])
  })

  it('the same path under another rule is new', () => {
    const { states } = compareViolations(
      [v('no-shell', { path: '/bin/busybox' })],
      [v('no-package-manager', { path: '/bin/busybox' })]
    )
    expect(states).toEqual(['new'])
  })

  it('matches a file by any of its names (a hard link or applet link moved)', () => {
    const baseline = [v('no-shell', { path: '/bin/busybox', names: ['/bin/busybox', '/bin/sh'] })]
    const current = [v('no-shell', { path: '/usr/bin/busybox', names: ['/bin/sh', '/usr/bin/busybox'] })]
    expect(compareViolations(current, baseline).states).toEqual(['existing'])
  })

  it('matches exact paths first: a new bash linked as /bin/sh does not take BusyBox’s place', () => {
    const baseline = [v('no-shell', { path: '/bin/busybox', names: ['/bin/busybox', '/bin/sh'] })]
    // bash is listed first, and reaches /bin/sh as the baseline's BusyBox did.
    const current = [
      v('no-shell', { path: '/bin/bash', names: ['/bin/bash', '/bin/sh'] }),
      v('no-shell', { path: '/bin/busybox', names: ['/bin/ash', '/bin/busybox'] })
    ]
    const { states, fixed } = compareViolations(current, baseline)
    expect(states).toEqual(['new', 'existing'])
    expect(fixed).toEqual([])
  })

  it('matches labels by name, size checks by check, the user by rule', () => {
    const baseline = [
      v('required-labels', { label: 'org.opencontainers.image.source' }),
      v('size', { subject: 'max' }),
      v('size', { subject: 'maxLayer sha256:aaa' }),
      v('non-root-user', { message: 'no User' })
    ]
    const current = [
      v('required-labels', { label: 'org.opencontainers.image.source' }),
      v('required-labels', { label: 'org.opencontainers.image.version' }),
      v('size', { subject: 'max', message: 'image size 12 MB exceeds max 10 MB' }),
      v('size', { subject: 'maxLayer sha256:bbb' }),
      v('size', { subject: 'maxGrowth' }),
      v('non-root-user', { message: 'User "root" is root' })
    ]
    const { states, fixed } = compareViolations(current, baseline)
    expect(states).toEqual(['existing', 'new', 'existing', 'new', 'new', 'existing'])
    expect(fixed.map((f) => f.subject)).toEqual(['maxLayer sha256:aaa'])
  })

  it('a report without subjects matches a size check by the rule', () => {
    const { states } = compareViolations([v('size', { subject: 'max' })], [v('size')])
    expect(states).toEqual(['existing'])
  })

  it('each baseline violation matches once', () => {
    const { states } = compareViolations([v('non-root-user'), v('non-root-user')], [v('non-root-user')])
    expect(states).toEqual(['existing', 'new'])
  })
})

describe('parseBaselineReport: the report is untrusted', () => {
  const image = { reference: 'a', platform: 'linux/amd64', size: 10, compressedSize: 5, layers: 1 }
  const ok = { image, violations: [{ rule: 'no-shell', severity: 'error', message: 'm', path: '/bin/sh' }] }

  it('reads a report of one platform', () => {
    const [only] = parseBaselineReport(JSON.stringify(ok), 'main.json')
    expect(only.facts).toEqual({ size: 10, compressedSize: 5, layers: 1 })
    expect(only.violations).toEqual([ok.violations[0]])
  })

  it.each([
    ['not JSON', '{', /main\.json is not a JSON report of image-policy-gate: .*JSON/],
    ['a list', '[]', /the report is not an object/],
    [
      'no image',
      JSON.stringify({ violations: [] }),
      /the report\.image is not an object|image is not an object/
    ],
    [
      'a size that is not a count',
      JSON.stringify({ ...ok, image: { ...image, size: -1 } }),
      /image\.size is not a whole number/
    ],
    [
      'a violation without a rule',
      JSON.stringify({ ...ok, violations: [{ severity: 'error', message: 'm' }] }),
      /violations\[0\]\.rule is not a string/
    ],
    [
      'an unknown severity',
      JSON.stringify({ ...ok, violations: [{ rule: 'r', severity: 'fatal', message: 'm' }] }),
      /violations\[0\]\.severity is not one of error, warning, notice/
    ],
    [
      'names that are not strings',
      JSON.stringify({ ...ok, violations: [{ ...ok.violations[0], names: [1] }] }),
      /violations\[0\]\.names\[0\] is not a string/
    ],
    ['empty results', JSON.stringify({ results: [] }), /results is not a list of platform reports/]
  ])('rejects %s in one line', (_what, text, pattern) => {
    let message = ''
    try {
      parseBaselineReport(text, 'main.json')
    } catch (error) {
      message = (error as Error).message
    }
    expect(message).toMatch(pattern)
    expect(message).toMatch(/^the baseline main\.json is not a JSON report of image-policy-gate: /)
    expect(message.split('\n')).toHaveLength(1)
  })

  it('picks a platform of a multi-platform report, and says which it lacks', () => {
    const arm = { ...ok, image: { ...image, platform: 'linux/arm64', size: 20 } }
    const baselines = parseBaselineReport(JSON.stringify({ results: [ok, arm], summary: {} }), 'm.json')
    expect(baselineForPlatform(baselines, 'linux/arm64').facts.size).toBe(20)
    expect(() => baselineForPlatform(baselines, 'linux/s390x')).toThrow(
      'the baseline m.json has no report for linux/s390x (it has linux/amd64, linux/arm64)'
    )
  })

  it('compares a one-platform report with another platform, saying so', () => {
    const [only] = parseBaselineReport(JSON.stringify(ok), 'm.json')
    expect(baselineForPlatform([only], 'linux/arm64').warnings).toEqual([
      'the baseline m.json is of linux/amd64, compared with linux/arm64'
    ])
  })
})
