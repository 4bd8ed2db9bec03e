// Runs the bundled CLI (dist/cli.js) on Node 24, from a file or with another process's stdout as stdin.
import { spawn } from 'node:child_process'
import { dockerEnv } from './docker.js'
import { distCli, node, repoRoot } from './paths.js'

export interface CliRun {
  exitCode: number | null
  stdout: string
  stderr: string
}

function collect(child: ReturnType<typeof spawn>, timeoutMs: number): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  child.stdout?.on('data', (c: Buffer) => (stdout += c.toString()))
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', (exitCode) => {
      clearTimeout(timer)
      resolve({ exitCode, stdout, stderr })
    })
  })
}

export function runCli(args: string[], timeoutMs = 120_000): Promise<CliRun> {
  const child = spawn(node, [distCli, ...args], {
    cwd: repoRoot,
    env: dockerEnv(),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  return collect(child, timeoutMs)
}

/** `docker save TAG | node dist/cli.js ARGS`: the CLI reads the engine's stream on stdin. */
export async function runCliOnDockerSave(
  tag: string,
  args: string[],
  timeoutMs = 120_000
): Promise<CliRun & { saveExitCode: number | null }> {
  const save = spawn('docker', ['save', tag], { env: dockerEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  const cli = spawn(node, [distCli, ...args], {
    cwd: repoRoot,
    env: dockerEnv(),
    stdio: ['pipe', 'pipe', 'pipe']
  })
  save.stdout.pipe(cli.stdin)
  // A CLI that exits early must not crash the test with EPIPE on its stdin.
  cli.stdin.on('error', () => undefined)
  const saved = new Promise<number | null>((resolve) => save.on('close', resolve))
  const result = await collect(cli, timeoutMs)
  return { ...result, saveExitCode: await saved }
}
