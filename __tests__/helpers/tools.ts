// Outside references the tests compare against (Go's archive/tar, umoci, skopeo, a registry), found on
// PATH. Suites that need one skip visibly when it is missing, and fail instead under CI, where
// .ci/install-tools.sh always installs them.
import { spawnSync } from 'node:child_process'
import { describeUnless } from './skip.js'

const found = new Map<string, boolean>()

export function hasTool(command: string): boolean {
  let present = found.get(command)
  if (present === undefined) {
    present = spawnSync('sh', ['-c', 'command -v "$1"', 'sh', command], { stdio: 'ignore' }).status === 0
    found.set(command, present)
  }
  return present
}

/** `describe` when every command is on PATH; otherwise skipped with a warning, or a failure under CI. */
export function describeWithTools(commands: readonly string[], name: string, body: () => void): void {
  const missing = commands.filter((command) => !hasTool(command))
  describeUnless(missing, 'on PATH: run .ci/install-tools.sh as root', name, body)
}
