// The docker CLI as the e2e tests use it: the engine from engine.ts, the legacy builder, no network.
import { execFile, spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { cp, mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { pipeline } from 'node:stream/promises'
import { promisify } from 'node:util'
import { dockerHost } from './docker-host.js'
import { fixturesDir } from './paths.js'

const execFileAsync = promisify(execFile)

export function dockerEnv(): NodeJS.ProcessEnv {
  return { ...process.env, DOCKER_HOST: dockerHost, DOCKER_BUILDKIT: '0' }
}

export async function docker(args: string[], timeoutMs = 300_000): Promise<string> {
  try {
    const { stdout } = await execFileAsync('docker', args, {
      env: dockerEnv(),
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024
    })
    return stdout
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? ''
    throw new Error(`docker ${args.join(' ')} failed: ${stderr.trim() || String(error)}`)
  }
}

/** A tag unique to this test process, so parallel runs and leftovers never collide. */
export function uniqueTag(name: string): string {
  return `ipg-e2e/${name}:${process.pid}-${Date.now().toString(36)}`
}

/**
 * Builds `__fixtures__/e2e/<fixture>/` with the legacy builder (no BuildKit, no network) after copying it to
 * a temp context and adding `extraFiles` (generated content such as fake keys that must not live in git).
 */
export async function buildFixture(
  fixture: string,
  tag: string,
  extraFiles: Record<string, string> = {},
  options: { target?: string } = {}
): Promise<string> {
  const context = await mkdtemp(path.join(os.tmpdir(), `ipg-e2e-${fixture}-`))
  await cp(path.join(fixturesDir, fixture), context, { recursive: true })
  for (const [name, content] of Object.entries(extraFiles)) await writeFile(path.join(context, name), content)
  const target = options.target ? ['--target', options.target] : []
  await docker(['build', '--network', 'none', '--quiet', ...target, '-t', tag, context])
  return context
}

/** `docker save TAG > file`, streamed. */
export async function saveImage(tag: string, file: string): Promise<void> {
  const child = spawn('docker', ['save', tag], { env: dockerEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  let stderr = ''
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve))
  await pipeline(child.stdout, createWriteStream(file))
  const code = await exited
  if (code !== 0) throw new Error(`docker save ${tag} exited ${code}: ${stderr.trim()}`)
}

export async function removeImages(tags: string[]): Promise<void> {
  if (tags.length === 0) return
  await docker(['rmi', '--force', ...tags]).catch(() => undefined)
}

export interface SavedImageFacts {
  repoTags: string[]
  user: string
  /** Layer tars the manifest lists, base first. */
  layerCount: number
  /** The config's history, oldest first. */
  history: { createdBy: string; emptyLayer: boolean }[]
}

/** What `docker save` wrote, read with the system tar: the reference the reader is checked against. */
export async function savedImageFacts(archive: string): Promise<SavedImageFacts> {
  const extract = async (member: string) =>
    (await execFileAsync('tar', ['-xOf', archive, member], { maxBuffer: 16 * 1024 * 1024 })).stdout
  const [manifest] = JSON.parse(await extract('manifest.json')) as {
    Config: string
    RepoTags: string[] | null
    Layers: string[]
  }[]
  const config = JSON.parse(await extract(manifest.Config)) as {
    config?: { User?: string }
    history?: { created_by?: string; empty_layer?: boolean }[]
  }
  return {
    repoTags: manifest.RepoTags ?? [],
    user: config.config?.User ?? '',
    layerCount: manifest.Layers.length,
    history: (config.history ?? []).map((h) => ({
      createdBy: h.created_by ?? '',
      emptyLayer: h.empty_layer === true
    }))
  }
}
