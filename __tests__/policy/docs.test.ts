// The docs, the schema and the registry describe the same rules: a new rule without docs or schema fails here.
import { describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  loadPolicyText,
  POLICY_SCHEMA,
  RULE_IDS,
  RULE_MODULES,
  RULES,
  ruleDocPath
} from '../../src/policy/index.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const wholeReadme = readFileSync(path.join(root, 'README.md'), 'utf8')
/** The README's "Policies" section, up to the next top-level section. */
const readme = wholeReadme.slice(
  wholeReadme.indexOf('\n## Policies\n'),
  wholeReadme.indexOf('\n## ', wholeReadme.indexOf('\n## Policies\n') + 1)
)
const policiesPage = readFileSync(path.join(root, 'docs/policies.md'), 'utf8')
/** docs/policies.md's "Rule options" section, which the README's rules table links to. */
const ruleOptions = policiesPage.slice(
  policiesPage.indexOf('\n## Rule options\n'),
  policiesPage.indexOf('\n## ', policiesPage.indexOf('\n## Rule options\n') + 1)
)

interface SchemaNode {
  properties?: Record<string, SchemaNode>
  anyOf?: SchemaNode[]
  items?: SchemaNode
  enum?: string[]
}
const schema = POLICY_SCHEMA as SchemaNode
const ruleSchemas = schema.properties!.rules.properties!

function optionsOf(id: string): string[] {
  const object = ruleSchemas[id].anyOf!.find((branch) => branch.properties)
  return Object.keys(object?.properties ?? {}).filter((option) => option !== 'severity')
}

describe('rule documentation', () => {
  it('the README rules table lists exactly the registered rules, in order', () => {
    const table = readme.slice(readme.indexOf('<!-- rules-table'), readme.indexOf('<!-- /rules-table -->'))
    // Cells, not whole lines: prettier pads a table's columns when the table fits its line width.
    const rows = table
      .split('\n')
      .filter((line) => line.startsWith('| [`'))
      .map((line) =>
        line
          .slice(1, -1)
          .split('|')
          .map((cell) => cell.trim())
      )
    expect(rows).toEqual(
      RULES.map((rule) => [`[\`${rule.id}\`](${ruleDocPath(rule.id)})`, rule.title, rule.defaultSeverity])
    )
  })

  it.each(RULES.map((rule) => rule.id))(
    'docs/rules/%s.md exists, is titled, and it and docs/policies.md document every option',
    (id) => {
      const file = path.join(root, ruleDocPath(id))
      expect(existsSync(file)).toBe(true)
      const page = readFileSync(file, 'utf8')
      const doc = RULES.find((rule) => rule.id === id)!
      expect(page.split('\n')[0]).toBe(`# \`${id}\` — ${doc.title}`)
      expect(page).toContain(`everity: **${doc.defaultSeverity}**`)
      const options = ruleSchemas[id] ? optionsOf(id) : []
      for (const option of options) expect(page).toContain(`\`${option}\``)
      for (const option of options) expect(ruleOptions).toContain(`\`${option}\``)
    }
  )
})

describe('schema and registry', () => {
  it('the schema knows exactly the registered rules, for rules and waivers', () => {
    expect(Object.keys(ruleSchemas)).toEqual(RULE_IDS)
    const waiverRule = schema.properties!.waivers.items!.properties!.rule
    expect(waiverRule.enum).toEqual(RULE_IDS)
  })

  it.each(RULE_MODULES.map((rule) => [rule.doc.id, rule.example]))(
    'the %s example is a valid policy',
    async (id, example) => {
      const policy = await loadPolicyText(`version: 1\nrules:\n${example.replace(/^/gm, '  ')}\n`)
      expect(policy.rules.map((rule) => rule.id)).toEqual([id])
    }
  )

  it('every policy example in the README section loads', async () => {
    const blocks = [...readme.matchAll(/```yaml\n([\s\S]*?)```/g)]
      .map((match) => match[1])
      .filter((block) => block.includes('version: 1'))
    expect(blocks.length).toBeGreaterThanOrEqual(2)
    for (const block of blocks) await expect(loadPolicyText(block)).resolves.toBeDefined()
  })

  it('the README policy example is valid', async () => {
    const example = readme.slice(
      readme.indexOf('```yaml\n') + 8,
      readme.indexOf('```\n', readme.indexOf('```yaml\n'))
    )
    const policy = await loadPolicyText(example)
    expect(policy.rules.map((rule) => rule.id)).toEqual(RULE_IDS)
    expect(policy.waivers).toHaveLength(1)
  })
})
