// From a scan's results to what the reporters need; shared by the CLI and the action.
import type { BaselineComparison } from '../baseline/types.js'
import { RULES } from '../policy/index.js'
import type { ScanResult, ScanResults } from './scan.js'
import type { DockerfileMismatch } from '../dockerfile/map.js'
import { createLocator } from '../report/locate.js'
import { platformString } from '../report/facts.js'
import type { ReportInput, ReportSet } from '../report/model.js'
import { TOOL_VERSION } from '../report/project.js'
import type { FailOn } from '../report/verdict.js'
import type { DockerfileSource } from './request.js'

export interface PreparedReport {
  input: ReportInput
  /** Things to tell the user that did not stop the report (reader oddities, Dockerfile mapping limits). */
  warnings: string[]
  /** The Dockerfile is not the image's: said once, annotated on the Dockerfile; nothing is placed on it. */
  dockerfileMismatch?: DockerfileMismatch
}

export async function prepareReport(
  result: ScanResult,
  failOn: FailOn,
  dockerfile?: DockerfileSource,
  baseline?: BaselineComparison
): Promise<PreparedReport> {
  const { image, policy, evaluation } = result
  const warnings = [...image.warnings, ...(evaluation.unchecked ?? [])]
  // The Dockerfile parser is a quarter of the bundle: loaded only by the runs that map a Dockerfile.
  const map = dockerfile
    ? (await import('../dockerfile/map.js')).mapDockerfile(
        dockerfile.path,
        dockerfile.content,
        image.config.history,
        image.layers
      )
    : undefined
  if (map) warnings.push(...map.warnings)
  const userSources = policy.sources.filter((source) => !source.bundled)
  const policyPath = userSources.length > 0 ? userSources[userSources.length - 1].file : undefined
  const bundled = new Set(policy.sources.filter((source) => source.bundled).map((source) => source.file))
  return {
    input: {
      image,
      evaluation,
      failOn,
      locate: createLocator(evaluation, map, policyPath, bundled),
      ...(map ? { dockerfile: map } : {}),
      rules: RULES,
      ...(policyPath ? { policyPath } : {}),
      toolVersion: TOOL_VERSION,
      ...(baseline ? { baseline } : {})
    },
    warnings,
    ...(map?.mismatch ? { dockerfileMismatch: map.mismatch } : {})
  }
}

/** What the reporters need for a run, one platform or several, and what to tell the user besides. */
export interface PreparedReports {
  set: ReportSet
  /** Each platform's notes; prefixed with its platform when the run gated several. */
  warnings: string[]
  /** The Dockerfile is not the image's (said once, for the first platform it is not). */
  dockerfileMismatch?: DockerfileMismatch
}

/** `comparisons`: with a baseline, each platform's comparison, in the order of `results.platforms`. */
export async function prepareReports(
  results: ScanResults,
  failOn: FailOn,
  dockerfile?: DockerfileSource,
  comparisons?: readonly BaselineComparison[]
): Promise<PreparedReports> {
  const several = results.platforms.length > 1
  const reports: ReportInput[] = []
  const warnings: string[] = []
  let dockerfileMismatch: DockerfileMismatch | undefined
  for (const [i, result] of results.platforms.entries()) {
    const prepared = await prepareReport(result, failOn, dockerfile, comparisons?.[i])
    reports.push(prepared.input)
    const prefix = several ? `${platformString(result.image)}: ` : ''
    warnings.push(...prepared.warnings.map((warning) => `${prefix}${warning}`))
    dockerfileMismatch ??= prepared.dockerfileMismatch
  }
  for (const entry of results.unreadable) warnings.push(`${entry.platform} was not gated: ${entry.reason}`)
  return {
    set: { reports, unreadable: results.unreadable },
    warnings,
    ...(dockerfileMismatch ? { dockerfileMismatch } : {})
  }
}
