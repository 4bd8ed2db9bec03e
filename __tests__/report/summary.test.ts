import { describe, expect, it } from '@jest/globals'
import { mapDockerfile } from '../../src/dockerfile/map.js'
import { renderSummary, SUMMARY_LIMIT_BYTES } from '../../src/report/summary.js'
import { makeEvaluation, sampleImage } from '../../__fixtures__/image.js'
import { makeInput, RULE_LOCATIONS } from '../../__fixtures__/report.js'
import type { Violation } from '../../src/policy/types.js'

describe('renderSummary', () => {
  it('keeps a line break inside a name the message quotes visible, as every output does', () => {
    const name = '/x\n::error::y'
    const violations: Violation[] = [
      {
        rule: 'no-shell',
        severity: 'error',
        message: `shell sh: /bin/sh (also reached as ${name})`,
        path: '/bin/sh'
      }
    ]
    const text = renderSummary(makeInput(violations, { image: sampleImage() }))
    const row = text.split('\n').find((line) => line.startsWith('| no\\-shell'))
    expect(row).toContain('reached as \\/x\\\\n\\:\\:error')
    expect(row).not.toContain('x \\:\\:error')
  })

  const image = sampleImage()
  const dockerfile = mapDockerfile(
    'Dockerfile',
    'FROM alpine\nRUN rm /etc/big.cache\nCOPY hello /srv/hello\n',
    image.config.history,
    image.layers
  )

  it('shows verdict, image facts, violations with their Dockerfile line, layers, waste and waivers', () => {
    const violations: Violation[] = [
      { rule: 'no-shell', severity: 'error', message: 'BusyBox | shell', path: '/bin/busybox', layer: 0 },
      {
        rule: 'no-package-manager',
        severity: 'error',
        message: 'apk',
        path: '/sbin/apk',
        layer: 0,
        waived: { reason: 'TICKET-9', expires: '2027-01-01' }
      }
    ]
    const evaluation = {
      ...makeEvaluation(violations, RULE_LOCATIONS),
      expiringWaivers: [
        { rule: 'no-package-manager', path: '/sbin/apk', expires: '2026-12-01', reason: 'TICKET-9' }
      ]
    }
    const text = renderSummary(makeInput(violations, { image, dockerfile, evaluation }))
    expect(text).toContain('## ❌ image-policy-gate: failed')
    expect(text).toContain('| Reference | example\\/app\\:1\\.0 |')
    expect(text).toContain('| User | app |')
    expect(text).toContain('| Layers | 3 |')
    // The pipe in the message cannot break the table.
    expect(text).toContain(
      '| no\\-shell | error | <code>\\/bin\\/busybox</code> | 0 | Dockerfile:1 <code>FROM alpine</code> | BusyBox \\| shell |'
    )
    expect(text).toMatch(/\| 2 \| 1\.5 MB \| .* \| <code>COPY hello \\\/srv\\\/hello<\/code> \|/)
    expect(text).toContain('### Wasted bytes: 2.0 MB')
    expect(text).toContain('<code>\\/etc\\/big\\.cache</code> | 0 | 2.0 MB | deleted')
    expect(text).toContain(
      '| no\\-package\\-manager | <code>\\/sbin\\/apk</code> | TICKET\\-9 | 2027\\-01\\-01 |'
    )
    expect(text).toContain('1 waiver expires within 30 days')
  })

  it('says pass when only waived or sub-threshold violations remain', () => {
    const violations: Violation[] = [{ rule: 'no-secrets', severity: 'warning', message: 'x', path: '/k' }]
    expect(renderSummary(makeInput(violations))).toContain('## ✅ image-policy-gate: passed')
    expect(renderSummary(makeInput(violations, { failOn: 'warning' }))).toContain('failed')
  })

  it('stays under 1 MiB on a huge result and says how many violations it left out', () => {
    const violations: Violation[] = Array.from({ length: 40_000 }, (_, i) => ({
      rule: 'no-secrets',
      severity: 'warning',
      message: `a secret-looking file number ${i} with a long explanation of why it matters`,
      path: `/data/very/long/path/to/somewhere/file-${i}.pem`,
      layer: 2
    }))
    const text = renderSummary(makeInput(violations))
    const size = Buffer.byteLength(text)
    expect(size).toBeLessThan(SUMMARY_LIMIT_BYTES)
    const shown = (text.match(/<code>\\\/data\\\/very/g) ?? []).length
    expect(shown).toBeGreaterThan(1000)
    expect(text).toContain(`${40_000 - shown} more violations are not shown`)
  })

  it('honours a smaller budget', () => {
    const violations: Violation[] = Array.from({ length: 500 }, (_, i) => ({
      rule: 'no-shell',
      severity: 'error',
      message: 'shell',
      path: `/bin/sh${i}`
    }))
    const text = renderSummary(makeInput(violations), { maxBytes: 20_000 })
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(20_000)
    expect(text).toMatch(/\d+ more violations are not shown/)
  })
})

describe('summary layout', () => {
  it('has no empty header row in the Image table, and messages do not repeat their Path column', async () => {
    const { default: MarkdownIt } = await import('markdown-it')
    const violations: Violation[] = [
      {
        rule: 'no-package-manager',
        severity: 'error',
        message: 'package manager apk: /sbin/apk',
        path: '/sbin/apk'
      },
      { rule: 'size', severity: 'error', message: '/big is 12 MB, over maxFile 5 MB', path: '/big' }
    ]
    const tokens = new MarkdownIt().parse(renderSummary(makeInput(violations)), {})
    const headers: string[][] = []
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i].type !== 'thead_open') continue
      const cells: string[] = []
      for (let j = i; tokens[j].type !== 'thead_close'; j++)
        if (tokens[j].type === 'inline') cells.push(tokens[j].content)
      headers.push(cells)
    }
    expect(headers[0]).toEqual(['Reference', 'example\\/app\\:1\\.0'])
    for (const header of headers) for (const cell of header) expect(cell.trim()).not.toBe('')
    const text = renderSummary(makeInput(violations))
    expect(text).toContain('| package manager apk |')
    expect(text).toContain('| is 12 MB\\, over maxFile 5 MB |')
  })
})
