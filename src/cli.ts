// The command line: `check` and `inspect`. Exit 0 = pass, 1 = a violation at or above --fail-on,
// 2 = usage, input or policy error (one line on stderr; the stack only with DEBUG=1). The process entry
// point is cli-entry.ts (dist/cli.js), which loads this module once it knows it will do the work.
import { constants } from 'node:fs'
import { access, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { ReadProgress } from './image/index.js'
import { parsePlatform } from './image/platform.js'
import { LIMIT_OPTIONS, limitUsage, parseLimitOptions } from './limit-options.js'
import { terminalProgress } from './progress.js'
import { UserError, errorMessage, fileErrorReason } from './common/errors.js'
import {
  buildInspectReport,
  listFiles,
  renderFilesJson,
  renderFilesText,
  renderInspectJson,
  renderInspectText
} from './report/inspect.js'
import { compileGlob, type Glob } from './policy/values.js'
import { jsonReporter } from './report/json.js'
import { prepareReport } from './report/pipeline.js'
import { TOOL_NAME, TOOL_VERSION } from './report/project.js'
import { loadRuleHelp } from './report/rule-help.js'
import { repositoryRoot, workflowFile } from './report/paths.js'
import { sarifLocationProblem, sarifReporter, type SarifOptions } from './report/sarif.js'
import { textReporter } from './report/text.js'
import { FAIL_ON_VALUES, verdict } from './report/verdict.js'
import { parseReference } from './source/registry/reference.js'
import { inspectImage, scan, type ImageSource, type RegistryAccess } from './scan.js'
import { BUNDLED_POLICY_NAMES, RULES } from './policy/index.js'
import { didYouMean } from './policy/values.js'
import { printableLine } from './common/printable.js'

export interface Output {
  write(text: string): unknown
  isTTY?: boolean
}

export interface CliIo {
  stdout: Output
  stderr: Output
  env: Record<string, string | undefined>
  cwd: string
}

export const EXIT = { pass: 0, fail: 1, error: 2 } as const

class UsageError extends UserError {}

const USAGE = `Usage:
  ${TOOL_NAME} check --archive FILE|DIR|- [--image REF] [--policy FILE] [--format text|json|sarif]
                     [--output FILE] [--fail-on error|warning|notice|never] [--platform OS/ARCH]
                     [--dockerfile FILE] [--verify-digests]
  ${TOOL_NAME} check --image REF [--source auto|daemon|registry] [--insecure-registry HOST]... [options]
  ${TOOL_NAME} inspect --archive FILE|DIR|- | --image REF [--source ...] [--image REF] [--platform OS/ARCH]
                     [--format text|json] [--output FILE]
                     [--files [GLOB...]]   list the final filesystem (and hidden copies), or the paths GLOBs match
  ${TOOL_NAME} --help | --version

  --archive DIR reads an OCI image layout directory (skopeo copy … oci:DIR, buildx type=oci,tar=false).
  --image REF alone reads the image from the local Docker engine when it has it (docker save), else
  from its registry (--source auto); --source daemon or registry chooses. Registry credentials come from
  the docker config (docker login); plain HTTP only for loopback hosts and --insecure-registry HOST.

Limits against hostile archives (check and inspect; sizes take units such as 64GiB):
${limitUsage()}

Exit status: 0 nothing at or above --fail-on (default error), 1 something is, 2 usage, input or policy error.
`

const SOURCE_OPTIONS = {
  source: { type: 'string', default: 'auto' },
  'insecure-registry': { type: 'string', multiple: true, default: [] }
} as const satisfies ParseArgsConfig['options']

const SOURCES = ['auto', 'daemon', 'registry'] as const

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
  help: { type: 'boolean', short: 'h', default: false },
  ...LIMIT_OPTIONS
} as const satisfies ParseArgsConfig['options']

const INSPECT_OPTIONS = {
  archive: { type: 'string' },
  image: { type: 'string' },
  ...SOURCE_OPTIONS,
  format: { type: 'string', default: 'text' },
  output: { type: 'string' },
  platform: { type: 'string' },
  files: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
  ...LIMIT_OPTIONS
} as const satisfies ParseArgsConfig['options']

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  try {
    const [command, ...rest] = argv
    if (command === undefined) throw new UsageError(`missing command: try \`${TOOL_NAME} --help\``)
    if (command === '--help' || command === '-h' || command === 'help') {
      io.stdout.write(USAGE)
      return EXIT.pass
    }
    if (command === '--version' || command === '-v') {
      io.stdout.write(`${TOOL_VERSION}\n`)
      return EXIT.pass
    }
    if (command === 'check') return await check(rest, io)
    if (command === 'inspect') return await inspect(rest, io)
    throw new UsageError(`unknown command "${command}": expected check or inspect`)
  } catch (error) {
    return reportError(error, io)
  }
}

