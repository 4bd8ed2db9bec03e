// Rule documentation pages (docs/rules/<id>.md) as SARIF help text.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { RuleDoc } from '../policy/types.js'

/** Markdown of each rule's page under `root/docs/rules`, for the rules whose page exists. */
export async function loadRuleHelp(rules: readonly RuleDoc[], root: string): Promise<Record<string, string>> {
  const help: Record<string, string> = {}
  await Promise.all(
    rules.map(async (rule) => {
      try {
        help[rule.id] = await readFile(path.join(root, 'docs', 'rules', `${rule.id}.md`), 'utf8')
      } catch {
        // A missing page falls back to the rule's one-line description and link.
      }
    })
  )
  return help
}
