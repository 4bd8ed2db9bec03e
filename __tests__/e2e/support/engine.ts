// Finds the Docker engine that .ci/docker-up.sh started and decides whether e2e suites run.
// Without an engine (or without the bundles) suites are skipped with a warning, except under
// CI=true, where a missing prerequisite is a failure: CI must never pass by skipping.
import { describe, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { dockerHost, engineEnvFile } from './docker-host.js'

/** Why the engine cannot be used, or undefined when `docker info` answers on it. */
function engineProblem(host: string | undefined): string | undefined {
  if (!host)
    return `no Docker engine: DOCKER_HOST is unset and ${engineEnvFile()} does not exist (run .ci/docker-up.sh)`
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
      env: { ...process.env, DOCKER_HOST: host },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20_000
    })
    return undefined
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim()
    return `Docker engine at ${host} does not answer 'docker info': ${stderr || String(error)}`
  }
}

export { dockerHost }
const problem = engineProblem(dockerHost)

/**
 * `describe` when every prerequisite holds; otherwise a visible skip, or under CI=true a suite
 * whose one test fails with the reason.
 */
export function describeE2E(name: string, requiredFiles: string[], body: () => void): void {
  const missing = requiredFiles.filter((f) => !existsSync(f))
  const reason =
    problem ?? (missing.length > 0 ? `missing ${missing.join(', ')} (run npm run package)` : undefined)
  if (!reason) {
    describe(name, body)
    return
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it('has its prerequisites (required under CI=true)', () => {
        throw new Error(reason)
      })
    })
    return
  }
  // Straight to stderr: Jest drops console output of files whose tests are all skipped.
  process.stderr.write(`WARNING: skipping e2e suite "${name}": ${reason}\n`)
  describe.skip(name, body)
}
