// A description of the machine and tools, printed with every result.

import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { availableParallelism, release, totalmem } from 'node:os'

function firstLine(file, args) {
  try {
    return execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .split('\n')[0]
      .trim()
  } catch {
    return 'not found'
  }
}

export function describeMachine(node, snykVersion) {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8')
  const cpuModel = /^model name\s*:\s*(.*)$/m.exec(cpuinfo)?.[1] ?? 'unknown'
  return {
    nproc: availableParallelism(),
    cpu: cpuModel,
    memoryGiB: (totalmem() / 2 ** 30).toFixed(1),
    kernel: release(),
    node: firstLine(node, ['--version']),
    tar: firstLine('tar', ['--version']),
    gzip: firstLine('gzip', ['--version']),
    // Debian's build prints "UNKNOWN" for --version; the package version is the real one.
    time: `GNU time ${firstLine('dpkg-query', ['-W', '-f=${Version}', 'time'])}`,
    snykDockerPlugin: snykVersion
  }
}
