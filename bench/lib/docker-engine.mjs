// A Docker engine for the bench: the one DOCKER_HOST (or the default socket) already answers on, else a
// private dockerd started by .ci/docker-up.sh (installs docker.io when missing) and stopped afterwards.

import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Runs the docker CLI against `host` (undefined = whatever the environment says). */
export function dockerCli(host, args, { timeoutSeconds = 60, input } = {}) {
  const env = host ? { ...process.env, DOCKER_HOST: host } : process.env
  const run = spawnSync('docker', args, {
    env,
    encoding: 'utf8',
    timeout: timeoutSeconds * 1000,
    maxBuffer: 16 << 20,
    ...(input ? { input } : { stdio: ['ignore', 'pipe', 'pipe'] })
  })
  const said = `${run.stderr ?? ''}`.trim().split('\n').pop() ?? ''
  return {
    ok: run.status === 0,
    stdout: `${run.stdout ?? ''}`.trim(),
    error: run.error ? run.error.message : said || `exit ${run.status}`
  }
}

function describeEngine(host) {
  const info = dockerCli(host, ['info', '--format', '{{.ServerVersion}} {{.Driver}}'], { timeoutSeconds: 15 })
  if (!info.ok) return null
  const [version, driver] = info.stdout.split(' ')
  const client = dockerCli(host, ['version', '--format', '{{.Client.Version}}'], { timeoutSeconds: 15 })
  return { serverVersion: version, storageDriver: driver, clientVersion: client.ok ? client.stdout : '?' }
}

/**
 * @returns {{host?: string, engine: object, started: boolean, stop: () => void} | {unavailable: string}}
 */
export function acquireEngine(repoRoot, log) {
  const existing = describeEngine(undefined)
  if (existing) {
    log(`using the Docker engine at ${process.env.DOCKER_HOST || 'the default socket'}`)
    return { host: process.env.DOCKER_HOST, engine: existing, started: false, stop: () => undefined }
  }
  // A short state dir: the socket path must fit a sockaddr_un.
  const env = {
    ...process.env,
    IPG_DOCKER_DIR: process.env.IPG_DOCKER_DIR || join(tmpdir(), 'ipg-bench-docker')
  }
  log(`no Docker engine answers: starting one with .ci/docker-up.sh (state in ${env.IPG_DOCKER_DIR})`)
  const up = spawnSync('bash', [join(repoRoot, '.ci', 'docker-up.sh')], {
    env,
    encoding: 'utf8',
    timeout: 20 * 60 * 1000,
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const host = /^DOCKER_HOST=(.+)$/m.exec(up.stdout ?? '')?.[1]
  if (up.status !== 0 || !host)
    return { unavailable: 'no Docker engine (.ci/docker-up.sh could not start one)' }
  const engine = describeEngine(host)
  const stop = () => {
    log('stopping the dockerd the bench started (.ci/docker-down.sh)')
    spawnSync('bash', [join(repoRoot, '.ci', 'docker-down.sh')], {
      env,
      stdio: ['ignore', 'inherit', 'inherit']
    })
  }
  if (!engine) {
    stop()
    return { unavailable: 'the dockerd started by .ci/docker-up.sh does not answer `docker info`' }
  }
  return { host, engine, started: true, stop }
}
