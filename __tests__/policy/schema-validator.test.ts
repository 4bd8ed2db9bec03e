import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { Ajv, type ErrorObject } from 'ajv'
import { validate as precompiled } from '../../src/policy/schema-validator.generated.js'
import { BUNDLED_POLICIES } from '../../src/policy/bundled.generated.js'
import { parse } from 'yaml'

const root = path.resolve(import.meta.dirname, '../..')
const embed = (await import(path.join(root, 'policies/embed.mjs'))) as {
  AJV_OPTIONS: Record<string, unknown>
  generateValidator(): string
}
const validate: { (value: unknown): boolean; errors?: ErrorObject[] | null } = precompiled
const schema = JSON.parse(readFileSync(path.join(root, 'policies/schema.json'), 'utf8')) as object

describe('the precompiled policy schema validator', () => {
  it('is what policies/embed.mjs generates from policies/schema.json (run `node policies/embed.mjs`)', () => {
    const file = readFileSync(path.join(root, 'src/policy/schema-validator.generated.ts'), 'utf8')
    expect(file).toBe(embed.generateValidator())
  })

  it('decides and reports like ajv compiling the schema at run time', () => {
    const compiled = new Ajv(embed.AJV_OPTIONS).compile(schema)
    const documents: unknown[] = [
      ...Object.values(BUNDLED_POLICIES).map((text): unknown => parse(text)),
      {},
      { version: 2 },
      { rules: { 'no-shell': 'fatal' } },
      { rules: { 'no-shel': true } },
      { rules: { size: { max: '12 parsecs' } } },
      { rules: { size: { max: 10, maxLayers: -1 } } },
      { rules: { 'required-labels': [''] } },
      { rules: { 'required-labels': ['𝒳'] } },
      { rules: { 'forbidden-paths': { paths: ['/a'], colour: 'red' } } },
      { waivers: [{ rule: 'no-shell', reason: '  ', expires: '2030-01-01' }] },
      { waivers: [{ rule: 'no-shell', reason: 'ticket 1', expires: '2030-1-1' }] },
      { waivers: [{ rule: 'no-shell', reason: 'ticket 1' }] },
      { extends: ['default', ''] },
      []
    ]
    for (const document of documents) {
      expect([document, validate(document)]).toEqual([document, compiled(document)])
      expect(validate.errors).toEqual(compiled.errors)
    }
  })
})
