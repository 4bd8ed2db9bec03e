// `check`: the image against the policy, a report in text, JSON or SARIF, and the exit code of the verdict.
import type { ReadProgress } from '../image/index.js'
import { printableLine } from '../common/printable.js'
import { installRoot } from '../pipeline/install-root.js'
import { type PreparedReports, prepareReports } from '../pipeline/report-input.js'
import { type CheckRequest, type SettingNames, checkRequest, isBundledPolicy } from '../pipeline/request.js'
import { scanWithBaseline } from '../pipeline/baseline.js'
import { type ScanOptions, scan } from '../pipeline/scan.js'
import { RULES } from '../policy/index.js'
import { jsonReporter } from '../report/json.js'
import type { Reporter } from '../report/model.js'
import { repositoryRoot, workflowFile } from '../report/paths.js'
import { loadRuleHelp } from '../report/rule-help.js'
import { sarifLocationProblem, sarifReporter, type SarifOptions } from '../report/sarif.js'
import { textReporter } from '../report/text.js'
import { FAIL_ON_VALUES, type FailOn, worstVerdict } from '../report/verdict.js'
import { SOURCE_OPTIONS, UsageError, checkWritable, emit, oneOf, parse, sourceSettings } from './args.js'
import { EXIT, type CliIo } from './io.js'
import { LIMIT_OPTIONS, parseLimitOptions } from './limit-flags.js'
import { terminalProgress } from './progress.js'

const CHECK_OPTIONS = {
  archive: { type: 'string' },
  image: { type: 'string' },
  ...SOURCE_OPTIONS,
  policy: { type: 'string' },
  format: { type: 'string', default: 'text' },
  output: { type: 'string' },
  'fail-on': { type: 'string', default: 'error' },
  platform: { type: 'string' },
  dockerfile: { type: 'string' },
  'verify-digests': { type: 'boolean', default: false },
  baseline: { type: 'string' },
  'new-only': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  ...LIMIT_OPTIONS
} as const

/** How the flags are named in the messages of the pipeline's checks. */
export const FLAG_NAMES: SettingNames = {
  noSource: 'give --archive FILE|DIR (or - for stdin), or --image REF to read it from Docker or its registry',
  platform: '--platform',
  dockerfile: (_given, resolved) => `the Dockerfile ${resolved}`,
  stdin: true,
  baseline: '--baseline REPORT.json|ARCHIVE|DIR|REF',
  newOnly: '--new-only'
}

export async function check(args: readonly string[], io: CliIo, usage: string): Promise<number> {
  const values = parse(args, CHECK_OPTIONS)
  if (values.help) {
    io.stdout.write(usage)
    return EXIT.pass
  }
  const format = oneOf('format', values.format, ['text', 'json', 'sarif'] as const)
  const failOn = oneOf('fail-on', values['fail-on'], FAIL_ON_VALUES)
  const where = sourceSettings(values, io)
  if (values.output !== undefined) await checkWritable(values.output, io.cwd)
  const request = await checkRequest(
    { ...values, ...where, verifyDigests: values['verify-digests'], failOn, newOnly: values['new-only'] },
    io.cwd,
    FLAG_NAMES
  )
  const sarif = format === 'sarif' ? sarifOptions(values, io) : undefined
  // Before minutes of reading: a SARIF file needs a file of the repository to put its results on.
  const userPolicy = values.policy && !isBundledPolicy(values.policy) ? values.policy : undefined
  const locationProblem = sarif ? sarifLocationProblem(sarif, userPolicy) : undefined
  if (locationProblem) throw new UsageError(locationProblem)

  const progress = io.stderr.isTTY ? terminalProgress((text) => io.stderr.write(text)) : undefined
  const scanOptions = {
    ...request,
    ...(progress ? { onProgress: (p: ReadProgress) => progress.update(p) } : {}),
    limits: parseLimitOptions(values)
  }
  const prepared = await (
    request.baseline
      ? checkWithBaseline(request, scanOptions, failOn)
      : scan(scanOptions).then((results) => prepareReports(results, failOn, request.dockerfile))
  ).finally(() => progress?.done())
  for (const warning of prepared.warnings) io.stderr.write(`warning: ${printableLine(warning)}\n`)
  const toTerminal = values.output === undefined
  // Said once: the text report on stdout carries it; other formats and files get it on stderr.
  if (prepared.dockerfileMismatch && !(format === 'text' && toTerminal))
    io.stderr.write(`warning: ${printableLine(prepared.dockerfileMismatch.message)}\n`)

  const color = toTerminal && Boolean(io.stdout.isTTY) && io.env.NO_COLOR === undefined
  const reporter: Reporter = sarif
    ? sarifReporter({ ...sarif, ruleHelp: await loadRuleHelp(RULES, installRoot()) })
    : format === 'json'
      ? jsonReporter
      : textReporter
  await emit(reporter.renderAll(prepared.set, { color }), values.output, io)
  return worstVerdict(prepared.set.reports) === 'fail' ? EXIT.fail : EXIT.pass
}

function sarifOptions(
  values: { dockerfile?: string; image?: string; archive?: string },
  io: CliIo
): SarifOptions {
  const workflow = workflowFile(io.env)
  return {
    sourceRoot: repositoryRoot(io.cwd, io.env),
    baseDir: io.cwd,
    ...(values.dockerfile ? { dockerfilePath: values.dockerfile } : {}),
    ...(workflow ? { workflowFile: workflow } : {}),
    category: values.image ?? values.archive ?? 'image'
  }
}

/** Compared with a baseline platform by platform: the reports, their comparisons and the warnings. */
async function checkWithBaseline(
  request: CheckRequest,
  options: ScanOptions,
  failOn: FailOn
): Promise<PreparedReports> {
  const { results, comparisons, warnings } = await scanWithBaseline(request, options)
  const prepared = await prepareReports(results, failOn, request.dockerfile, comparisons)
  return { ...prepared, warnings: [...warnings, ...prepared.warnings] }
}
