// What one check is asked to do, built the same way from the action's inputs and the CLI's flags (as
// build-push-action's context.ts turns inputs into one typed object): the image's source, the policy by
// name or path, the Dockerfile read, the platform checked. Small on purpose: the action builds it before
// it asks the engine for the image and before the reader loads.
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { UserError, fileErrorReason } from '../common/errors.js'
import { parsePlatform } from '../image/platform.js'
import { BUNDLED_POLICIES } from '../policy/bundled.generated.js'
import type { FailOn } from '../report/verdict.js'
import type { ImageSource, RegistryAccess } from '../source/image-source.js'
import { parseReference } from '../source/registry/reference.js'

export interface DockerfileSource {
  /** As the user gave it. */
  path: string
  content: string
}

export interface CheckRequest {
  source: ImageSource
  /** Reference to select in an archive holding several images. */
  image?: string
  platform?: string
  /** The name of a bundled policy, or the absolute path of a policy file; undefined = the bundled default. */
  policyPath?: string
  dockerfile?: DockerfileSource
  verifyDigests: boolean
  failOn: FailOn
}

/** The request as the user wrote it, in either front-end; paths are relative to the `base` given. */
export interface RequestSettings {
  /** An archive file; `-` is standard input where the front-end allows it. */
  archive?: string
  /** With `archive`: the image to select in it; otherwise the image to read (engine or registry). */
  image?: string
  /** Where `image` is read from: the engine when it has it, else its registry (auto); or one of them. */
  source?: 'auto' | 'daemon' | 'registry'
  /** How registries are reached (credentials, plain-HTTP hosts, a log for notes). */
  registry?: RegistryAccess
  policy?: string
  dockerfile?: string
  platform?: string
  verifyDigests: boolean
  failOn: FailOn
}

/** How a front-end names its settings in the messages of its user errors. */
export interface SettingNames {
  /** Neither an archive nor an image was given. */
  noSource: string
  platform: string
  /** "the Dockerfile /work/Dockerfile", "the dockerfile input Dockerfile". */
  dockerfile(given: string, resolved: string): string
  /** `archive: -` reads standard input. */
  stdin: boolean
}

/** Checks the settings and reads the Dockerfile: every mistake fails here, before any image is read. */
export async function checkRequest(
  settings: RequestSettings,
  base: string,
  names: SettingNames
): Promise<CheckRequest> {
  const { policy, dockerfile } = settings
  return {
    ...(await imageRequest(settings, base, names)),
    ...(policy ? { policyPath: policyPath(policy, base) } : {}),
    ...(dockerfile ? { dockerfile: await readDockerfile(dockerfile, base, names) } : {}),
    verifyDigests: settings.verifyDigests,
    failOn: settings.failOn
  }
}

/** Which image, from where, for which platform: the part of a request that `inspect` asks too. */
export async function imageRequest(
  settings: Pick<RequestSettings, 'archive' | 'image' | 'platform' | 'source' | 'registry'>,
  base: string,
  names: SettingNames
): Promise<Pick<CheckRequest, 'source' | 'image' | 'platform'>> {
  const { archive, image, platform } = settings
  const source = await sourceOf(settings, base, names)
  if (platform !== undefined) parsePlatform(platform, names.platform)
  return {
    source,
    ...(archive !== undefined && image !== undefined ? { image } : {}),
    ...(platform ? { platform } : {})
  }
}

async function sourceOf(
  {
    archive,
    image,
    source: choice = 'auto',
    registry
  }: Pick<RequestSettings, 'archive' | 'image' | 'source' | 'registry'>,
  base: string,
  names: SettingNames
): Promise<ImageSource> {
  if (archive === '-' && names.stdin) return { kind: 'stdin' }
  if (archive !== undefined) {
    const file = path.resolve(base, archive)
    const info = await stat(file).catch(() => undefined)
    return info?.isDirectory() ? { kind: 'layout', path: file } : { kind: 'file', path: file }
  }
  if (image === undefined) throw new UserError(names.noSource)
  if (choice === 'daemon') return { kind: 'docker', reference: image }
  // A reference a registry cannot have fails now, before the engine is asked.
  parseReference(image)
  return {
    kind: choice === 'registry' ? 'registry' : 'image',
    reference: image,
    ...(registry ? { registry } : {})
  }
}

/** A bundled policy's name (`strict`) as it is; anything else is a path from `base`. */
export function policyPath(value: string, base: string): string {
  return isBundledPolicy(value) ? value : path.resolve(base, value)
}

export function isBundledPolicy(name: string): boolean {
  return Object.hasOwn(BUNDLED_POLICIES, name)
}

async function readDockerfile(file: string, base: string, names: SettingNames): Promise<DockerfileSource> {
  const resolved = path.resolve(base, file)
  try {
    return { path: file, content: await readFile(resolved, 'utf8') }
  } catch (error) {
    throw new UserError(`cannot read ${names.dockerfile(file, resolved)}: ${fileErrorReason(error)}`)
  }
}
