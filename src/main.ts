// The action: reads its inputs, asks the engine for the image, then runs the gate (gate.ts). Together
// with gate.ts, the only code that drives @actions/core.
import * as core from '@actions/core'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { dockerSave } from './docker.js'
import { UserError, errorMessage, fileErrorReason } from './errors.js'
import { getInputs } from './inputs.js'
import type { DockerfileSource } from './report/pipeline.js'
import { printableLine } from './text/printable.js'

export async function run(): Promise<void> {
  try {
    const inputs = getInputs()
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd()
    // Read the Dockerfile first: a wrong path should fail before minutes of `docker save`.
    const dockerfile = inputs.dockerfile ? await readDockerfile(inputs.dockerfile, workspace) : undefined
    // The engine exports for seconds before its first byte: ask now, and load the reader, the policy
    // engine and the reporters (most of the bundle, ~0.1 s) while it works.
    const save = inputs.archive ? undefined : dockerSave(inputs.image ?? '')
    const { gate } = await import('./gate.js').catch((error: unknown) => {
      save?.kill()
      throw error
    })
    await gate(inputs, { workspace, ...(dockerfile ? { dockerfile } : {}), ...(save ? { save } : {}) })
  } catch (error) {
    // Never a pass on error, and one line: user errors say what to fix; anything else keeps its message.
    // Messages quote archive members, manifest fields and references: one printable line.
    core.setFailed(printableLine(error instanceof UserError ? error.message : errorMessage(error)))
  }
}

async function readDockerfile(file: string, workspace: string): Promise<DockerfileSource> {
  try {
    return { path: file, content: await readFile(path.resolve(workspace, file), 'utf8') }
  } catch (error) {
    throw new UserError(`cannot read the dockerfile input ${file}: ${fileErrorReason(error)}`)
  }
}
