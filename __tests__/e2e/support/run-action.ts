// Runs dist/index.js the way the GitHub runner runs a `node24` action: a fresh Node process, inputs as
// INPUT_* variables (declared defaults filled in from action.yml), GITHUB_OUTPUT / GITHUB_STEP_SUMMARY
// files, the workspace as working directory.
import { spawn } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { parse } from 'yaml'
import { actionYml, distAction, node, repoRoot } from './paths.js'
import { parseOutputFile, parseWorkflowCommands, type WorkflowCommand } from './workflow-commands.js'

/** The runner's name for an input's variable: spaces become `_`, upper-cased, dashes kept. */
export function inputVariable(name: string): string {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`
}

interface ActionMetadata {
  runs: { using: string; main: string }
  inputs?: Record<string, { default?: string | boolean | number; required?: boolean }>
  outputs?: Record<string, { description?: string }>
}

export function actionMetadata(): ActionMetadata {
  return parse(readFileSync(actionYml, 'utf8')) as ActionMetadata
}

export interface ActionRun {
  exitCode: number | null
  stdout: string
  stderr: string
  commands: WorkflowCommand[]
  outputs: Record<string, string>
  summary: string
  /** The step's temp directory (RUNNER_TEMP), where relative outputs may land. */
  runnerTemp: string
}

export interface RunOptions {
  /** Inputs by their action.yml names; unset ones take the declared default, as on the runner. */
  inputs: Record<string, string>
  /** Extra environment, e.g. a DOCKER_HOST. */
  env?: Record<string, string | undefined>
  timeoutMs?: number
  /** Directory the caller removes afterwards; the run's files (outputs, RUNNER_TEMP) go below it. */
  workDir: string
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const metadata = actionMetadata()
  const temp = await mkdtemp(path.join(options.workDir, 'runner-'))
  const outputFile = path.join(temp, 'github_output')
  const summaryFile = path.join(temp, 'step_summary.md')
  const runnerTemp = path.join(temp, 'runner_temp')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  await mkdir(runnerTemp)

  const inputEnv: Record<string, string> = {}
  for (const [name, spec] of Object.entries(metadata.inputs ?? {})) {
    if (spec.default !== undefined) inputEnv[inputVariable(name)] = String(spec.default)
  }
  for (const [name, value] of Object.entries(options.inputs)) inputEnv[inputVariable(name)] = value

  // Only what a runner provides: no INPUT_* or GITHUB_* leaking in from the test's own environment.
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_'))
  )
  const env: NodeJS.ProcessEnv = {
    ...base,
    ...inputEnv,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: repoRoot,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_STATE: path.join(temp, 'github_state'),
    GITHUB_ENV: path.join(temp, 'github_env'),
    GITHUB_PATH: path.join(temp, 'github_path'),
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    // The runner names the repository and the running workflow's file (SARIF falls back to the latter).
    GITHUB_REPOSITORY: 'octo/app',
    GITHUB_WORKFLOW_REF: 'octo/app/.github/workflows/ci.yml@refs/heads/main',
    ...options.env
  }
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete env[k]

  const entry = path.resolve(repoRoot, metadata.runs.main)
  if (path.resolve(entry) !== distAction)
    throw new Error(`action.yml runs ${metadata.runs.main}, expected dist/index.js`)
  const child = spawn(node, [entry], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 300_000)
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve))
  clearTimeout(timer)

  return {
    exitCode,
    stdout,
    stderr,
    commands: parseWorkflowCommands(stdout),
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: existsSync(summaryFile) ? await readFile(summaryFile, 'utf8') : '',
    runnerTemp
  }
}
