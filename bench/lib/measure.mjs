// Runs one shell command under GNU time (/usr/bin/time) with a timeout, and summarises repeated runs.

import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const KEEP_OUTPUT = 4096
export const GNU_TIME = '/usr/bin/time'

function tail(chunks) {
  const text = Buffer.concat(chunks).toString('utf8')
  return text.length > KEEP_OUTPUT ? '…' + text.slice(-KEEP_OUTPUT) : text
}

/**
 * @param {string} command a `sh -c` command line
 * @param {{timeoutSeconds: number, env?: object, cwd?: string}} options
 * @returns {Promise<{wallSeconds: number, userSeconds: number, systemSeconds: number, maxRssKiB: number,
 *   exitCode: number|null, timedOut: boolean, stdout: string, stderr: string}>}
 */
export function runTimed(command, options) {
  const dir = mkdtempSync(join(tmpdir(), 'bench-time-'))
  const timeFile = join(dir, 'time')
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint()
    // detached: the command gets its own process group, so a timeout can kill all of it.
    const child = spawn(GNU_TIME, ['-o', timeFile, '-f', '%e %U %S %M %x', 'sh', '-c', command], {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true
    })
    const stdout = []
    const stderr = []
    let stdoutBytes = 0
    child.stdout.on('data', (chunk) => {
      // Keep only the start of stdout (a report); the rest is read and dropped like /dev/null.
      if (stdoutBytes < 1 << 20) stdout.push(chunk)
      stdoutBytes += chunk.length
    })
    child.stderr.on('data', (chunk) => {
      stderr.push(chunk)
      if (stderr.length > 64) stderr.splice(0, stderr.length - 64)
    })
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      try {
        process.kill(-child.pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }, options.timeoutSeconds * 1000)
    child.on('error', (error) => {
      clearTimeout(timer)
      rmSync(dir, { recursive: true, force: true })
      reject(error)
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9
      let fields = []
      try {
        // GNU time prints "Command exited with non-zero status N" first when the command fails.
        const lines = readFileSync(timeFile, 'utf8').trim().split('\n')
        fields = lines[lines.length - 1].split(' ').map(Number)
      } catch {
        // killed before GNU time wrote anything
      }
      rmSync(dir, { recursive: true, force: true })
      resolve({
        wallSeconds,
        userSeconds: fields[1] ?? NaN,
        systemSeconds: fields[2] ?? NaN,
        maxRssKiB: fields[3] ?? NaN,
        exitCode: timedOut ? null : (fields[4] ?? code),
        timedOut,
        stdout: tail(stdout),
        stderr: tail(stderr)
      })
    })
  })
}

export function median(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b)
  if (sorted.length === 0) return NaN
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** Median wall time, range, median CPU, and the largest peak RSS over the successful runs. */
export function summarise(runs, okExitCodes) {
  const ok = runs.filter((r) => !r.timedOut && okExitCodes.includes(r.exitCode))
  const failed = runs.filter((r) => !ok.includes(r))
  const walls = ok.map((r) => r.wallSeconds)
  return {
    runs: runs.length,
    okRuns: ok.length,
    medianSeconds: median(walls),
    /** Every run's wall time in the order they ran (failed runs too), for tables of rounds. */
    wallSecondsByRun: runs.map((r) => r.wallSeconds),
    minSeconds: walls.length ? Math.min(...walls) : NaN,
    maxSeconds: walls.length ? Math.max(...walls) : NaN,
    medianCpuSeconds: median(ok.map((r) => r.userSeconds + r.systemSeconds)),
    peakRssMiB: ok.length ? Math.max(...ok.map((r) => r.maxRssKiB)) / 1024 : NaN,
    exitCodes: [...new Set(runs.map((r) => (r.timedOut ? 'timeout' : r.exitCode)))],
    failure: failed.length
      ? failed[0].timedOut
        ? 'timed out'
        : failed[0].stderr.trim().split('\n').slice(-3).join(' ')
      : null,
    firstStdout: runs[0]?.stdout ?? ''
  }
}

/**
 * Runs the commands round-robin (so drift on the machine hits each alike), `runsOf(command)` times each,
 * logging every run as `<label> <id> run N: …`; returns the runs by command id.
 */
export async function interleavedRuns(
  commands,
  { rounds, runsOf = () => rounds, timeoutSeconds, cwd, label, log }
) {
  const raw = new Map(commands.map((c) => [c.id, []]))
  for (let round = 0; round < rounds; round++) {
    for (const c of commands) {
      if (round >= runsOf(c)) continue
      const run = await runTimed(c.command, { timeoutSeconds, cwd, env: c.env })
      raw.get(c.id).push(run)
      const status = run.timedOut
        ? 'TIMEOUT'
        : c.okExitCodes.includes(run.exitCode)
          ? ''
          : `exit ${run.exitCode}`
      log(
        `${label} ${c.id} run ${round + 1}: ${run.wallSeconds.toFixed(2)} s, ${(run.maxRssKiB / 1024).toFixed(0)} MiB ${status}`
      )
      if (status && run.stderr) log(run.stderr.trim().split('\n').slice(-5).join('\n'))
    }
  }
  return raw
}
