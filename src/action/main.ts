// The action: reads its inputs into a check request, asks the engine for the image, then runs the
// check (check.ts). Together with check.ts and outputs.ts, the only code that drives @actions/core.
import * as core from '@actions/core'
import path from 'node:path'
import { PolicyError, UserError, errorMessage } from '../common/errors.js'
import { printableLine } from '../common/printable.js'
import { type CheckRequest, checkRequest, isBundledPolicy } from '../pipeline/request.js'
import type { LoadedPolicy } from '../policy/loaded.js'
import { dockerSave } from '../source/docker/save.js'
import type { RegistryAccess } from '../source/image-source.js'
import { resolveSource } from '../source/resolve.js'
import { INPUT_NAMES, type Inputs, getInputs } from './inputs.js'

export async function run(): Promise<void> {
  const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
  try {
    const inputs = getInputs()
    // The Dockerfile and the policy first: a wrong path or a policy mistake should fail before minutes
    // of `docker save`. The policy loader is a chunk of its own (YAML parser, compiled schema, rules):
    // loading it asks the engine later (docs/benchmarks.md), paid only for a policy file of the user's;
    // a bundled one is known to load and is loaded while the engine works.
    const request = await checkRequest(
      { ...inputs, registry: registryAccess(inputs) },
      workspace,
      INPUT_NAMES
    )
    const policy = await loadUserPolicy(request.policyPath)
    // source: auto asks the engine whether it has the image (one small request) before anything starts.
    // The engine exports for seconds before its first byte: ask now, and load the reader and the
    // reporters (most of the bundle) while it works.
    const started = withStartedSave({ ...request, source: await resolveSource(request.source) })
    const { check } = await import('./check.js').catch((error: unknown) => {
      if (started.source.kind === 'docker') started.source.save?.kill()
      throw error
    })
    await check(started, inputs, { workspace, ...(policy ? { policy } : {}) })
  } catch (error) {
    // A policy mistake is also shown on its line of the policy file, where the user will fix it.
    if (error instanceof PolicyError && error.location) annotatePolicyError(error, workspace)
    // Never a pass on error, and one line: user errors say what to fix; anything else keeps its message.
    // Messages quote archive members, manifest fields and references: one printable line.
    core.setFailed(printableLine(error instanceof UserError ? error.message : errorMessage(error)))
  }
}

/** The request with its `docker save` under way (none for an archive). */
function withStartedSave(request: CheckRequest): CheckRequest {
  const { source } = request
  if (source.kind !== 'docker') return request
  return { ...request, source: { ...source, save: dockerSave(source.reference) } }
}

/** How the action reaches registries: the registry token goes to ghcr.io only, as its own credential. */
function registryAccess(inputs: Inputs): RegistryAccess {
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
    credentials,
    insecureRegistries: inputs.insecureRegistries,
    log: (line) => core.info(printableLine(line))
  }
}

/** A policy file of the user's, loaded now; a bundled policy (or none: the default) is left to the scan. */
async function loadUserPolicy(policyPath: string | undefined): Promise<LoadedPolicy | undefined> {
  if (policyPath === undefined || isBundledPolicy(policyPath)) return undefined
  const { loadPolicy } = await import('../policy/load.js')
  return loadPolicy(policyPath)
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
