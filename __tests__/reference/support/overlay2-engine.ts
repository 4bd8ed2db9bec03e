// The second Docker engine, with the overlay2 storage driver, that .ci/overlay2-up.sh starts: the
// reference for the merged filesystem. Found from IPG_OVERLAY2_DOCKER_HOST, else from the env file
// the script writes.
import { describe } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { hasTool } from '../../helpers/tools.js'

function stateDir(): string {
  return process.env.IPG_OVERLAY2_DIR ?? path.join(os.tmpdir(), 'ipg-overlay2')
}

export function overlay2DockerHost(): string | undefined {
  if (process.env.IPG_OVERLAY2_DOCKER_HOST) return process.env.IPG_OVERLAY2_DOCKER_HOST
  const file = path.join(stateDir(), 'env')
  if (!existsSync(file)) return undefined
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith('IPG_OVERLAY2_DOCKER_HOST='))
  return line?.slice('IPG_OVERLAY2_DOCKER_HOST='.length).trim()
}

export interface DockerRun {
  status: number | null
  stdout: Buffer
  stderr: string
}

export function docker(host: string, args: string[], input?: Buffer): DockerRun {
  const result = spawnSync('docker', args, {
    env: { ...process.env, DOCKER_HOST: host },
    input,
    maxBuffer: 1 << 30,
    timeout: 300_000
  })
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr?.toString() ?? String(result.error)
  }
}

/** The engine's storage driver, or why it cannot be asked. */
function engineDriver(host: string): string {
  const info = docker(host, ['info', '--format', '{{.Driver}}'])
  return info.status === 0 ? info.stdout.toString().trim() : `unreachable (${info.stderr.trim()})`
}

/**
 * `describe` when the overlay2 engine answers (overlay2, or fuse-overlayfs where the kernel refuses
 * overlay2); otherwise skipped with a warning, or a failure under CI=true, where .ci/run starts it.
 */
export function describeWithOverlay2Engine(name: string, body: (host: string) => void): void {
  const host = overlay2DockerHost()
  const driver = host && hasTool('docker') ? engineDriver(host) : 'not started'
  if (host && (driver === 'overlay2' || driver === 'fuse-overlayfs')) {
    describe(`${name} (${driver})`, () => body(host))
    return
  }
  const why = `no overlay2 Docker engine (${driver}); start one with .ci/overlay2-up.sh`
  if (process.env.CI === 'true') throw new Error(`CI=true but ${why}, for "${name}"`)
  console.warn(`SKIPPED "${name}": ${why}`)
  describe.skip(name, () => body(''))
}
