// `inspect`: what the image is (layers, config, OS, executables), or its final filesystem path by path.
import type { ReadProgress } from '../image/index.js'
import { imageRequest } from '../pipeline/request.js'
import { inspectImage } from '../pipeline/scan.js'
import { compileGlob, type Glob } from '../policy/values.js'
import {
  buildInspectReport,
  listFiles,
  renderFilesJson,
  renderFilesText,
  renderInspectJson,
  renderInspectText
} from '../report/inspect.js'
import {
  SOURCE_OPTIONS,
  UsageError,
  checkWritable,
  emit,
  oneOf,
  parseWithPositionals,
  sourceSettings
} from './args.js'
import { FLAG_NAMES } from './check.js'
import { EXIT, type CliIo } from './io.js'
import { LIMIT_OPTIONS, parseLimitOptions } from './limit-flags.js'
import { terminalProgress } from './progress.js'

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
} as const

export async function inspect(args: readonly string[], io: CliIo, usage: string): Promise<number> {
  const { values, positionals } = parseWithPositionals(args, INSPECT_OPTIONS, true)
  if (values.help) {
    io.stdout.write(usage)
    return EXIT.pass
  }
  const format = oneOf('format', values.format, ['text', 'json'] as const)
  const where = sourceSettings(values, io)
  if (values.output !== undefined) await checkWritable(values.output, io.cwd)
  if (positionals.length > 0 && !values.files)
    throw new UsageError(`Unexpected argument '${positionals[0]}': globs go after --files`)
  const globs = positionals.map((pattern): Glob => {
    const glob = compileGlob(pattern)
    if (typeof glob === 'string') throw new UsageError(`--files: ${glob}`)
    return glob
  })
  const request = await imageRequest({ ...values, ...where }, io.cwd, FLAG_NAMES)
  const progress = io.stderr.isTTY ? terminalProgress((text) => io.stderr.write(text)) : undefined
  const image = await inspectImage({
    ...request,
    ...(progress ? { onProgress: (p: ReadProgress) => progress.update(p) } : {}),
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
