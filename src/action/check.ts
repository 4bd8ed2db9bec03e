// The action's check once the engine has been asked for the image: read and evaluate it in a log group,
// then report to the runner: the log, the Dockerfile's mismatch, the job summary, annotations, and the
// outputs and files (outputs.ts). Loaded by main.ts after it has asked the engine for the image.
import * as core from '@actions/core'
import { randomBytes } from 'node:crypto'
import { errorMessage } from '../common/errors.js'
import { printable, printableLine } from '../common/printable.js'
import type { SourceLocation } from '../common/source-location.js'
import { progressReporter } from '../pipeline/progress.js'
import { type PreparedReports, prepareReports } from '../pipeline/report-input.js'
import type { CheckRequest } from '../pipeline/request.js'
import { scanWithBaseline } from '../pipeline/baseline.js'
import { type ScanResults, scan } from '../pipeline/scan.js'
import type { Image } from '../image/types.js'
import type { LoadedPolicy } from '../policy/loaded.js'
import type { Violation } from '../policy/types.js'
import { forAnnotations } from '../baseline/apply.js'
import { selectPlatformAnnotations } from '../report/annotations.js'
import { violationFix } from '../report/fix.js'
import { imageName, platformString } from '../report/facts.js'
import type { ReportSet } from '../report/model.js'
import { repoRelative } from '../report/paths.js'
import { renderSummaryAll } from '../report/summary.js'
import { renderTextAll } from '../report/text.js'
import type { Inputs } from './inputs.js'
import { setResultOutputs, writeReportFiles } from './outputs.js'

export interface ActionContext {
  workspace: string
  /** The user's policy, loaded before `docker save` was started; else the request names a bundled one. */
  policy?: LoadedPolicy
}

export async function check(request: CheckRequest, inputs: Inputs, context: ActionContext): Promise<void> {
  const { workspace } = context
  const what =
    request.source.kind === 'registry'
      ? `${inputs.image ?? ''} from its registry`
      : (inputs.archive ?? `docker save ${inputs.image ?? ''}`)
  const prepared = await readImages(request, what, context)
  const link = blobLinks(workspace)
  const set: ReportSet = link
    ? { ...prepared.set, reports: prepared.set.reports.map((input) => ({ ...input, sourceLink: link })) }
    : prepared.set
  logReport(prepared, set)
  if (inputs.annotations) warnOnMismatch(prepared, workspace)
  const reportPath = await writeReportFiles(set, inputs, workspace)
  if (inputs.summary) await writeSummary(set)
  if (inputs.annotations) {
    const moreIn = inputs.summary ? 'the job summary' : `the JSON report (${reportPath})`
    annotate(set, workspace, moreIn)
  }
  setResultOutputs(set, request.failOn)
}

async function readImages(
  request: CheckRequest,
  what: string,
  { policy }: ActionContext
): Promise<PreparedReports> {
  return core.group(`Reading ${printable(what)}`, async () => {
    // Long reads log where they are every 10 s; short ones stay quiet.
    const progress = progressReporter({
      show: (message) => core.info(message),
      quietMs: 10_000,
      intervalMs: 10_000
    })
    const options = { ...request, ...(policy ? { policy } : {}), onProgress: progress.update.bind(progress) }
    if (request.baseline) {
      // Compared with the baseline platform by platform (pipeline/baseline.ts).
      const compared = await scanWithBaseline(request, options, (baseline, several) => {
        const platform = several ? ` (${printable(platformString(baseline))})` : ''
        core.info(`Read the baseline ${describeRead(baseline)}${platform}`)
      })
      logRead(compared.results)
      const prepared = await prepareReports(
        compared.results,
        request.failOn,
        request.dockerfile,
        compared.comparisons
      )
      return { ...prepared, warnings: [...compared.warnings, ...prepared.warnings] }
    }
    const scanned = await scan(options)
    logRead(scanned)
    return prepareReports(scanned, request.failOn, request.dockerfile)
  })
}

