// ReportInput builders for reporter tests.
import { createLocator } from '../src/report/locate.js'
import type { ReportInput } from '../src/report/model.js'
import type { FailOn } from '../src/report/verdict.js'
import type { DockerfileMap } from '../src/dockerfile/map.js'
import type { Evaluation, RuleDoc, Violation } from '../src/policy/types.js'
import { makeEvaluation, sampleImage } from './image.js'
import type { Image } from '../src/image/types.js'

export const TEST_RULES: RuleDoc[] = [
  { id: 'size', title: 'Size ceilings', description: 'Image size limits.', defaultSeverity: 'error' },
  { id: 'no-shell', title: 'No shell', description: 'No shell in the image.', defaultSeverity: 'error' },
  {
    id: 'no-package-manager',
    title: 'No package manager',
    description: 'No apk, dpkg…',
    defaultSeverity: 'error'
  },
  { id: 'no-secrets', title: 'No secrets', description: 'No keys.', defaultSeverity: 'warning' }
]

export const POLICY = '.github/image-policy.yml'

export const RULE_LOCATIONS: Evaluation['ruleLocations'] = {
  size: { file: POLICY, line: 3, column: 3 },
  'no-shell': { file: POLICY, line: 4, column: 3 },
  'no-package-manager': { file: POLICY, line: 5, column: 3 },
  'no-secrets': { file: POLICY, line: 6, column: 3 }
}

export function makeInput(
  violations: Violation[],
  options: {
    failOn?: FailOn
    dockerfile?: DockerfileMap
    image?: Image
    evaluation?: Evaluation
    sourceLink?: ReportInput['sourceLink']
  } = {}
): ReportInput {
  const evaluation = options.evaluation ?? makeEvaluation(violations, RULE_LOCATIONS)
  return {
    image: options.image ?? sampleImage(),
    evaluation,
    failOn: options.failOn ?? 'error',
    locate: createLocator(evaluation, options.dockerfile, POLICY),
    ...(options.dockerfile ? { dockerfile: options.dockerfile } : {}),
    ...(options.sourceLink ? { sourceLink: options.sourceLink } : {}),
    rules: TEST_RULES,
    policyPath: POLICY,
    toolVersion: '0.1.0'
  }
}
