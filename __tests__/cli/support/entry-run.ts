// Runs a bundled entry point (dist/cli.js, dist/index.js) on the Node that runs the tests, with
// trace-process.mjs preloaded, and sorts the trace by process (the first to start is the one launched).
import { expect } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { RUNTIME_HEAP_FLAGS } from '../../../src/runtime/heap.js'

export const repoRoot = path.resolve(import.meta.dirname, '../../..')
const PRELOAD = path.join(import.meta.dirname, 'trace-process.mjs')

/** Bytes of the dist/ modules a process loaded. */
export function loadedBytes(traced: TracedProcess): number {
  return traced.modules.reduce((sum, name) => sum + statSync(path.join(repoRoot, 'dist', name)).size, 0)
}

/** The entry point and what it imports before the bundle: a few kilobytes, not the ~1 MB bundle. */
export const SMALL_ENTRY_BYTES = 16 * 1024

/**
 * One process did the work: it set the heap flags before loading anything past the small entry, then
 * loaded the bundle.
 */
export function expectHeapFlagsBeforeBundle(run: EntryRun): void {
  expect(run.processes).toHaveLength(1)
  const [only] = run.processes
  expect(only.flags).toEqual(RUNTIME_HEAP_FLAGS)
  expect(loadedBytes({ ...only, modules: only.modulesBeforeFlags })).toBeLessThan(SMALL_ENTRY_BYTES)
  expect(loadedBytes(only)).toBeGreaterThan(SMALL_ENTRY_BYTES)
}

/** dist/NAME when built; skips visibly otherwise, and fails under CI=true where it must be built. */
export function builtEntry(name: string): string | undefined {
  const file = path.join(repoRoot, 'dist', name)
  if (existsSync(file)) return file
  if (process.env.CI === 'true') throw new Error(`CI=true but ${file} is not built (npm run package)`)
  console.warn(`SKIPPED the ${name} entry tests: ${file} is not built (npm run package)`)
  return undefined
}

export interface TracedProcess {
  pid: number
  execArgv: string[]
  /** File names of the dist/ modules it loaded, in order. */
  modules: string[]
  /** V8 flags it set at run time, in order. */
  flags: string[]
  /** The modules it had loaded when it set its first flag. */
  modulesBeforeFlags: string[]
  /** Unix socket paths it connected to, in order. */
  connections: string[]
  /** The modules it had loaded when it first connected a socket (all of them if it never did). */
  modulesBeforeConnect: string[]
  /** Node's built-in modules it had loaded when it exited (internal ones too); empty when a signal ended it. */
  builtins: string[]
}

export interface EntryRun {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** The process the test started first, then the ones it started, in the order they started. */
  processes: TracedProcess[]
}

export interface EntryOptions {
  env?: NodeJS.ProcessEnv
  /** Called once `count` processes have started, with them; e.g. to signal the first. stdin stays open. */
  whenStarted?: { count: number; then: (processes: TracedProcess[]) => void }
}

export async function runEntry(entry: string, args: string[], options: EntryOptions = {}): Promise<EntryRun> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ipg-entry-'))
  const traceFile = path.join(dir, 'trace.jsonl')
  try {
    const child = spawn(process.execPath, ['--import', PRELOAD, entry, ...args], {
      cwd: repoRoot,
      env: { PATH: process.env.PATH, ...options.env, IPG_TRACE_FILE: traceFile },
      stdio: ['pipe', 'pipe', 'pipe']
    })
    // stdin stays open only for a test that signals the run while it waits to read it.
    if (!options.whenStarted) child.stdin.end()
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    const watch = options.whenStarted
    const poll = watch
      ? setInterval(() => {
          const started = readTrace(traceFile)
          if (started.length < watch.count) return
          clearInterval(poll)
          watch.then(started)
        }, 20)
      : undefined
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve, reject) => {
      child.on('error', reject)
      child.on('close', (exitCode, exitSignal) => resolve([exitCode, exitSignal]))
    })
    clearInterval(poll)
    return { code, signal, stdout, stderr, processes: readTrace(traceFile) }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

function readTrace(file: string): TracedProcess[] {
  if (!existsSync(file)) return []
  const processes = new Map<number, TracedProcess>()
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) {
    const event = JSON.parse(line) as {
      pid: number
      event: string
      execArgv?: string[]
      module?: string
      flag?: string
      path?: string
      builtins?: string[]
    }
    const known = processes.get(event.pid) ?? {
      pid: event.pid,
      execArgv: [],
      modules: [],
      flags: [],
      modulesBeforeFlags: [],
      connections: [],
      modulesBeforeConnect: [],
      builtins: []
    }
    processes.set(event.pid, known)
    if (event.event === 'start') known.execArgv = event.execArgv ?? []
    if (event.event === 'load' && event.module) {
      known.modules.push(event.module)
      if (known.connections.length === 0) known.modulesBeforeConnect.push(event.module)
    }
    if (event.event === 'connect' && event.path) known.connections.push(event.path)
    if (event.event === 'exit') known.builtins = event.builtins ?? []
    if (event.event === 'v8-flag' && event.flag) {
      if (known.flags.length === 0) known.modulesBeforeFlags = [...known.modules]
      known.flags.push(event.flag)
    }
  }
  return [...processes.values()]
}
