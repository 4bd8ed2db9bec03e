// The engine shared by the CLI and the action: source → image → policy evaluation. No @actions/*.
import { fstatSync } from 'node:fs'
import type { Readable } from 'node:stream'
import { type DockerSave, dockerSave } from './docker.js'
import { type CapturePredicate, type Image, type ReadProgress, readImage } from './image/index.js'
import { OS_RELEASE_PATHS } from './analysis/os-release.js'
import type { ReadLimits } from './image/limits.js'
import type { ImageSource as ReaderSource } from './image/read.js'
import { type LoadedPolicy, captureFor, evaluate, loadPolicy } from './policy/index.js'
import type { Evaluation } from './policy/types.js'
import { ImageReadError, RegistryError } from './common/errors.js'
import { readStoreImage } from './image/store-read.js'
import { resolveSource } from './source/resolve.js'
import { LayoutStore } from './source/layout.js'
import { type Credential, dockerCredentials } from './source/registry/credentials.js'
import { RegistryStore } from './source/registry/store.js'

export type ImageSource =
  | { kind: 'file'; path: string }
  /** An OCI image layout directory. */
  | { kind: 'layout'; path: string }
  | { kind: 'stdin' }
  /** `save`: already started by the caller (the action asks before loading the reader). */
  | { kind: 'docker'; reference: string; save?: DockerSave }
  /**
   * Straight from the registry the reference names, no engine involved. `fallback`: chosen by
   * `--source auto` because the engine lacks the image (or there is none), which a failure then says.
   */
  | { kind: 'registry'; reference: string; registry?: RegistryAccess; fallback?: 'absent' | 'no-engine' }
  /** `--source auto`: the local engine's image when it has one, else the registry's. */
  | { kind: 'image'; reference: string; registry?: RegistryAccess }
  | { kind: 'stream'; stream: Readable; name: string }

/** How registries are reached: extra credentials by host, hosts allowed plain HTTP, a log for notes. */
export interface RegistryAccess {
  credentials?: Map<string, Credential>
  insecureRegistries?: readonly string[]
  log?: (line: string) => void
}

export interface ScanOptions {
  source: ImageSource
  /** Reference to select in an archive holding several images. */
  image?: string
  platform?: string
  policyPath?: string
  /** A policy already loaded (the action loads it before asking the engine); policyPath is then unused. */
  policy?: LoadedPolicy
  verifyDigests?: boolean
  limits?: Partial<ReadLimits>
  now?: Date
  onProgress?: (progress: ReadProgress) => void
}

export interface ScanResult {
  image: Image
  policy: LoadedPolicy
  evaluation: Evaluation
}

export async function scan(options: ScanOptions): Promise<ScanResult> {
  // `docker save` starts first: the engine spends seconds exporting the image before its first byte,
  // and the policy is parsed and compiled meanwhile. A bad policy still fails before any byte is read.
  const source = await resolveSource(options.source)
  const save = source.kind === 'docker' ? (source.save ?? dockerSave(source.reference)) : undefined
  let policy: LoadedPolicy
  try {
    policy = options.policy ?? (await loadPolicy(options.policyPath))
  } catch (error) {
    save?.kill()
    await save?.exited.catch(() => undefined)
    throw error
  }
  const image = await readFromSource({ ...options, source }, withReportFacts(captureFor(policy)), save)
  const evaluation = evaluate(image, policy, options.now ? { now: options.now } : {})
  return { image, policy, evaluation }
}

/** Reads an image with the capture that the strict policy needs, so `inspect` can show everything. */
export async function inspectImage(
  options: Omit<ScanOptions, 'policyPath' | 'policy' | 'now'>
): Promise<Image> {
  const everything = await loadPolicy('strict')
  return readFromSource({ ...options, source: await resolveSource(options.source) }, captureFor(everything))
}

/** Reports name the OS whatever rules run, so os-release is always kept. */
function withReportFacts(capture: CapturePredicate): CapturePredicate {
  return (path, size) =>
    OS_RELEASE_PATHS.includes(path) ? Math.max(capture(path, size), 64 * 1024) : capture(path, size)
}

async function readFromSource(
  options: Omit<ScanOptions, 'policyPath' | 'policy' | 'now'>,
  capture: CapturePredicate,
  started?: DockerSave
): Promise<Image> {
  const readOptions = {
    capture,
    verifyDigests: options.verifyDigests ?? false,
    ...(options.image ? { image: options.image } : {}),
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {})
  }
  const source = options.source
  if (source.kind === 'layout') return readStoreImage(new LayoutStore(source.path), readOptions)
  if (source.kind === 'registry' || source.kind === 'image') {
    // The reference names the image: nothing to select inside it by name.
    const { image: _selection, ...fromRegistry } = readOptions
    void _selection
    const fallback = source.kind === 'registry' ? source.fallback : undefined
    return readStoreImage(openRegistry(source.reference, source.registry), fromRegistry).catch(
      (error: unknown) => {
        if (!fallback || !(error instanceof ImageReadError)) throw error
        // The user may have meant the local image: say that it is not there, then what the registry said.
        const where =
          fallback === 'absent'
            ? 'is not in the local Docker engine (docker/build-push-action puts it there with load: true)'
            : 'is not in a local Docker engine (none is running)'
        throw new RegistryError(
          `image "${source.reference}" ${where}, and reading it from its registry failed: ${error.message}`
        )
      }
    )
  }
  if (source.kind !== 'docker') return readImage(toReaderSource(source), readOptions)
  const save = started ?? source.save ?? dockerSave(source.reference)
  try {
    const image = await readImage(
      { kind: 'stream', stream: save.stdout, name: `docker save ${source.reference}` },
      readOptions
    )
    await save.exited
    return image
  } catch (error) {
    save.kill()
    // When docker itself failed, its reason beats the reader's complaint about a cut stream.
    await save.exited
    throw error
  }
}

function openRegistry(reference: string, access: RegistryAccess = {}): RegistryStore {
  return new RegistryStore(reference, {
    credentials: dockerCredentials(access.credentials ? { explicit: access.credentials } : {}),
    ...(access.insecureRegistries ? { insecureRegistries: access.insecureRegistries } : {}),
    ...(access.log ? { log: access.log } : {})
  })
}

function toReaderSource(
  source: Exclude<ImageSource, { kind: 'docker' | 'layout' | 'registry' | 'image' }>
): ReaderSource {
  if (source.kind !== 'stdin') return source
  // `--archive - < image.tar` is a file: read it with seeking, like --archive image.tar.
  const kind = stdinKind()
  if (kind === 'file') return { kind: 'file', path: '/dev/stdin' }
  // A pipe (`docker save img | ...`) is read through its path, on the main thread, into one reused buffer.
  if (kind === 'fifo') return { kind: 'pipe', path: '/dev/stdin', name: 'stdin' }
  return { kind: 'stream', stream: process.stdin, name: 'stdin' }
}

function stdinKind(): 'file' | 'fifo' | 'other' {
  if (process.platform !== 'linux') return 'other'
  try {
    const stats = fstatSync(0)
    return stats.isFile() ? 'file' : stats.isFIFO() ? 'fifo' : 'other'
  } catch {
    return 'other'
  }
}
