import { describe, expect, it } from '@jest/globals'
import { buildJsonReport, jsonReporter, type JsonReport } from '../../src/report/json.js'
import { renderText } from '../../src/report/text.js'
import { formatSize } from '../../src/common/size-format.js'
import { makeInput } from '../../__fixtures__/report.js'
import type { Violation } from '../../src/policy/types.js'

const violations: Violation[] = [
  { rule: 'no-secrets', severity: 'warning', message: 'private key', path: '/srv/key.pem', layer: 2 },
  { rule: 'size', severity: 'error', message: 'image is 4.4 MB, over 1 MB' },
  { rule: 'no-shell', severity: 'error', message: 'BusyBox', path: '/bin/busybox', layer: 0 },
  { rule: 'no-shell', severity: 'error', message: 'bash', path: '/bin/bash', layer: 1 },
  {
    rule: 'no-package-manager',
    severity: 'error',
    message: 'apk',
    path: '/sbin/apk',
    layer: 0,
    waived: { reason: 'T-1', expires: '2027-03-31' }
  }
]

describe('JSON report', () => {
  it('has the contract shape: image, violations worst first with optional fields, summary', () => {
    const report = buildJsonReport(makeInput(violations))
    expect(Object.keys(report)).toEqual(['image', 'violations', 'summary'])
    expect(report.violations.map((v) => v.rule)).toEqual([
      'no-shell',
      'no-shell',
      'size',
      'no-secrets',
      'no-package-manager'
    ])
    expect(report.violations[2]).toEqual({
      rule: 'size',
      severity: 'error',
      message: 'image is 4.4 MB, over 1 MB',
      fix: expect.stringContaining('docs/rules/size.md'),
      waiver: '- { rule: size, reason: "TODO: why this is acceptable (ticket, owner)", expires: 2026-07-01 }'
    })
    expect(report.violations[4]).toEqual({
      rule: 'no-package-manager',
      severity: 'error',
      message: 'apk',
      path: '/sbin/apk',
      layer: 0,
      waived: { reason: 'T-1', expires: '2027-03-31' },
      fix: expect.any(String)
    })
    expect(report.summary).toMatchObject({
      result: 'fail',
      failOn: 'error',
      violations: 4,
      errors: 3,
      warnings: 1,
      notices: 0,
      waived: 1
    })
    expect(report.image).toMatchObject({
      reference: 'example/app:1.0',
      platform: 'linux/amd64',
      user: 'app',
      layers: 3,
      size: 4_370_300
    })
  })

  it('passes with fail-on never and renders as parseable JSON', () => {
    const text = jsonReporter.render(makeInput(violations, { failOn: 'never' }), { color: false })
    expect((JSON.parse(text) as JsonReport).summary.result).toBe('pass')
  })
})

describe('text report', () => {
  it('groups by rule, worst first, with sizes for people and the verdict last', () => {
    const text = renderText(makeInput(violations), { color: false })
    const order = ['no-shell', 'size', 'no-secrets', 'no-package-manager'].map((rule) =>
      text.indexOf(`\n${rule}  `)
    )
    expect(order.every((pos, i) => pos > 0 && (i === 0 || pos > order[i - 1]))).toBe(true)
    expect(text).toContain('no-shell  error  (2 violations)')
    expect(text).toContain('4.4 MB in 3 layers')
    expect(text).toContain('waived: T-1 (until 2027-03-31)')
    expect(text.trimEnd().split('\n').pop()).toBe(
      'FAIL: 3 errors, 1 warning, 0 notices, 1 waived (failing on error or worse)'
    )
    expect(text).not.toContain('\x1b[')
  })

  it('colours only when asked', () => {
    expect(renderText(makeInput(violations), { color: true })).toContain('\x1b[31m')
  })
})

it('formats sizes in powers of 1000', () => {
  expect([0, 999, 1000, 1_500_000, 123_456_789, 5e12].map((bytes) => formatSize(bytes))).toEqual([
    '0 B',
    '999 B',
    '1.0 kB',
    '1.5 MB',
    '123 MB',
    '5.0 TB'
  ])
})

describe('order of paths in reports', () => {
  it('is by code unit, whatever the locale: upper case before lower, not interleaved', () => {
    const mixed: Violation[] = ['/bin/b', '/bin/B', '/bin/a', '/bin/A', '/bin/é', '/bin/z'].map((path) => ({
      rule: 'no-shell',
      severity: 'error',
      message: path,
      path
    }))
    const report = buildJsonReport(makeInput(mixed))
    // localeCompare in an English locale gives a, A, b, B, é, z.
    expect(report.violations.map((v) => v.path)).toEqual([
      '/bin/A',
      '/bin/B',
      '/bin/a',
      '/bin/b',
      '/bin/z',
      '/bin/é'
    ])
  })
})

describe('text report marks and messages', () => {
  const mixed: Violation[] = [
    {
      rule: 'no-shell',
      severity: 'error',
      message: 'BusyBox providing sh: /bin/busybox',
      path: '/bin/busybox',
      layer: 0
    },
    { rule: 'no-secrets', severity: 'warning', message: 'private key', path: '/srv/key.pem', layer: 2 },
    { rule: 'size', severity: 'notice', message: 'layer 0 7.79 MB exceeds maxLayer 5 MB', layer: 0 }
  ]
  const line = (text: string, what: string) => text.split('\n').find((l) => l.includes(what)) ?? ''

  it('tells severity without implying failure under fail-on: never, and ✗ only for what fails', () => {
    const never = renderText(makeInput(mixed, { failOn: 'never' }), { color: false })
    expect(line(never, '/bin/busybox')).toMatch(/^ {2}!! \/bin\/busybox/)
    expect(line(never, '/srv/key.pem')).toMatch(/^ {2}! {2}\/srv\/key\.pem/)
    expect(line(never, 'maxLayer')).toMatch(/^ {2}· {2}layer 0/)
    expect(never).not.toContain('✗')
    const onWarning = renderText(makeInput(mixed, { failOn: 'warning' }), { color: false })
    expect(line(onWarning, '/bin/busybox')).toMatch(/^ {2}✗ {2}\/bin\/busybox/)
    expect(line(onWarning, '/srv/key.pem')).toMatch(/^ {2}✗ {2}\/srv\/key\.pem/)
    expect(line(onWarning, 'maxLayer')).toMatch(/^ {2}· {2}layer 0/)
  })

  it('does not repeat the layer or the path shown before the message', () => {
    const text = renderText(makeInput(mixed), { color: false })
    expect(line(text, 'maxLayer')).toBe('  ·  layer 0: 7.79 MB exceeds maxLayer 5 MB')
    expect(line(text, '/bin/busybox')).toBe('  ✗  /bin/busybox  layer 0: BusyBox providing sh')
  })
})
