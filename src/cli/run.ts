// The command line: `check` and `inspect`. Exit 0 = pass, 1 = a violation at or above --fail-on,
// 2 = usage, input or policy error (one line on stderr; the stack only with DEBUG=1). The process entry
// point is index.ts (dist/cli.js), which loads this module once it knows it will do the work.
import { UserError } from '../common/errors.js'
import { printableLine } from '../common/printable.js'
import { TOOL_NAME, TOOL_VERSION } from '../report/project.js'
import { UsageError, messageOf } from './args.js'
import { check } from './check.js'
import { inspect } from './inspect.js'
import { EXIT, type CliIo, processIo } from './io.js'
import { limitUsage } from './limit-flags.js'

const USAGE = `Usage:
  ${TOOL_NAME} check --archive FILE|DIR|- [--image REF] [--policy FILE] [--format text|json|sarif]
                     [--output FILE] [--fail-on error|warning|notice|never]
                     [--platform all|OS/ARCH[,OS/ARCH...]] [--dockerfile FILE] [--verify-digests]
                     [--baseline PATH|REF [--new-only]]
  ${TOOL_NAME} check --image REF [--source auto|daemon|registry] [--insecure-registry HOST]... [options]
  ${TOOL_NAME} inspect --archive FILE|DIR|- | --image REF [--source ...] [--image REF] [--platform OS/ARCH]
                     [--format text|json] [--output FILE]
                     [--files [GLOB...]]   list the final filesystem (and hidden copies), or the paths GLOBs match
  ${TOOL_NAME} --help | --version

  A multi-platform image (an index) is gated on every platform unless --platform names some.
  --archive DIR reads an OCI image layout directory (skopeo copy … oci:DIR, buildx type=oci,tar=false).
  --image REF alone reads the image from the local Docker engine when it has it (docker save), else
  from its registry (--source auto); --source daemon or registry chooses. Registry credentials come from
  the docker config (docker login); plain HTTP only for loopback hosts and --insecure-registry HOST.
  --baseline compares with an earlier JSON report (--format json), an archive, a layout or an image
  reference: violations are marked new or existing, growth limits are checked, an image shows the diff;
  --new-only fails on new violations only.

Limits against hostile archives (check and inspect; sizes take units such as 64GiB):
${limitUsage()}

Exit status: 0 nothing at or above --fail-on (default error), 1 something is, 2 usage, input or policy error.
`

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
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
    if (command === 'check') return await check(rest, io, USAGE)
    if (command === 'inspect') return await inspect(rest, io, USAGE)
    throw new UsageError(`unknown command "${command}": expected check or inspect`)
  } catch (error) {
    return reportError(error, io)
  }
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
