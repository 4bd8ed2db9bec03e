// Every rule has its own test file, __tests__/policy/rules/<id>.test.ts, saying what it catches and what it
// must not (as hadolint's rule specs do), and every file there belongs to a registered rule.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { RULE_IDS } from '../../src/policy/registry.js'

const RULE_TESTS = path.join(import.meta.dirname, 'rules')

describe('rule tests', () => {
  it.each(RULE_IDS)('%s has a test file with a "catches" and a "must not" block', (id) => {
    const text = readFileSync(path.join(RULE_TESTS, `${id}.test.ts`), 'utf8')
    expect(text).toContain(`describe('${id}'`)
    expect(text).toContain(`describe('catches'`)
    expect(text).toContain(`describe('must not'`)
  })

  it('are only for registered rules', () => {
    const files = readdirSync(RULE_TESTS).map((name) => name.replace(/\.test\.ts$/, ''))
    expect(files.filter((id) => !RULE_IDS.includes(id))).toEqual([])
  })
})
