// Hostile extends chains (issue 20 §4): a file that lists the same base twice at each level doubled the
// work per level (16 levels of 80-byte files: 38 s, 367 MB). Each file is now read and parsed once and
// applied once; the bound is asserted against a plain chain of the same depth, never against a clock.
import { describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type * as sourceModule from '../../src/policy/source.js'

const actual = await import('../../src/policy/source.js')
const reads: string[] = []
jest.unstable_mockModule('../../src/policy/source.js', () => ({
  ...actual,
  readPolicyFile: async (...args: Parameters<typeof sourceModule.readPolicyFile>) => {
    reads.push(args[0])
    return actual.readPolicyFile(...args)
  }
}))
const { loadPolicy } = await import('../../src/policy/load.js')

const LEVELS = 12

/** level0.yml … levelN.yml, each extending the level below `times` times; each has one rule and waiver. */
function chain(times: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ipg-extends-'))
  for (let level = 0; level <= LEVELS; level++) {
    const bases = level === 0 ? [] : Array.from({ length: times }, () => `./level${level - 1}.yml`)
    writeFileSync(
      path.join(dir, `level${level}.yml`),
      [
        'version: 1',
        ...(bases.length > 0 ? [`extends: [${bases.join(', ')}]`] : []),
        'rules: { no-shell: true }',
        `waivers: [{ rule: no-shell, path: /l${level}/**, reason: level ${level}, expires: 2099-12-31 }]`,
        ''
      ].join('\n')
    )
  }
  return path.join(dir, `level${LEVELS}.yml`)
}

async function cost(times: number) {
  reads.length = 0
  const policy = await loadPolicy(chain(times))
  return { reads: reads.length, distinct: new Set(reads).size, waivers: policy.waivers.length, policy }
}

describe('extends with repeated bases', () => {
  it('reads each file once and applies it once, as a plain chain of the same depth does', async () => {
    const plain = await cost(1)
    expect(plain).toMatchObject({ reads: LEVELS + 1, distinct: LEVELS + 1, waivers: LEVELS + 1 })
    for (const times of [2, 3]) {
      const hostile = await cost(times)
      expect(hostile.reads).toBe(plain.reads)
      expect(hostile.distinct).toBe(plain.distinct)
      expect(hostile.waivers).toBe(plain.waivers)
      expect(hostile.policy.rules.map((rule) => rule.id)).toEqual(['no-shell'])
    }
  })

  it('applies a shared base once, where it first appears (a diamond keeps both sides)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ipg-extends-'))
    writeFileSync(path.join(dir, 'base.yml'), 'version: 1\nrules: { size: { max: 1GB }, no-shell: true }\n')
    writeFileSync(path.join(dir, 'left.yml'), 'version: 1\nextends: ./base.yml\nrules: { size: warning }\n')
    writeFileSync(
      path.join(dir, 'right.yml'),
      'version: 1\nextends: ./base.yml\nrules: { no-shell: notice }\n'
    )
    writeFileSync(path.join(dir, 'top.yml'), 'version: 1\nextends: [./left.yml, ./right.yml]\n')
    reads.length = 0
    const policy = await loadPolicy(path.join(dir, 'top.yml'))
    expect(reads.map((file) => path.basename(file))).toEqual(['top.yml', 'left.yml', 'base.yml', 'right.yml'])
    // Applying base.yml again after left.yml would have reset size to error.
    expect(Object.fromEntries(policy.rules.map((rule) => [rule.id, rule.severity]))).toEqual({
      size: 'warning',
      'no-shell': 'notice'
    })
    expect(policy.sources.map((source) => path.basename(source.file))).toEqual([
      'base.yml',
      'left.yml',
      'right.yml',
      'top.yml'
    ])
  })
})

describe('a policy nested without end', () => {
  it('is refused by a linear scan before the YAML parser recurses into it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ipg-deep-'))
    const file = path.join(dir, 'deep.yml')
    // 1 MiB of [ : before, the YAML parser ran out of stack after seconds.
    writeFileSync(
      file,
      `version: 1\nrules:\n  forbidden-paths: ${'['.repeat(500_000)}${']'.repeat(500_000)}\n`
    )
    await expect(loadPolicy(file)).rejects.toThrow(
      `${file}:3:52: invalid YAML: nested more than 32 levels of [ ] or { } (a policy needs a few)`
    )
    // Brackets inside quotes and comments are text, not nesting.
    writeFileSync(
      file,
      `version: 1\n# ${'['.repeat(100)}\nrules:\n  required-labels: ["x${'['.repeat(40)}", 'y${'{'.repeat(40)}']\n`
    )
    await expect(loadPolicy(file)).resolves.toMatchObject({ rules: [{ id: 'required-labels' }] })
  })
})
