// What one check is asked to do, built the same way from the action's inputs and the CLI's flags (as
// build-push-action's context.ts turns inputs into one typed object): the image's source, the policy by
// name or path, the Dockerfile read, the platform checked. Small on purpose: the action builds it before
// it asks the engine for the image and before the reader loads.
import { open, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { parseBaselineReport, MAX_BASELINE_REPORT_BYTES } from '../baseline/report.js'
import type { Baseline } from '../baseline/types.js'
import { UserError, fileErrorReason } from '../common/errors.js'
import { parsePlatformChoice } from '../image/platform.js'
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
  /** What to compare with: an earlier report (read and checked now) or an image to read too. */
  baseline?: BaselineRequest
  /** With a baseline: only new violations count toward fail-on. */
  newOnly: boolean
}

export type BaselineRequest =
  | { kind: 'report'; given: string; baselines: Baseline[] }
  | { kind: 'image'; given: string; source: ImageSource }

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
  /** A JSON report of an earlier run, an archive or layout, or an image reference to compare with. */
  baseline?: string
  newOnly?: boolean
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
  /** "--baseline", "the `baseline` input". */
  baseline: string
  /** "--new-only", "the `new-only` input". */
  newOnly: string
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
    failOn: settings.failOn,
    ...(settings.baseline !== undefined
      ? { baseline: await baselineRequest(settings.baseline, settings, base, names) }
      : {}),
    newOnly: newOnly(settings, names)
  }
}

function newOnly(settings: RequestSettings, names: SettingNames): boolean {
  if (settings.newOnly && settings.baseline === undefined)
    throw new UserError(
      `${names.newOnly} needs a baseline to tell new violations from existing ones (${names.baseline})`
    )
  return settings.newOnly ?? false
}

/**
 * A report file (JSON: checked now, before any image is read), an archive or layout directory, or else
 * an image reference, read from the engine or its registry like the checked image.
 */
async function baselineRequest(
  given: string,
  settings: Pick<RequestSettings, 'registry'>,
  base: string,
  names: SettingNames
): Promise<BaselineRequest> {
  const file = path.resolve(base, given)
  const info = await stat(file).catch(() => undefined)
  if (info?.isDirectory()) return { kind: 'image', given, source: { kind: 'layout', path: file } }
  if (info?.isFile()) {
    if (info.size > MAX_BASELINE_REPORT_BYTES || !(await startsLikeJson(file)))
      return { kind: 'image', given, source: { kind: 'file', path: file } }
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch (error) {
      throw new UserError(`cannot read the baseline ${given}: ${fileErrorReason(error)}`)
    }
    return { kind: 'report', given, baselines: parseBaselineReport(text, given) }
  }
  // Not a file: a reference, or a path mistyped (which says so rather than asking a registry).
  if (/\.(json|tar|tgz|gz|zst)$/i.test(given) || given.startsWith('.') || given.startsWith('/'))
    throw new UserError(`cannot read the baseline ${given} (${names.baseline}): no such file or directory`)
  parseReference(given)
  return {
    kind: 'image',
    given,
    source: { kind: 'image', reference: given, ...(settings.registry ? { registry: settings.registry } : {}) }
  }
}

/** A JSON report starts with `{`; an archive (tar, gzip, zstd) never does. */
async function startsLikeJson(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch(() => undefined)
  if (!handle) return false
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0)
    return /^\s*\{/.test(buffer.subarray(0, bytesRead).toString('latin1'))
  } finally {
    await handle.close()
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
  if (platform !== undefined) parsePlatformChoice(platform, names.platform)
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
