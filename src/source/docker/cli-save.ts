// `docker save REF` through the docker CLI: no shell, the reference as one argument, the CLI's own words
// on a failure turned into one line that says what to do.
import { DockerError } from '../../common/errors.js'

/** A running `docker save`: the archive's bytes, its outcome, and a way to stop it. */
export interface DockerSave {
  /** The archive's bytes. A chunk may be overwritten once the next one is asked for. */
  stdout: AsyncIterable<Buffer>
  /** Settles when the whole archive has been sent: rejects with a DockerError otherwise. */
  exited: Promise<void>
  kill: () => void
}

export function cliSave(reference: string, dockerCommand: string): DockerSave {
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
  // Awaited by the reader; a save given up before anyone waits on it must not fail the process.
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
export function knownFailure(reference: string, said: string): string | undefined {
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
