// The action's check once the engine has been asked for the image: read and evaluate it in a log group,
// then report to the runner: the log, the Dockerfile's mismatch, the job summary, annotations, and the
// outputs and files (outputs.ts). Loaded by main.ts after it has asked the engine for the image.
import * as core from '@actions/core'
import { randomBytes } from 'node:crypto'
import { errorMessage } from '../common/errors.js'
import { printable, printableLine } from '../common/printable.js'
import type { SourceLocation } from '../common/source-location.js'
import { progressReporter } from '../pipeline/progress.js'
import { type PreparedReport, prepareReport } from '../pipeline/report-input.js'
import type { CheckRequest } from '../pipeline/request.js'
import { type BaselineScan, scanWithBaseline } from '../pipeline/baseline.js'
import type { ScanResult } from '../pipeline/scan.js'
import type { Image } from '../image/types.js'
import type { LoadedPolicy } from '../policy/loaded.js'
import { forAnnotations } from '../baseline/apply.js'
import { selectAnnotations } from '../report/annotations.js'
import { violationFix } from '../report/fix.js'
import { imageName } from '../report/facts.js'
import type { ReportInput } from '../report/model.js'
import { repoRelative } from '../report/paths.js'
import { renderSummary } from '../report/summary.js'
import { renderText } from '../report/text.js'
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
  const { result, comparison, warnings } = await readImage(request, what, context)
  const prepared = await prepareReport(result, request.failOn, request.dockerfile, comparison)
  prepared.warnings.unshift(...warnings)
  const link = blobLinks(workspace)
  const input = link ? { ...prepared.input, sourceLink: link } : prepared.input
  logReport(prepared, input)
  if (inputs.annotations) warnOnMismatch(prepared, workspace)
  const reportPath = await writeReportFiles(input, inputs, workspace)
  if (inputs.summary) await writeSummary(input)
  if (inputs.annotations) {
    const moreIn = inputs.summary ? 'the job summary' : `the JSON report (${reportPath})`
    annotate(result, input, workspace, moreIn)
  }
  setResultOutputs(result, request.failOn)
}

async function readImage(
  request: CheckRequest,
  what: string,
  { policy }: ActionContext
): Promise<BaselineScan> {
  return core.group(`Reading ${printable(what)}`, async () => {
    // Long reads log where they are every 10 s; short ones stay quiet.
    const progress = progressReporter({
      show: (message) => core.info(message),
      quietMs: 10_000,
      intervalMs: 10_000
    })
    const scanned = await scanWithBaseline(
      request,
      { ...request, ...(policy ? { policy } : {}), onProgress: (p) => progress.update(p) },
      (baseline) => core.info(`Read the baseline ${describeRead(baseline)}`)
    )
    core.info(`Read ${describeRead(scanned.result.image)}`)
    return scanned
  })
}

function describeRead(image: Image): string {
  return `${printable(imageName(image))}: ${image.layers.length} layers, ${image.fs.entryCount} entries`
}

/** The reader's notes and the text report, in the log. */
function logReport({ warnings }: PreparedReport, input: ReportInput): void {
  // The notes and the report quote the image: escaped, and inside a block where the runner runs no command.
  logWithoutCommands([
    ...warnings.map((warning) => `Note: ${warning}`),
    ...renderText(input, { color: false }).trimEnd().split('\n')
  ])
}

/**
 * Warnings go to the log, not to annotations (GitHub shows 10 warnings per step, violations need them),
 * with one exception: a Dockerfile that is not the image's, said once on that Dockerfile (the text
 * report says it in the log), since no violation will be placed on it.
 */
function warnOnMismatch({ dockerfileMismatch }: PreparedReport, workspace: string): void {
  if (!dockerfileMismatch) return
  const { location, message } = dockerfileMismatch
  core.warning(printableLine(message), {
    title: 'The Dockerfile does not match the image',
    file: repoRelative(location.file, workspace),
    startLine: location.line
  })
}

async function writeSummary(input: ReportInput): Promise<void> {
  try {
    await core.summary.addRaw(renderSummary(input)).write()
  } catch (error) {
    // Outside a runner (no GITHUB_STEP_SUMMARY) the summary has nowhere to go; the log has it all.
    core.info(`Job summary not written: ${printableLine(errorMessage(error))}`)
  }
}

function annotate(result: ScanResult, input: ReportInput, workspace: string, moreIn: string): void {
  const violations = forAnnotations(result.evaluation.violations, result.evaluation.newOnly ?? false)
  const { annotations } = selectAnnotations(violations, input.locate, workspace, moreIn, (violation) =>
    violationFix(violation, input)
  )
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
