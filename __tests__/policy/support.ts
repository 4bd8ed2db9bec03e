// Shared by the policy tests: load a policy from text and evaluate it on an image.
import { evaluate, loadPolicyText } from '../../src/policy/index.js'
import type { Image } from '../../src/image/types.js'
import type { Evaluation } from '../../src/policy/types.js'

export const NOW = new Date('2026-06-01T12:00:00Z')

export async function check(image: Image, policyYaml: string): Promise<Evaluation> {
  const policy = await loadPolicyText(`version: 1\n${policyYaml}`, 'test-policy.yml')
  return evaluate(image, policy, { now: NOW })
}

/** Violations of one rule as `path: message` lines, for readable assertions. */
export function paths(evaluation: Evaluation, rule: string): (string | undefined)[] {
  return evaluation.violations
    .filter((violation) => violation.rule === rule)
    .map((violation) => violation.path)
}
