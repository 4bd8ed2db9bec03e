// The explicit list of rules: policy keys, SARIF rule descriptors, docs and the README table come from here.
import type { Rule } from './rule.js'
import type { RuleDoc } from './types.js'
import { attestations } from './rules/attestations.js'
import { distroless } from './rules/distroless.js'
import { exposedPorts } from './rules/exposed-ports.js'
import { forbiddenPaths } from './rules/forbidden-paths.js'
import { healthcheck } from './rules/healthcheck.js'
import { noCapabilities } from './rules/no-capabilities.js'
import { noEnvSecrets } from './rules/no-env-secrets.js'
import { noPackageManager } from './rules/no-package-manager.js'
import { noPackedExecutable } from './rules/no-packed-executable.js'
import { noSecrets } from './rules/no-secrets.js'
import { noSetuid } from './rules/no-setuid.js'
import { noShell } from './rules/no-shell.js'
import { noWorldWritable } from './rules/no-world-writable.js'
import { nonRootUser } from './rules/non-root-user.js'
import { requiredLabels } from './rules/required-labels.js'
import { requiredPaths } from './rules/required-paths.js'
import { size } from './rules/size.js'

/** Configurable rules, in the order reports list them. */
export const RULE_MODULES: readonly Rule[] = [
  size,
  noShell,
  noPackageManager,
  distroless,
  noPackedExecutable,
  noSetuid,
  noCapabilities,
  noWorldWritable,
  nonRootUser,
  noSecrets,
  noEnvSecrets,
  forbiddenPaths,
  requiredPaths,
  requiredLabels,
  exposedPorts,
  healthcheck,
  attestations
]

/** Not configurable: reported when a waiver is past its expiry date, so the gate fails until it is renewed or removed. */
export const EXPIRED_WAIVER: RuleDoc = {
  id: 'expired-waiver',
  title: 'Expired waiver',
  description:
    'A waiver in the policy is past its `expires` date. It no longer waives anything, and it is reported until it is renewed with a new date or removed.',
  defaultSeverity: 'error'
}

/** Every rule id a report can contain, with its documentation. */
export const RULES: readonly RuleDoc[] = [...RULE_MODULES.map((rule) => rule.doc), EXPIRED_WAIVER]

export const RULE_IDS: readonly string[] = RULE_MODULES.map((rule) => rule.doc.id)

export function findRule(id: string): Rule | undefined {
  return RULE_MODULES.find((rule) => rule.doc.id === id)
}
