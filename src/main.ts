// The action: reads its inputs and the policy, asks the engine for the image, then runs the gate
// (gate.ts). Together with gate.ts, the only code that drives @actions/core.
import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { dockerSave } from './docker.js'
import { PolicyError, UserError, errorMessage, fileErrorReason } from './common/errors.js'
import { type Inputs, getInputs } from './inputs.js'
import type { ImageSource } from './scan.js'
import { resolveSource } from './source/resolve.js'
import { BUNDLED_POLICIES } from './policy/bundled.generated.js'
import type { LoadedPolicy } from './policy/loaded.js'
import type { DockerfileSource } from './report/pipeline.js'
import { printableLine } from './common/printable.js'

export async function run(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  try {
    const inputs = getInputs()
    // Read the Dockerfile and the policy first: a wrong path or a policy mistake should fail before
    // minutes of `docker save`. The policy loader is a chunk of its own (YAML parser, compiled schema,
    // rules): loading it asks the engine ~60 ms later (docs/benchmarks.md), paid only for a policy file
    // of the user's; a bundled one is known to load and is loaded while the engine works.
    const dockerfile = inputs.dockerfile ? await readDockerfile(inputs.dockerfile, workspace) : undefined
    const { policy, policyPath } = await loadUserPolicy(inputs.policy, workspace)
    // The engine exports for seconds before its first byte: ask now, and load the reader and the
    // reporters (most of the bundle, ~0.1 s) while it works.
    // source: auto asks the engine whether it has the image (one small request) before anything starts.
    const source = inputs.archive ? undefined : await resolveSource(imageSource(inputs))
    const save = source?.kind === 'docker' ? dockerSave(source.reference) : undefined
    const { gate } = await import('./gate.js').catch((error: unknown) => {
      save?.kill()
      throw error
    })
    await gate(inputs, {
      workspace,
      ...(policy ? { policy } : { policyPath }),
      ...(dockerfile ? { dockerfile } : {}),
      ...(save ? { save } : {}),
      ...(source ? { source } : {})
    })
  } catch (error) {
    // A policy mistake is also shown on its line of the policy file, where the user will fix it.
    if (error instanceof PolicyError && error.location) annotatePolicyError(error, workspace)
    // Never a pass on error, and one line: user errors say what to fix; anything else keeps its message.
    // Messages quote archive members, manifest fields and references: one printable line.
    core.setFailed(printableLine(error instanceof UserError ? error.message : errorMessage(error)))
  }
}

/** The image input as a source: the registry token goes to ghcr.io only, as its own credential. */
function imageSource(inputs: Inputs): ImageSource {
  const reference = inputs.image ?? ''
  if (inputs.source === 'daemon') return { kind: 'docker', reference }
  const credentials = new Map(
    inputs.registryToken
      ? [
          [
            'ghcr.io',
            {
              username: process.env.GITHUB_ACTOR || 'x-access-token',
              password: inputs.registryToken,
              origin: 'the registry-token input'
            }
          ]
        ]
      : []
  )
  return {
    kind: inputs.source === 'registry' ? 'registry' : 'image',
    reference,
    registry: {
      credentials,
      insecureRegistries: inputs.insecureRegistries,
      log: (line) => core.info(printableLine(line))
    }
  }
}

/** A policy file of the user's, loaded now; a bundled policy (or none: the default) is left to the gate. */
async function loadUserPolicy(
  input: string | undefined,
  workspace: string
): Promise<{ policy?: LoadedPolicy; policyPath?: string }> {
  if (input === undefined || input in BUNDLED_POLICIES) return input ? { policyPath: input } : {}
  const { loadPolicy } = await import('./policy/load.js')
  return { policy: await loadPolicy(path.resolve(workspace, input)) }
}

function annotatePolicyError(error: PolicyError, workspace: string): void {
  const location = error.location
  if (!location) return
  // User policy files are read by absolute path; a bundled policy's name (policies/x.yml) is not a
  // file of the repository, nor is a file outside the workspace: neither can carry an annotation.
  if (!path.isAbsolute(location.file)) return
  const relative = path.relative(workspace, location.file)
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return
  const prefix = `${location.file}:${location.line}:${location.column}: `
  core.error(error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message, {
    title: 'Invalid policy',
    file: relative.split(path.sep).join('/'),
    startLine: location.line,
    startColumn: location.column
  })
}

async function readDockerfile(file: string, workspace: string): Promise<DockerfileSource> {
  try {
    return { path: file, content: await readFile(path.resolve(workspace, file), 'utf8') }
  } catch (error) {
    throw new UserError(`cannot read the dockerfile input ${file}: ${fileErrorReason(error)}`)
  }
}
