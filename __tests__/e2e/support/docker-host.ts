// Where the engine that .ci/docker-up.sh started listens (no Jest here, so plain scripts can use it).
import { existsSync, readFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/** The env file docker-up.sh writes; IPG_DOCKER_ENV overrides, IPG_DOCKER_DIR moves its directory. */
export function engineEnvFile(): string {
  if (process.env.IPG_DOCKER_ENV) return process.env.IPG_DOCKER_ENV
  const dir = process.env.IPG_DOCKER_DIR ?? path.join(os.tmpdir(), 'ipg-docker')
  return path.join(dir, 'env')
}

/** DOCKER_HOST from the environment, else from the env file, else undefined. */
export function findDockerHost(): string | undefined {
  if (process.env.DOCKER_HOST) return process.env.DOCKER_HOST
  const file = engineEnvFile()
  if (!existsSync(file)) return undefined
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('DOCKER_HOST='))
  return line ? line.slice('DOCKER_HOST='.length).trim() : undefined
}

export const dockerHost = findDockerHost()
