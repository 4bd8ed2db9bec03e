// Child processes for the hostile tests: the reader on Node's type stripping, or the bundled CLI,
// in a fresh empty working directory, with a deadline.
import { spawn } from 'node:child_process'
import path from 'node:path'
import type { CheckResult } from './check-in-child.js'
import type { ChildResult } from './read-in-child.js'

const SUPPORT = import.meta.dirname

export interface ChildRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  timedOut: boolean
}

export function runNode(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }
): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    // process.execPath: the Node 24 that runs the tests (npm scripts put the node devDependency first).
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let stdout = ''
    let stderr = ''
    let timedOut = false
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, options.timeoutMs)
    child.on('error', reject)
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({ code, signal, stdout, stderr, timedOut })
    })
  })
}

/** Reads one archive with the TypeScript reader in a child process; strict about unhandled rejections. */
export async function readInChild(
  archive: string,
  options: Record<string, unknown>,
  run: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs: number }
): Promise<ChildResult & { run: ChildRun }> {
  const result = await runNode(
    [
      '--no-warnings',
      '--experimental-transform-types',
      '--unhandled-rejections=strict',
      '--import',
      path.join(SUPPORT, 'ts-register.mjs'),
      path.join(SUPPORT, 'read-in-child.ts'),
      archive,
      JSON.stringify(options)
    ],
    run
  )
  const line = result.stdout.trim().split('\n').pop() ?? ''
  if (result.code !== 0 || !line.startsWith('{')) {
    throw new Error(
      `reader child ended with code ${result.code} signal ${result.signal}${result.timedOut ? ' (timed out)' : ''}: ${result.stderr.slice(0, 2000)}`
    )
  }
  return { ...(JSON.parse(line) as ChildResult), run: result }
}

export const PEAK_MEMORY_PRELOAD = path.join(SUPPORT, 'peak-memory.mjs')

/** `check ARGS` through the CLI's runCli() in a child process: exit code, first stderr line, CPU time, peak memory. */
export async function checkInChild(
  args: string[],
  run: { cwd: string; timeoutMs: number }
): Promise<CheckResult> {
  const result = await runNode(
    [
      '--no-warnings',
      '--experimental-transform-types',
      '--import',
      path.join(SUPPORT, 'ts-register.mjs'),
      path.join(SUPPORT, 'check-in-child.ts'),
      'check',
      ...args
    ],
    run
  )
  const line = result.stdout.trim().split('\n').pop() ?? ''
  if (!line.startsWith('{')) {
    throw new Error(
      `check child ended with code ${result.code} signal ${result.signal}${result.timedOut ? ' (timed out)' : ''}: ${result.stderr.slice(0, 2000)}`
    )
  }
  return JSON.parse(line) as CheckResult
}
