// `--source auto`: does the local engine have the image? Asked as cheaply as the engine allows:
// `GET /images/{name}/json` on its unix socket (what `docker image inspect` calls), else the docker CLI
// (`docker image inspect`) where the engine is reached through a context, TCP or IPG_DOCKER. Only "no
// such image" or "no engine" sends the read to the registry: an engine that answers anything else
// (permission denied, an error) is a failure, so a local image is never silently swapped for a
// registry's of the same name.
import { homedir } from 'node:os'
import { engineSocket } from './docker/engine.js'
import { DockerError } from '../common/errors.js'
import { printableName } from '../image/safe-path.js'

export type EngineAnswer = 'present' | 'absent' | 'no-engine'

/** Connection failures that mean no engine is listening there. */
const NO_ENGINE = new Set(['ENOENT', 'ECONNREFUSED', 'ENOTSOCK'])

export async function engineHasImage(
  reference: string,
  env: NodeJS.ProcessEnv = process.env,
  home = homedir()
): Promise<EngineAnswer> {
  const command = env.IPG_DOCKER
  const socket = command === undefined ? engineSocket(env, home) : undefined
  // A socket the user named (DOCKER_HOST) must answer; only the default one may be absent.
  if (socket !== undefined) return inspectOnSocket(reference, socket, env.DOCKER_HOST !== undefined)
  // engineSocket is undefined with no socket at the default path and no DOCKER_HOST: no engine,
  // unless the CLI is configured to reach one elsewhere (a context, TCP, IPG_DOCKER).
  if (command === undefined && !env.DOCKER_HOST && !env.DOCKER_CONTEXT && !(await hasCliContext(env, home)))
    return 'no-engine'
  return inspectWithCli(reference, command ?? 'docker', command !== undefined, env)
}

function inspectOnSocket(reference: string, socket: string, named: boolean): Promise<EngineAnswer> {
  // The engine's route is /images/{name:.*}/json: slashes and colons of the name stay as they are.
  const name = encodeURIComponent(reference).replace(/%2F/g, '/').replace(/%3A/g, ':').replace(/%40/g, '@')
  // node:http is loaded only here: a static import makes Node build its ESM exports, which loads undici
  // (fetch) too, ~35 ms and 17 MB on every run.
  const { request } = process.getBuiltinModule('node:http')
  return new Promise((resolve, reject) => {
    const call = request(
      { socketPath: socket, path: `/images/${name}/json`, method: 'GET', headers: { host: 'docker' } },
      (response) => {
        response.resume()
        const status = response.statusCode ?? 0
        if (status === 200) resolve('present')
        else if (status === 404) resolve('absent')
        else
          reject(
            new DockerError(
              `the Docker engine answered HTTP ${status} when asked whether it has ${printableName(reference)}; choose with --source daemon or --source registry`
            )
          )
      }
    )
    call.setTimeout(30_000, () => call.destroy(new Error('the engine did not answer within 30 s')))
    call.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code && NO_ENGINE.has(error.code) && !named) resolve('no-engine')
      else if (error.code && NO_ENGINE.has(error.code)) {
        reject(
          new DockerError(
            `the Docker daemon is not reachable at DOCKER_HOST=unix://${socket} (${error.code}); start it, fix DOCKER_HOST, or choose --source registry`
          )
        )
      } else if (error.code === 'EACCES' || error.code === 'EPERM') {
        reject(
          new DockerError(
            `permission denied talking to the Docker engine at ${socket}; run as a user in the docker group, or choose --source registry`
          )
        )
      } else
        reject(
          new DockerError(`could not ask the Docker engine for ${printableName(reference)}: ${error.message}`)
        )
    })
    call.end()
  })
}

async function hasCliContext(env: NodeJS.ProcessEnv, home: string): Promise<boolean> {
  const { readFile } = await import('node:fs/promises')
  const path = await import('node:path')
  try {
    const file = path.join(env.DOCKER_CONFIG || path.join(home, '.docker'), 'config.json')
    const config = JSON.parse(await readFile(file, 'utf8')) as { currentContext?: unknown }
    return typeof config.currentContext === 'string' && config.currentContext !== 'default'
  } catch {
    return false
  }
}

function inspectWithCli(
  reference: string,
  command: string,
  explicit: boolean,
  env: NodeJS.ProcessEnv
): Promise<EngineAnswer> {
  const { spawn } = process.getBuiltinModule('node:child_process')
  return new Promise((resolve, reject) => {
    const child = spawn(command, ['image', 'inspect', '--format', '{{.Id}}', '--', reference], {
      stdio: ['ignore', 'ignore', 'pipe'],
      env,
      shell: false
    })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 8192) stderr += chunk.toString('utf8')
    })
    child.on('error', (error: NodeJS.ErrnoException) => {
      // No docker CLI: no engine, unless IPG_DOCKER named the command to use.
      if (error.code === 'ENOENT' && !explicit) resolve('no-engine')
      else if (error.code === 'ENOENT')
        reject(new DockerError(`docker is not installed or not on PATH (looked for "${command}")`))
      else reject(new DockerError(`could not run ${command}: ${error.message}`))
    })
    child.on('close', (code) => {
      if (code === 0) return resolve('present')
      if (/no such (image|object)/i.test(stderr)) return resolve('absent')
      if (/cannot connect to the docker daemon|is the docker daemon running/i.test(stderr))
        return resolve('no-engine')
      const said = stderr.split('\n').filter(Boolean).pop() ?? ''
      reject(
        new DockerError(
          `docker image inspect ${printableName(reference)} failed (exit code ${code}${said ? `: ${printableName(said, 200)}` : ''}); choose with --source daemon or --source registry`
        )
      )
    })
  })
}