function parse<T extends ParseArgsConfig['options']>(args: readonly string[], options: T) {
  return parseWithPositionals(args, options, false).values
}

function parseWithPositionals<T extends ParseArgsConfig['options']>(
  args: readonly string[],
  options: T,
  allowPositionals: boolean
) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals })
  } catch (error) {
    // node:util's messages carry a second sentence of advice; keep the first.
    const first = messageOf(error).split('. ')[0].replace(/\.$/, '')
    const unknown = /^Unknown option '(--?[^'=]*)'$/.exec(first)
    if (!unknown) throw new UsageError(first)
    const flags = Object.keys(options ?? {}).map((name) => `--${name}`)
    throw new UsageError(`${first}${didYouMean(unknown[1], flags)}; try --help`)
  }
}

interface SourceFlags {
  archive?: string | undefined
  image?: string | undefined
  source: string
  'insecure-registry': string[]
}

async function sourceOf(values: SourceFlags, io: CliIo): Promise<ImageSource> {
  const { archive, image } = values
  const choice = oneOf('source', values.source, SOURCES)
  if (archive !== undefined && choice !== 'auto')
    throw new UsageError('--source chooses where --image REF is read from; it does not go with --archive')
  if (archive === '-') return { kind: 'stdin' }
  if (archive !== undefined) {
    const file = path.resolve(io.cwd, archive)
    const info = await stat(file).catch(() => undefined)
    return info?.isDirectory() ? { kind: 'layout', path: file } : { kind: 'file', path: file }
  }
  if (image === undefined)
    throw new UsageError(
      'give --archive FILE|DIR (or - for stdin), or --image REF to read it from Docker or its registry'
    )
  if (choice === 'daemon') return { kind: 'docker', reference: image }
  // A reference a registry cannot have fails now, before the engine is asked.
  parseReference(image)
  const registry: RegistryAccess = {
    log: (line) => io.stderr.write(`note: ${printableLine(line)}\n`),
    ...(values['insecure-registry'].length > 0 ? { insecureRegistries: values['insecure-registry'] } : {})
  }
  return { kind: choice === 'registry' ? 'registry' : 'image', reference: image, registry }
}

function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`--${option} must be one of ${allowed.join(', ')} (got "${value}")`)
}

async function check(args: readonly string[], io: CliIo): Promise<number> {
  const values = parse(args, CHECK_OPTIONS)
  if (values.help) {
    io.stdout.write(USAGE)
    return EXIT.pass
  }
  const format = oneOf('format', values.format, ['text', 'json', 'sarif'] as const)
  const failOn = oneOf('fail-on', values['fail-on'], FAIL_ON_VALUES)
  const source = await sourceOf(values, io)
  if (values.platform !== undefined) parsePlatform(values.platform)
  if (values.output !== undefined) await checkWritable(values.output, io.cwd)
  const dockerfile = values.dockerfile
    ? { path: values.dockerfile, content: await readDockerfile(path.resolve(io.cwd, values.dockerfile)) }
    : undefined

  const sarif: SarifOptions | undefined =
    format === 'sarif'
      ? {
          sourceRoot: repositoryRoot(io.cwd, io.env),
          baseDir: io.cwd,
          ...(values.dockerfile ? { dockerfilePath: values.dockerfile } : {}),
          ...(workflowFile(io.env) ? { workflowFile: workflowFile(io.env) } : {}),
          category: values.image ?? values.archive ?? 'image'
        }
      : undefined
  // Before minutes of reading: a SARIF file needs a file of the repository to put its results on.
  const userPolicy =
    values.policy && !BUNDLED_POLICY_NAMES.includes(values.policy) ? values.policy : undefined
  const locationProblem = sarif ? sarifLocationProblem(sarif, userPolicy) : undefined
  if (locationProblem) throw new UsageError(locationProblem)

  const progress = io.stderr.isTTY ? terminalProgress((text) => io.stderr.write(text)) : undefined
  const result = await scan({
    source,
    ...(progress ? { onProgress: (p: ReadProgress) => progress.update(p) } : {}),
    ...(values.archive !== undefined && values.image !== undefined ? { image: values.image } : {}),
    ...(values.platform ? { platform: values.platform } : {}),
    ...(values.policy ? { policyPath: policyArgument(values.policy, io.cwd) } : {}),
    verifyDigests: values['verify-digests'],
    limits: parseLimitOptions(values)
  }).finally(() => progress?.done())
  const prepared = await prepareReport(result, failOn, dockerfile)
  for (const warning of prepared.warnings) io.stderr.write(`warning: ${printableLine(warning)}\n`)
  const toTerminal = values.output === undefined
  // Said once: the text report on stdout carries it; other formats and files get it on stderr.
  if (prepared.dockerfileMismatch && !(format === 'text' && toTerminal))
    io.stderr.write(`warning: ${printableLine(prepared.dockerfileMismatch.message)}\n`)

  const color = toTerminal && Boolean(io.stdout.isTTY) && io.env.NO_COLOR === undefined
  const reporter =
    format === 'json'
      ? jsonReporter
      : sarif
        ? sarifReporter({ ...sarif, ruleHelp: await loadRuleHelp(RULES, toolRoot()) })
        : textReporter
  await emit(reporter.render(prepared.input, { color }), values.output, io)
  return verdict(result.evaluation, failOn) === 'fail' ? EXIT.fail : EXIT.pass
}

