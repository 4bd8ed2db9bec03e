// Command-line arguments: node:util's parseArgs with one-line usage errors, and what both commands read
// the same way (choices, the report file).
import { constants } from 'node:fs'
import { access, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { UserError, errorMessage, fileErrorReason } from '../common/errors.js'
import { didYouMean } from '../policy/values.js'
import { printableLine } from '../common/printable.js'
import type { RequestSettings } from '../pipeline/request.js'
import type { CliIo } from './io.js'

export class UsageError extends UserError {}

export function parse<T extends ParseArgsConfig['options']>(args: readonly string[], options: T) {
  return parseWithPositionals(args, options, false).values
}

export function parseWithPositionals<T extends ParseArgsConfig['options']>(
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

export function oneOf<T extends string>(option: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T
  throw new UsageError(`--${option} must be one of ${allowed.join(', ')} (got "${value}")`)
}

/** An --output that cannot be written fails now, not after the whole read (nothing is created). */
export async function checkWritable(output: string, cwd: string): Promise<void> {
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

/** The report on stdout, or in the --output file. */
export async function emit(text: string, output: string | undefined, io: CliIo): Promise<void> {
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

function outputErrorReason(error: unknown): string {
  // The file may well not exist yet: ENOENT here means its directory does not.
  return (error as NodeJS.ErrnoException).code === 'ENOENT'
    ? 'its directory does not exist'
    : fileErrorReason(error)
}

/** The message of any thrown value, also for errors from another realm (node:util's under Jest's VM). */
export function messageOf(error: unknown): string {
  const message =
    typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : undefined
  return typeof message === 'string' ? message : errorMessage(error)
}

/** Where --image REF is read from: both commands take these. */
export const SOURCE_OPTIONS = {
  source: { type: 'string', default: 'auto' },
  'insecure-registry': { type: 'string', multiple: true, default: [] }
} as const satisfies ParseArgsConfig['options']

const SOURCES = ['auto', 'daemon', 'registry'] as const

/** --source and --insecure-registry as request settings; registry notes go to stderr. */
export function sourceSettings(
  values: { archive?: string; source: string; 'insecure-registry': string[] },
  io: CliIo
): Required<Pick<RequestSettings, 'source' | 'registry'>> {
  const source = oneOf('source', values.source, SOURCES)
  if (values.archive !== undefined && source !== 'auto')
    throw new UsageError('--source chooses where --image REF is read from; it does not go with --archive')
  const insecure = values['insecure-registry']
  return {
    source,
    registry: {
      log: (line) => io.stderr.write(`note: ${printableLine(line)}\n`),
      ...(insecure.length > 0 ? { insecureRegistries: insecure } : {})
    }
  }
}
