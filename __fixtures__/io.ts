// A CliIo that records what the CLI prints.
import type { CliIo } from '../src/cli/io.js'

export interface RecordingIo extends CliIo {
  out(): string
  err(): string
}

export function recordingIo(
  cwd: string,
  env: Record<string, string | undefined> = {},
  isTTY = false
): RecordingIo {
  const stdout: string[] = []
  const stderr: string[] = []
  return {
    stdout: { write: (text: string) => stdout.push(text), isTTY },
    stderr: { write: (text: string) => stderr.push(text) },
    env,
    cwd,
    out: () => stdout.join(''),
    err: () => stderr.join('')
  }
}
