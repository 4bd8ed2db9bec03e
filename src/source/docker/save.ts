// `docker save REF` as a byte stream for the reader: no temporary archive, no shell. From a local
// engine's socket when the CLI would use one without configuration of its own (engine.ts), otherwise
// through the docker CLI (cli-save.ts).
import { homedir } from 'node:os'
import { DockerError } from '../../common/errors.js'
import { type DockerSave, cliSave, knownFailure } from './cli-save.js'
import { EngineRefusal, engineSave, engineSocket } from './engine.js'

export type { DockerSave } from './cli-save.js'

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
  // Awaited by the reader; a save given up before anyone waits on it must not fail the process.
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
