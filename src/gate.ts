// The action's work once its inputs are read: scan, reporters (log, JSON report, SARIF, job summary,
// annotations) and outputs. Loaded by main.ts after it has asked the engine for the image.
import * as core from '@actions/core'
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { DockerSave } from './docker.js'
import { errorMessage } from './common/errors.js'
import type { Inputs } from './inputs.js'
import { RULES, type LoadedPolicy } from './policy/index.js'
import { selectAnnotations } from './report/annotations.js'
import { imageName, imageSize } from './report/facts.js'
import { plural } from './report/format.js'
import { buildJsonReport } from './report/json.js'
import { prepareReport, type DockerfileSource } from './report/pipeline.js'
import { loadRuleHelp } from './report/rule-help.js'
import { repoRelative, workflowFile } from './report/paths.js'
import { buildSarif } from './report/sarif.js'
import { renderSummary } from './report/summary.js'
import { renderText } from './report/text.js'
import { countViolations, verdict } from './report/verdict.js'
import { progressReporter } from './progress.js'
import type { SourceLocation } from './common/source-location.js'
import { type ImageSource, scan, type ScanOptions } from './scan.js'
import { printable, printableLine } from './common/printable.js'

export interface GateContext {
  workspace: string
  /** The user's policy, loaded before `docker save` was started; else a bundled policy's name. */
  policy?: LoadedPolicy
  policyPath?: string
  dockerfile?: DockerfileSource
  /** `docker save` of the image input, already started (none with the archive input). */
  save?: DockerSave
  /** Where the image input is read from, decided by main.ts (the engine or the registry). */
  source?: ImageSource
}

export async function gate(inputs: Inputs, context: GateContext): Promise<void> {
  const { workspace, dockerfile } = context
  const options = await scanOptions(inputs, context)
  const what =
    options.source.kind === 'registry'
      ? `${inputs.image ?? ''} from its registry`
      : inputs.archive
        ? inputs.archive
        : `docker save ${inputs.image}`
  const result = await core.group(`Reading ${printable(what)}`, async () => {
    // Long reads log where they are every 10 s; short ones stay quiet.
    const progress = progressReporter({
      show: (message) => core.info(message),
      quietMs: 10_000,
      intervalMs: 10_000
    })
    const scanned = await scan({ ...options, onProgress: (p) => progress.update(p) })
    core.info(
      `Read ${printable(imageName(scanned.image))}: ${scanned.image.layers.length} layers, ${scanned.image.fs.entryCount} entries`
    )
    return scanned
  })

  const prepared = await prepareReport(result, inputs.failOn, dockerfile)
  const { warnings, dockerfileMismatch } = prepared
  const link = blobLinks(workspace)
  const input = link ? { ...prepared.input, sourceLink: link } : prepared.input
  // The notes and the report quote the image: escaped, and inside a block where the runner runs no command.
  logWithoutCommands([
    ...warnings.map((warning) => `Note: ${warning}`),
    ...renderText(input, { color: false }).trimEnd().split('\n')
  ])
  // Warnings go to the log, not to annotations (GitHub shows 10 warnings per step, violations need them),
  // with one exception: a Dockerfile that is not the image's, said once on that Dockerfile (the text
  // report above says it in the log), since no violation will be placed on it.
  if (dockerfileMismatch && inputs.annotations) {
    const { location, message } = dockerfileMismatch
    core.warning(printableLine(message), {
      title: 'The Dockerfile does not match the image',
      file: repoRelative(location.file, workspace),
      startLine: location.line
    })
  }

  const reportPath = await writeReport(`${JSON.stringify(buildJsonReport(input), null, 2)}\n`)
  core.setOutput('report', reportPath)

  if (inputs.sarif) {
    const sarifPath = path.resolve(workspace, inputs.sarif)
    const workflow = workflowFile(process.env)
    const log = buildSarif(input, {
      sourceRoot: workspace,
      baseDir: workspace,
      ruleHelp: await loadRuleHelp(RULES, actionRoot()),
      ...(inputs.dockerfile ? { dockerfilePath: inputs.dockerfile } : {}),
      ...(workflow ? { workflowFile: workflow } : {}),
      category: inputs.image ?? inputs.archive ?? 'image'
    })
    await mkdir(path.dirname(sarifPath), { recursive: true })
    await writeFile(sarifPath, `${JSON.stringify(log, null, 2)}\n`)
    core.setOutput('sarif', sarifPath)
  }

  if (inputs.summary) {
    try {
      await core.summary.addRaw(renderSummary(input)).write()
    } catch (error) {
      // Outside a runner (no GITHUB_STEP_SUMMARY) the summary has nowhere to go; the log has it all.
      core.info(`Job summary not written: ${printableLine(errorMessage(error))}`)
    }
  }

  if (inputs.annotations) {
    const moreIn = inputs.summary ? 'the job summary' : `the JSON report (${reportPath})`
    const { annotations } = selectAnnotations(result.evaluation.violations, input.locate, workspace, moreIn)
    for (const { level, message, ...properties } of annotations) {
      const emit = level === 'error' ? core.error : level === 'warning' ? core.warning : core.notice
      emit(message, properties)
    }
  }

  const counts = countViolations(result.evaluation.violations)
  const outcome = verdict(result.evaluation, inputs.failOn)
  core.setOutput('result', outcome)
  core.setOutput('violations', counts.violations)
  core.setOutput('errors', counts.errors)
  core.setOutput('warnings', counts.warnings)
  core.setOutput('size', imageSize(result.image))
  if (outcome === 'fail') {
    core.setFailed(
      `${printable(imageName(result.image))} violates the policy: ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.notices, 'notice')} (fail-on: ${inputs.failOn})`
    )
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

async function scanOptions(
  inputs: Inputs,
  { workspace, save, policy, policyPath, source }: GateContext
): Promise<ScanOptions> {
  const archive = inputs.archive ? path.resolve(workspace, inputs.archive) : undefined
  const isLayout = archive ? ((await stat(archive).catch(() => undefined))?.isDirectory() ?? false) : false
  return {
    source: archive
      ? { kind: isLayout ? 'layout' : 'file', path: archive }
      : source && source.kind !== 'docker'
        ? source
        : { kind: 'docker', reference: inputs.image ?? '', ...(save ? { save } : {}) },
    ...(inputs.archive && inputs.image ? { image: inputs.image } : {}),
    ...(inputs.platform ? { platform: inputs.platform } : {}),
    verifyDigests: inputs.verifyDigests,
    ...(policy ? { policy } : {}),
    ...(policyPath ? { policyPath } : {})
  }
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

/** The JSON report goes under RUNNER_TEMP (cleaned by the runner), in a directory of its own. */
async function writeReport(text: string): Promise<string> {
  const base = process.env.RUNNER_TEMP || tmpdir()
  await mkdir(base, { recursive: true })
  const dir = await mkdtemp(path.join(base, 'image-policy-gate-'))
  const file = path.join(dir, 'report.json')
  await writeFile(file, text)
  return file
}

/** The action's checkout: the bundle's chunks and src/gate.ts all sit one level below it. */
function actionRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
}