function logRead(scanned: ScanResults): void {
  const several = scanned.platforms.length > 1 || scanned.unreadable.length > 0
  for (const { image } of scanned.platforms) {
    const platform = several ? ` (${printable(platformString(image))})` : ''
    core.info(`Read ${describeRead(image)}${platform}`)
  }
  for (const entry of scanned.unreadable)
    core.info(`Not read: ${printable(entry.platform)}: ${printable(entry.reason)}`)
}

function describeRead(image: Image): string {
  return `${printable(imageName(image))}: ${image.layers.length} layers, ${image.fs.entryCount} entries`
}

/** The reader's notes and the text report, in the log. */
function logReport({ warnings }: PreparedReports, set: ReportSet): void {
  // The notes and the report quote the image: escaped, and inside a block where the runner runs no command.
  logWithoutCommands([
    ...warnings.map((warning) => `Note: ${warning}`),
    ...renderTextAll(set, { color: false }).trimEnd().split('\n')
  ])
}

/**
 * Warnings go to the log, not to annotations (GitHub shows 10 warnings per step, violations need them),
 * with one exception: a Dockerfile that is not the image's, said once on that Dockerfile (the text
 * report says it in the log), since no violation will be placed on it.
 */
function warnOnMismatch({ dockerfileMismatch }: PreparedReports, workspace: string): void {
  if (!dockerfileMismatch) return
  const { location, message } = dockerfileMismatch
  core.warning(printableLine(message), {
    title: 'The Dockerfile does not match the image',
    file: repoRelative(location.file, workspace),
    startLine: location.line
  })
}

async function writeSummary(set: ReportSet): Promise<void> {
  try {
    await core.summary.addRaw(renderSummaryAll(set)).write()
  } catch (error) {
    // Outside a runner (no GITHUB_STEP_SUMMARY) the summary has nowhere to go; the log has it all.
    core.info(`Job summary not written: ${printableLine(errorMessage(error))}`)
  }
}

function annotate(set: ReportSet, workspace: string, moreIn: string): void {
  const platforms = set.reports.map((input) => ({
    platform: platformString(input.image),
    violations: forAnnotations(input.evaluation.violations, input.evaluation.newOnly ?? false),
    locate: input.locate,
    fixOf: (violation: Violation) => violationFix(violation, input)
  }))
  const { annotations } = selectPlatformAnnotations(platforms, workspace, moreIn)
  for (const { level, message, ...properties } of annotations) {
    const emit = level === 'error' ? core.error : level === 'warning' ? core.warning : core.notice
    emit(message, properties)
  }
}

/**
 * Writes lines that quote the image between `::stop-commands::TOKEN` and `::TOKEN::` (GitHub's way to
 * pause workflow commands), with a fresh random token per block: even a line that escaping missed could
 * not run a command. Each line is still made printable (no line break, no control character, no `::`
 * start).
 */
export function logWithoutCommands(lines: readonly string[]): void {
  const token = `ipg-${randomBytes(16).toString('hex')}`
  core.info(`::stop-commands::${token}`)
  for (const line of lines) core.info(printableLine(line))
  core.info(`::${token}::`)
}

/**
 * Links to a line of the checked-out commit on GitHub (`…/blob/<sha>/<path>#L<line>`), for files inside
 * the workspace; undefined outside a runner that names its repository and commit.
 */
function blobLinks(workspace: string): ((location: SourceLocation) => string | undefined) | undefined {
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: sha } = process.env
  if (
    !server ||
    !repository ||
    !sha ||
    !/^[\w.-]+\/[\w.-]+$/.test(repository) ||
    !/^[0-9a-f]{7,64}$/.test(sha)
  )
    return undefined
  return (location) => {
    const relative = repoRelative(location.file, workspace)
    if (!relative) return undefined
    const encoded = relative.split('/').map(encodeURIComponent).join('/')
    return `${server.replace(/\/+$/, '')}/${repository}/blob/${sha}/${encoded}#L${location.line}`
  }
}
