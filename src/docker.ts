// `docker save REF` as a byte stream for the reader: no temporary archive, no shell. From a local
// engine's socket when the CLI would use one without configuration of its own (docker-engine.ts),
// otherwise through the docker CLI.
import { homedir } from 'node:os'
import { EngineRefusal, engineSave, engineSocket } from './docker-engine.js'
import { DockerError } from './common/errors.js'

export interface DockerSave {
  /** The archive's bytes. */
  stdout: AsyncIterable<Buffer>
  /** Settles when the whole archive has been sent: rejects with a DockerError otherwise. */
  exited: Promise<void>
  kill(): void
}

/**
 * Saves `reference` from the local engine. With a docker command given (or IPG_DOCKER), always through
 * that command; otherwise from the engine's unix socket when the CLI would use one without
 * configuration of its own, and through the `docker` CLI in every other case.
 */
export function dockerSave(reference: string, dockerCommand = process.env.IPG_DOCKER): DockerSave {
  if (!reference || reference.startsWith('-')) throw new DockerError(`invalid image reference "${reference}"`)
  const cli = () => cliSave(reference, dockerCommand ?? 'docker')
  const socket = dockerCommand === undefined ? engineSocket(process.env, homedir()) : undefined
  if (socket === undefined) return cli()
  const save = engineSave(reference, socket, cli)
  const exited = save.exited.catch((error: unknown) => {
    throw engineError(reference, error)
  })
  exited.catch(() => undefined)
  return { stdout: save.stdout, exited, kill: save.kill }
}

function engineError(reference: string, error: unknown): DockerError {
  if (error instanceof DockerError) return error
  if (error instanceof EngineRefusal) {
    return new DockerError(
      knownFailure(reference, error.message) ??
        `the Docker engine could not save ${reference} (HTTP ${error.status}${error.message ? `: ${error.message}` : ''})`
    )
  }
  const reason = error instanceof Error ? error.message : String(error)
  return new DockerError(`the Docker engine stopped sending ${reference} part-way: ${reason}`)
}

function cliSave(reference: string, dockerCommand: string): DockerSave {
  // Loaded only for --image: reading an archive never loads node:child_process.
  const { spawn } = process.getBuiltinModule('node:child_process')
  const child = spawn(dockerCommand, ['save', reference], { stdio: ['ignore', 'pipe', 'pipe'], shell: false })
  const stderrChunks: Buffer[] = []
  let stderrBytes = 0
  child.stderr.on('data', (chunk: Buffer) => {
    // Keep what docker says about the failure, bounded.
    if (stderrBytes < 64 * 1024) stderrChunks.push(chunk)
    stderrBytes += chunk.length
  })
  const exited = new Promise<void>((resolve, reject) => {
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT')
        reject(new DockerError(`docker is not installed or not on PATH (looked for "${dockerCommand}")`))
      else reject(new DockerError(`could not run docker: ${error.message}`))
    })
    child.on('close', (code, signal) => {
      if (code === 0) return resolve()
      const stderr = Buffer.concat(stderrChunks).toString('utf8').trim()
      reject(new DockerError(explainSaveFailure(reference, stderr, code, signal)))
    })
  })
  exited.catch(() => undefined)
  return { stdout: child.stdout, exited, kill: () => child.kill() }
}

export function explainSaveFailure(
  reference: string,
  stderr: string,
  code: number | null,
  signal: string | null
): string {
  const said = stderr.split('\n').filter(Boolean).pop() ?? ''
  const known = knownFailure(reference, stderr)
  if (known) return known
  if (signal) return `docker save ${reference} was killed by ${signal} before it finished`
  return `docker save ${reference} failed with exit code ${code}${said ? `: ${said}` : ''}`
}

/** What Docker's own words (the CLI's stderr, the engine's error message) mean for the user, when known. */
function knownFailure(reference: string, said: string): string | undefined {
  const lastLine = said.split('\n').filter(Boolean).pop() ?? ''
  if (
    /cannot connect to the docker daemon|is the docker daemon running|no such file or directory.*\.sock/i.test(
      said
    )
  ) {
    return `the Docker daemon is not reachable (${lastLine}); start it or set DOCKER_HOST`
  }
  if (/permission denied/i.test(said)) {
    return `permission denied talking to the Docker daemon (${lastLine}); run as a user in the docker group`
  }
  if (/no such image|reference does not exist|not found/i.test(said)) {
    return `image "${reference}" is not in the local Docker engine; build or pull it first (docker/build-push-action needs load: true)`
  }
  return undefined
}
