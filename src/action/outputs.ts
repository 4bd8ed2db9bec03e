// The action's outputs, as action.yml declares them: the JSON report and SARIF files with their paths,
// the verdict and its counts, and the step's failure when the image fails the gate.
import * as core from '@actions/core'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { printable } from '../common/printable.js'
import { installRoot } from '../pipeline/install-root.js'
import { RULES } from '../policy/index.js'
import { imageName, imageSize, platformString } from '../report/facts.js'
import { plural } from '../report/format.js'
import { buildJsonReports } from '../report/json.js'
import { type ReportSet, singleReport } from '../report/model.js'
import { workflowFile } from '../report/paths.js'
import { loadRuleHelp } from '../report/rule-help.js'
import { buildSarifAll } from '../report/sarif.js'
import { type FailOn, countViolations, verdict, worstVerdict } from '../report/verdict.js'
import type { Inputs } from './inputs.js'

/** Writes the JSON report (and the SARIF file when asked for) and sets their outputs; returns the report's path. */
export async function writeReportFiles(set: ReportSet, inputs: Inputs, workspace: string): Promise<string> {
  const reportPath = await writeReport(`${JSON.stringify(buildJsonReports(set), null, 2)}\n`)
  core.setOutput('report', reportPath)
  if (inputs.sarif) {
    const sarifPath = path.resolve(workspace, inputs.sarif)
    const workflow = workflowFile(process.env)
    const log = buildSarifAll(set, {
      sourceRoot: workspace,
      baseDir: workspace,
      ruleHelp: await loadRuleHelp(RULES, installRoot()),
      ...(inputs.dockerfile ? { dockerfilePath: inputs.dockerfile } : {}),
      ...(workflow ? { workflowFile: workflow } : {}),
      category: inputs.image ?? inputs.archive ?? 'image'
    })
    await mkdir(path.dirname(sarifPath), { recursive: true })
    await writeFile(sarifPath, `${JSON.stringify(log, null, 2)}\n`)
    core.setOutput('sarif', sarifPath)
  }
  return reportPath
}

/**
 * The verdict and its counts; the step fails when the image fails the gate. Several platforms: `result`
 * is the worst, the counts are their sums, `size` the largest platform's; the report has each one's.
 */
export function setResultOutputs(set: ReportSet, failOn: FailOn): void {
  const counts = countViolations(set.reports.flatMap((input) => input.evaluation.violations))
  const outcome = worstVerdict(set.reports)
  core.setOutput('result', outcome)
  core.setOutput('violations', counts.violations)
  core.setOutput('errors', counts.errors)
  core.setOutput('warnings', counts.warnings)
  core.setOutput('size', Math.max(...set.reports.map((input) => imageSize(input.image))))
  if (outcome !== 'fail') return
  const single = singleReport(set) ?? (set.reports.length === 1 ? set.reports[0] : undefined)
  if (single) {
    // With new-only, the step fails on the new ones: the message counts those.
    const { newOnly } = single.evaluation
    const failing = newOnly
      ? countViolations(single.evaluation.violations.filter((v) => v.baseline !== 'existing'))
      : counts
    const fresh = newOnly ? 'new ' : ''
    core.setFailed(
      `${printable(imageName(single.image))} violates the policy: ${plural(failing.errors, `${fresh}error`)}, ${plural(failing.warnings, `${fresh}warning`)}, ${plural(failing.notices, `${fresh}notice`)} (fail-on: ${failOn})`
    )
    return
  }
  const failed = set.reports
    .filter((input) => verdict(input.evaluation, input.failOn) === 'fail')
    .map((input) => printable(platformString(input.image)))
  core.setFailed(
    `${printable(imageName(set.reports[0].image))} violates the policy on ${plural(failed.length, 'platform')} of ${set.reports.length} (${failed.join(', ')}): ${plural(counts.errors, 'error')}, ${plural(counts.warnings, 'warning')}, ${plural(counts.notices, 'notice')} (fail-on: ${failOn})`
  )
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
