// What a CLI run writes to and reads from, so tests can run it in-process; and its exit codes.

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

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() }
}
