// Where a violation belongs in the user's sources: the Dockerfile instruction that caused it (the layer
// holding the offending file; the USER that set a root user; the LABEL where a required label belongs; the
// EXPOSE of a port, or the FROM line for one the base image exposes; the layer that deleted wasted bytes), else the line of the rule (or waiver) in the policy file. A Dockerfile
// that does not match the image's history places nothing (its map says so once).
import { redactCredentials } from '../analysis/credentials.js'
import type { DockerfileMap, InstructionRef } from '../dockerfile/map.js'
import type { SourceLocation } from '../common/source-location.js'
import type { Evaluation, Violation } from '../policy/types.js'

export interface Located {
  location?: SourceLocation
  /** The Dockerfile instruction, when the location is in the Dockerfile. */
  instruction?: string
  source: 'dockerfile' | 'policy' | 'none'
}

export type Locator = (violation: Violation) => Located

/**
 * @param policyPath the user's policy file (undefined for a bundled policy)
 * @param bundledFiles policy files shipped with the tool: their lines are not in the user's repository
 */
export function createLocator(
  evaluation: Evaluation,
  dockerfile?: DockerfileMap,
  policyPath?: string,
  bundledFiles: ReadonlySet<string> = new Set()
): Locator {
  const inUserFile = (location: SourceLocation | undefined) =>
    location && !bundledFiles.has(location.file) ? location : undefined
  const matched = dockerfile && !dockerfile.mismatch ? dockerfile : undefined
  return (violation) => {
    const ref = matched ? instructionOf(violation, matched) : undefined
    // A Dockerfile line may hold a credential (a token in a RUN): reports show it redacted.
    if (ref)
      return { location: ref.location, instruction: redactCredentials(ref.instruction), source: 'dockerfile' }
    const policyLocation =
      inUserFile(violation.waived?.location) ??
      inUserFile(evaluation.ruleLocations[violation.rule]) ??
      fileStart(policyPath)
    return policyLocation ? { location: policyLocation, source: 'policy' } : { source: 'none' }
  }
}

/** The Dockerfile instruction a violation comes from, in a Dockerfile that matches the image. */
export function instructionOf(violation: Violation, map: DockerfileMap): InstructionRef | undefined {
  if (violation.layer !== undefined) return map.locateLayer(violation.layer)
  if (violation.rule === 'non-root-user') return map.user
  if (violation.rule === 'required-labels' && violation.label !== undefined) return map.label(violation.label)
  // exposed-ports names the port it concerns (the config's ExposedPorts key) as its subject.
  if (violation.rule === 'exposed-ports' && violation.subject !== undefined)
    return map.exposing(violation.subject)
  if (violation.hiddenBy !== undefined) return map.locateLayer(violation.hiddenBy)
  return undefined
}

function fileStart(file: string | undefined): SourceLocation | undefined {
  return file ? { file, line: 1, column: 1 } : undefined
}
