// Waivers: a matching, unexpired waiver marks violations waived; an expired one stops waiving and is reported.
import { describe, expect, it } from '@jest/globals'
import { dir, executable, hardlink, imageFromLayers, multiCall, symlink } from '../../__fixtures__/image.js'
import { countViolations } from '../../src/report/verdict.js'
import { check, NOW } from '../../__fixtures__/policy.js'

const image = imageFromLayers([
  [
    dir('/bin'),
    dir('/busybox'),
    multiCall('/busybox/busybox', ['sh']),
    symlink('/bin/sh', '/busybox/busybox'),
    executable('/bin/bash')
  ],
  [dir('/sbin'), executable('/sbin/apk'), hardlink('/sbin/apk-link', '/sbin/apk')]
])

const waiver = (rule: string, expires: string, extra = '') =>
  `  - rule: ${rule}\n${extra}    reason: TICKET-12\n    expires: ${expires}\n`

describe('waivers', () => {
  it('waive only the violations whose real paths match the glob', async () => {
    const result = await check(
      image,
      `rules:\n  no-shell: true\nwaivers:\n${waiver('no-shell', '2027-03-31', '    path: /busybox/**\n')}`
    )
    const shells = result.violations.filter((violation) => violation.rule === 'no-shell')
    expect(shells.map((violation) => [violation.path, violation.waived?.reason])).toEqual([
      ['/bin/bash', undefined],
      ['/busybox/busybox', 'TICKET-12']
    ])
    expect(shells[1].waived).toEqual({
      reason: 'TICKET-12',
      expires: '2027-03-31',
      location: { file: 'test-policy.yml', line: 5, column: 5 }
    })
    expect(countViolations(result.violations)).toMatchObject({ errors: 1, waived: 1 })
  })

  it('match a hard link of the reported file', async () => {
    const result = await check(
      image,
      `rules:\n  no-package-manager: true\nwaivers:\n${waiver('no-package-manager', '2027-03-31', '    path: /sbin/apk-link\n')}`
    )
    expect(result.violations).toEqual([
      expect.objectContaining({ path: '/sbin/apk', waived: expect.anything() })
    ])
    expect(countViolations(result.violations).errors).toBe(0)
  })

  it('without a path waive every violation of the rule', async () => {
    const result = await check(
      image,
      `rules:\n  no-shell: true\n  no-package-manager: true\nwaivers:\n${waiver('no-shell', '2027-03-31')}`
    )
    expect(result.violations.map((violation) => [violation.rule, violation.waived !== undefined])).toEqual([
      ['no-package-manager', false],
      ['no-shell', true],
      ['no-shell', true]
    ])
  })

  it('hold through their expiry day and stop after it, reporting themselves', async () => {
    const today = NOW.toISOString().slice(0, 10)
    const valid = await check(image, `rules:\n  no-shell: true\nwaivers:\n${waiver('no-shell', today)}`)
    expect(countViolations(valid.violations)).toMatchObject({ errors: 0, waived: 2 })
    expect(valid.expiringWaivers).toEqual([
      { rule: 'no-shell', path: undefined, expires: today, reason: 'TICKET-12' }
    ])

    const expired = await check(
      image,
      `rules:\n  no-shell: true\nwaivers:\n${waiver('no-shell', '2026-05-31', '    path: /busybox/**\n')}`
    )
    expect(expired.violations.every((violation) => violation.waived === undefined)).toBe(true)
    const report = expired.violations.find((violation) => violation.rule === 'expired-waiver')
    expect(report?.severity).toBe('error')
    expect(report?.message).toBe(
      'waiver for no-shell on /busybox/** expired on 2026-05-31 (reason: TICKET-12) and waives nothing now: renew its date or remove it (test-policy.yml:5)'
    )
    expect(expired.ruleLocations['expired-waiver']).toEqual({ file: 'test-policy.yml', line: 5, column: 5 })
    expect(countViolations(expired.violations).errors).toBe(3)
    expect(expired.expiringWaivers).toEqual([])
  })

  it('list waivers expiring within 30 days', async () => {
    const result = await check(
      image,
      `rules:\n  no-shell: true\nwaivers:\n${waiver('no-shell', '2026-06-30')}${waiver('no-shell', '2026-07-15')}`
    )
    expect(result.expiringWaivers.map((entry) => entry.expires)).toEqual(['2026-06-30'])
  })
})

describe('evaluation', () => {
  it('sorts unwaived first, worst first, then by rule order and path, and counts by severity', async () => {
    const result = await check(
      image,
      `rules:\n  no-shell: notice\n  no-package-manager: warning\n  non-root-user: true\n`
    )
    expect(result.violations.map((violation) => [violation.rule, violation.severity])).toEqual([
      ['non-root-user', 'error'],
      ['no-package-manager', 'warning'],
      ['no-shell', 'notice'],
      ['no-shell', 'notice']
    ])
    expect(countViolations(result.violations)).toEqual({
      violations: 4,
      errors: 1,
      warnings: 1,
      notices: 2,
      waived: 0
    })
    expect(result.rulesEvaluated).toEqual(['no-shell', 'no-package-manager', 'non-root-user'])
    expect(Object.keys(result.ruleLocations)).toEqual(['no-shell', 'no-package-manager', 'non-root-user'])
  })
})
