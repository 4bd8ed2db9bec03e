// Run in a child process by the hostile tests: `check` through the CLI's runCli(), as a user runs it,
// then one JSON line: the exit code, the first line of stderr, the CPU time and the peak resident memory.
import { readFileSync } from 'node:fs'
import { applyHeapFlags } from '../../../src/runtime/heap.js'

// As the CLI's entry does, before the reader loads.
applyHeapFlags()
const { runCli } = await import('../../../src/cli/run.js')

export interface CheckResult {
  code: number
  stderr: string
  cpuMs: number
  peakKiB: number
}

const stderr: string[] = []
const code = await runCli(process.argv.slice(2), {
  stdout: { write: () => true },
  stderr: { write: (text: string) => stderr.push(text) },
  env: {},
  cwd: process.cwd()
})
const cpu = process.cpuUsage()
const peak = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'))
const result: CheckResult = {
  code,
  stderr: stderr.join('').split('\n')[0],
  cpuMs: Math.round((cpu.user + cpu.system) / 1000),
  peakKiB: peak ? Number(peak[1]) : -1
}
process.stdout.write(`${JSON.stringify(result)}\n`)
