import { describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { ANNOTATIONS_PER_LEVEL, selectAnnotations } from '../../src/report/annotations.js'
import { createLocator } from '../../src/report/locate.js'
import type { Severity, Violation } from '../../src/policy/types.js'
import { makeEvaluation } from '../../__fixtures__/image.js'
import { POLICY, RULE_LOCATIONS } from '../../__fixtures__/report.js'

const ROOT = '/repo'

function violation(rule: string, severity: Severity, path?: string, layer?: number): Violation {
  return {
    rule,
    severity,
    message: `${rule} found`,
    ...(path ? { path } : {}),
    ...(layer !== undefined ? { layer } : {})
  }
}

function select(violations: Violation[]) {
  const evaluation = makeEvaluation(violations, RULE_LOCATIONS)
  return selectAnnotations(violations, createLocator(evaluation, undefined, POLICY), ROOT, 'the job summary')
}

describe('selectAnnotations', () => {
  it('groups violations of one rule at one place into one annotation at the rule line', () => {
    const { annotations, omitted } = select([
      violation('no-shell', 'error', '/bin/sh', 0),
      violation('no-shell', 'error', '/bin/bash', 1)
    ])
    expect(omitted).toBe(0)
    expect(annotations).toEqual([
      expect.objectContaining({
        level: 'error',
        title: 'no-shell (2)',
        file: POLICY,
        startLine: 4,
        startColumn: 3
      })
    ])
    expect(annotations[0].message).toContain('/bin/bash, /bin/sh')
  })

  it('puts the worst first and leaves waived violations out', () => {
    const { annotations } = select([
      violation('no-secrets', 'notice', '/a'),
      { ...violation('size', 'error'), waived: { reason: 'ok' } },
      violation('no-secrets', 'warning', '/b'),
      violation('no-shell', 'error', '/bin/sh')
    ])
    expect(annotations.map((a) => [a.level, a.title])).toEqual([
      ['error', 'no-shell'],
      ['warning', 'no-secrets'],
      ['notice', 'no-secrets']
    ])
  })

  it('caps each level at 10 and ends with one annotation counting the rest', () => {
    // 15 distinct error places (distinct rules so they do not group), 3 warnings.
    const errors = Array.from({ length: 15 }, (_, i) =>
      violation(`rule-${String(i).padStart(2, '0')}`, 'error', `/f${i}`)
    )
    const warnings = Array.from({ length: 3 }, (_, i) => violation(`warn-${i}`, 'warning', `/w${i}`))
    const { annotations, omitted } = select([...errors, ...warnings])
    const byLevel = (level: Severity) => annotations.filter((a) => a.level === level).length
    expect(byLevel('error')).toBe(ANNOTATIONS_PER_LEVEL)
    expect(byLevel('warning')).toBe(3)
    expect(omitted).toBe(5)
    const last = annotations[annotations.length - 1]
    expect(last.level).toBe('notice')
    expect(last.message).toContain('5 more violations are listed in the job summary')
    expect(last.file).toBeUndefined()
  })

  it('makes room for the final annotation when every level is full', () => {
    const many = (severity: Severity, n: number) =>
      Array.from({ length: n }, (_, i) =>
        violation(`${severity}-${String(i).padStart(2, '0')}`, severity, `/${severity}${i}`)
      )
    const { annotations, omitted } = select([
      ...many('error', 12),
      ...many('warning', 10),
      ...many('notice', 10)
    ])
    const counts = { error: 0, warning: 0, notice: 0 }
    for (const a of annotations) counts[a.level]++
    expect(counts).toEqual({ error: 10, warning: 10, notice: 10 })
    expect(omitted).toBe(3)
    expect(annotations[annotations.length - 1].title).toBe('3 more violations not annotated')
  })

  it('leaves out the file when the location is outside the repository', () => {
    const v = violation('no-shell', 'error', '/bin/sh')
    const evaluation = makeEvaluation([v], {
      'no-shell': { file: '/opt/action/policies/default.yml', line: 4, column: 3 }
    })
    const { annotations } = selectAnnotations([v], createLocator(evaluation), ROOT, 'the job summary')
    expect(annotations[0].file).toBeUndefined()
    expect(annotations[0].startLine).toBeUndefined()
  })
})

describe('emitting through @actions/core', () => {
  it('escapes % \\r \\n : , in properties and % \\r \\n in the message', () => {
    const written: string[] = []
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      written.push(String(chunk))
      return true
    })
    try {
      core.error('50% done\r\nnext', {
        title: 'no-shell: a, b',
        file: 'dir,with:colon/Dockerfile',
        startLine: 3
      })
    } finally {
      write.mockRestore()
    }
    const [line] = written
    expect(line).toContain('title=no-shell%3A a%2C b')
    expect(line).toContain('file=dir%2Cwith%3Acolon/Dockerfile')
    expect(line).toContain('::50%25 done%0D%0Anext')
  })
})

describe('selectAnnotations on any input', () => {
  it('never exceeds 10 per level and accounts for every violation that is not waived', async () => {
    const fc = (await import('fast-check')).default
    const arbitraryViolation = fc.record({
      rule: fc.constantFrom('no-shell', 'size', 'no-secrets', 'forbidden-paths', 'other'),
      severity: fc.constantFrom<Severity>('error', 'warning', 'notice'),
      message: fc.string({ maxLength: 30 }),
      path: fc.option(fc.stringMatching(/^\/[a-z]{1,6}(\/[a-z%,:]{1,6}){0,2}$/), { nil: undefined }),
      layer: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
      waived: fc.option(fc.constant({ reason: 'ok' }), { nil: undefined })
    })
    fc.assert(
      fc.property(fc.array(arbitraryViolation, { maxLength: 120 }), (list) => {
        const violations: Violation[] = list.map(({ path, layer, waived, ...rest }) => ({
          ...rest,
          ...(path !== undefined ? { path } : {}),
          ...(layer !== undefined ? { layer } : {}),
          ...(waived !== undefined ? { waived } : {})
        }))
        const evaluation = makeEvaluation(violations, RULE_LOCATIONS)
        const locate = createLocator(evaluation, undefined, POLICY)
        const { annotations, omitted } = selectAnnotations(violations, locate, ROOT, 'the job summary')
        for (const level of ['error', 'warning', 'notice'] as const) {
          expect(annotations.filter((a) => a.level === level).length).toBeLessThanOrEqual(
            ANNOTATIONS_PER_LEVEL
          )
        }
        const active = violations.filter((v) => !v.waived).length
        const shownGroups = omitted > 0 ? annotations.slice(0, -1) : annotations
        const shown = shownGroups.reduce(
          (sum, a) => sum + (Number(/^(\d+) violations\./.exec(a.message)?.[1]) || 1),
          0
        )
        expect(shown + omitted).toBe(active)
      })
    )
  })
})