async function inspect(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseWithPositionals(args, INSPECT_OPTIONS, true)
  if (values.help) {
    io.stdout.write(USAGE)
    return EXIT.pass
  }
  const format = oneOf('format', values.format, ['text', 'json'] as const)
  if (values.platform !== undefined) parsePlatform(values.platform)
  if (values.output !== undefined) await checkWritable(values.output, io.cwd)
  if (positionals.length > 0 && !values.files)
    throw new UsageError(`Unexpected argument '${positionals[0]}': globs go after --files`)
  const globs = positionals.map((pattern): Glob => {
    const glob = compileGlob(pattern)
    if (typeof glob === 'string') throw new UsageError(`--files: ${glob}`)
    return glob
  })
  const progress = io.stderr.isTTY ? terminalProgress((text) => io.stderr.write(text)) : undefined
  const image = await inspectImage({
    source: await sourceOf(values, io),
    ...(progress ? { onProgress: (p: ReadProgress) => progress.update(p) } : {}),
    ...(values.archive !== undefined && values.image !== undefined ? { image: values.image } : {}),
    ...(values.platform ? { platform: values.platform } : {}),
    limits: parseLimitOptions(values)
  }).finally(() => progress?.done())
  if (values.files) {
    const listing = listFiles(image, globs)
    await emit(format === 'json' ? renderFilesJson(listing) : renderFilesText(listing), values.output, io)
    return EXIT.pass
  }
  const report = buildInspectReport(image)
  await emit(format === 'json' ? renderInspectJson(report) : renderInspectText(report), values.output, io)
  return EXIT.pass
}

/** A bundled policy name (`strict`) as is, anything else as a path from the working directory. */
export function policyArgument(value: string, cwd: string): string {
  return BUNDLED_POLICY_NAMES.includes(value) ? value : path.resolve(cwd, value)
}

async function readDockerfile(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new UsageError(`cannot read the Dockerfile ${file}: ${fileErrorReason(error)}`)
  }
}

/** An --output that cannot be written fails now, not after the whole read (nothing is created). */
async function checkWritable(output: string, cwd: string): Promise<void> {
  const file = path.resolve(cwd, output)
  try {
    const info = await stat(file).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    })
    if (info?.isDirectory()) throw Object.assign(new Error('directory'), { code: 'EISDIR' })
    await access(info ? file : path.dirname(file), constants.W_OK)
  } catch (error) {
    throw new UsageError(`cannot write the report to ${output}: ${outputErrorReason(error)}`)
  }
}

function outputErrorReason(error: unknown): string {
  // The file may well not exist yet: ENOENT here means its directory does not.
  return (error as NodeJS.ErrnoException).code === 'ENOENT'
    ? 'its directory does not exist'
    : fileErrorReason(error)
}

async function emit(text: string, output: string | undefined, io: CliIo): Promise<void> {
  if (output === undefined) {
    io.stdout.write(text)
    return
  }
  try {
    await writeFile(path.resolve(io.cwd, output), text)
  } catch (error) {
    throw new UsageError(`cannot write the report to ${output}: ${outputErrorReason(error)}`)
  }
}

/** The message of any thrown value, also for errors from another realm (node:util's under Jest's VM). */
function messageOf(error: unknown): string {
  const message =
    typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined
  return typeof message === 'string' ? message : errorMessage(error)
}

function reportError(error: unknown, io: CliIo): number {
  // Messages quote archive members, manifest fields and references: one printable line.
  const message = printableLine(messageOf(error).split('\n')[0])
  if (error instanceof UserError) {
    io.stderr.write(`${TOOL_NAME}: ${message}\n`)
  } else {
    io.stderr.write(
      `${TOOL_NAME}: unexpected error: ${message}${io.env.DEBUG ? '' : ' (set DEBUG=1 for details)'}\n`
    )
  }
  const stack = typeof error === 'object' && error !== null ? (error as { stack?: unknown }).stack : undefined
  if (io.env.DEBUG && typeof stack === 'string')
    io.stderr.write(`${stack.split('\n').map(printableLine).join('\n')}\n`)
  return EXIT.error
}

/** Directory holding docs/ and policies/: one level above this file in src/ and in dist/. */
function toolRoot(): string {
  return path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
}

function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }
}
