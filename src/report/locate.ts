// Where a violation belongs in the user's sources: the Dockerfile instruction that created the
// layer holding the offending file, else the line of the rule (or waiver) in the policy file.
import type { DockerfileMap } from '../dockerfile/map.js'
import type { Evaluation, SourceLocation, Violation } from '../policy/types.js'

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
  return (violation) => {
    if (dockerfile && violation.layer !== undefined) {
      const ref = dockerfile.locateLayer(violation.layer)
      if (ref) return { location: ref.location, instruction: ref.instruction, source: 'dockerfile' }
    }
    const policyLocation =
      inUserFile(violation.waived?.location) ??
      inUserFile(evaluation.ruleLocations[violation.rule]) ??
      fileStart(policyPath)
    return policyLocation ? { location: policyLocation, source: 'policy' } : { source: 'none' }
  }
}

function fileStart(file: string | undefined): SourceLocation | undefined {
  return file ? { file, line: 1, column: 1 } : undefined
}
