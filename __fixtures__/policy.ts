// A policy from text, evaluated at a fixed date on a hand-made image or on one the real reader read:
// what every rule test does.
import { Readable } from 'node:stream'
import { readImage } from '../src/image/read.js'
import type { Image } from '../src/image/types.js'
import { captureFor, evaluate, loadPolicyText } from '../src/policy/index.js'
import type { Evaluation } from '../src/policy/types.js'
import { buildImage, dockerOciArchive } from './archive.js'
import { type TarItem } from './tar.js'

/** The date rule tests evaluate at, so waivers' expiry is deterministic. */
export const NOW = new Date('2026-06-01T12:00:00Z')

/** `policyYaml` (after `version: 1`) loaded as a policy file and evaluated on `image` at NOW. */
export async function check(image: Image, policyYaml: string): Promise<Evaluation> {
  const policy = await loadPolicyText(`version: 1\n${policyYaml}`, 'test-policy.yml')
  return evaluate(image, policy, { now: NOW })
}

/** The paths of one rule's violations, in report order. */
export function paths(evaluation: Evaluation, rule: string): (string | undefined)[] {
  return evaluation.violations
    .filter((violation) => violation.rule === rule)
    .map((violation) => violation.path)
}

/** The messages of an evaluation's violations, in report order. */
export function messages(evaluation: Evaluation): string[] {
  return evaluation.violations.map((violation) => violation.message)
}

/**
 * One layer of `items` written as a real Docker archive (tar-stream), read by the real reader in pieces
 * as a pipe delivers them, with what the policy's rules capture, then evaluated as `check` does.
 */
export async function checkReadLayer(items: TarItem[], policyYaml: string): Promise<Evaluation> {
  const archive = await dockerOciArchive([await buildImage({ layers: [items] })])
  const policy = await loadPolicyText(`version: 1\n${policyYaml}`, 'test-policy.yml')
  const chunks: Buffer[] = []
  for (let at = 0; at < archive.length; at += 65_521) chunks.push(archive.subarray(at, at + 65_521))
  const image = await readImage(
    { kind: 'stream', stream: Readable.from(chunks), name: 'test.tar' },
    { capture: captureFor(policy) }
  )
  return evaluate(image, policy, { now: NOW })
}

/** Each rule's violation messages, for the rules that have any. */
export function messagesByRule(evaluation: Evaluation): Record<string, string[]> {
  const byRule: Record<string, string[]> = {}
  for (const violation of evaluation.violations) (byRule[violation.rule] ??= []).push(violation.message)
  return byRule
}
