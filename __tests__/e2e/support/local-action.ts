// Runs the action's TypeScript entry through @github/local-action, as a developer does offline:
// `local-action run . src/action/main.ts .env`, the inputs and the runner's variables in the .env file.
import { spawn } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { dockerHost } from './engine.js'
import { node, repoRoot } from './paths.js'

/** local-action's own script, which the suites list as what they need. */
export const localAction = path.join(
  repoRoot,
  'node_modules',
  '@github',
  'local-action',
  'bin',
  'local-action.js'
)

export interface LocalActionRun {
  stdout: string
  /** The job summary the action wrote, as Markdown. */
  summary: string
}

/**
 * Runs the action with `inputs` (their INPUT_* names) in the work directory `work`, and fails with
 * its output when local-action exits non-zero (it exits 0 when the action fails the step).
 */
export async function runLocalAction(
  inputs: Record<string, string>,
  work: string,
  timeoutMs = 300_000
): Promise<LocalActionRun> {
  const summaryFile = path.join(work, 'summary.md')
  await writeFile(summaryFile, '')
  const envFile = path.join(work, '.env')
  const vars: Record<string, string> = {
    ...inputs,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_WORKSPACE: repoRoot,
    RUNNER_TEMP: work,
    LOCAL_ACTION_WORKSPACE: work,
    ACTIONS_STEP_DEBUG: 'false',
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    DOCKER_HOST: dockerHost ?? ''
  }
  await writeFile(
    envFile,
    Object.entries(vars)
      .map(([k, v]) => `${k}=${JSON.stringify(v)}\n`)
      .join('')
  )
  const env: NodeJS.ProcessEnv = {
    ...Object.fromEntries(
      Object.entries(process.env).filter(([k]) => !k.startsWith('INPUT_') && !k.startsWith('GITHUB_'))
    ),
    // local-action starts `npm exec tsx`, which finds `node` on PATH: make that Node 24.
    PATH: `${path.dirname(node)}${path.delimiter}${process.env.PATH ?? ''}`,
    FORCE_COLOR: '0',
    NO_COLOR: '1'
  }
  const child = spawn(node, [localAction, 'run', repoRoot, 'src/action/main.ts', envFile], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  clearTimeout(timer)
  if (code !== 0)
    throw new Error(`local-action exited ${code}:\n${stdout.slice(-4000)}\n${stderr.slice(-4000)}`)
  return { stdout, summary: await readFile(summaryFile, 'utf8') }
}
