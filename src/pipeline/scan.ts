// The engine shared by the CLI and the action: source → image → policy evaluation. No @actions/*.
import { OS_RELEASE_PATHS } from '../analysis/os-release.js'
import type {
  CapturePredicate,
  Image,
  ReadOptions,
  ReadProgress,
  UnreadablePlatform
} from '../image/index.js'
import type { ReadLimits } from '../image/limits.js'
import { type LoadedPolicy, captureFor, evaluate, loadPolicy } from '../policy/index.js'
import type { BaselineFacts } from '../policy/rule.js'
import type { Evaluation } from '../policy/types.js'
import type { ImageSource } from '../source/image-source.js'
import { openSource } from '../source/open.js'
import { resolveSource } from '../source/resolve.js'

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
  /** The baseline's facts for the image read (growth limits), when the run compares with one. */
  baselineFor?: (image: Image) => BaselineFacts | undefined
}

/** One platform's image and its evaluation. */
export interface ScanResult {
  image: Image
  policy: LoadedPolicy
  evaluation: Evaluation
}

/** Every platform gated in one run, and the ones the source names but could not give. */
export interface ScanResults {
  policy: LoadedPolicy
  /** One per platform, in the source's order (one for a single-platform image). */
  platforms: ScanResult[]
  unreadable: UnreadablePlatform[]
}

/**
 * Reads and evaluates every platform the options select, one after another: each image is evaluated as
 * soon as it is merged, before the next platform's merge starts.
 */
export async function scan(options: ScanOptions): Promise<ScanResults> {
  // `docker save` starts first: the engine spends seconds exporting the image before its first byte,
  // and the policy is parsed and compiled meanwhile. A bad policy still fails before any byte is read.
  const source = openSource(await resolveSource(options.source))
  let policy: LoadedPolicy
  try {
    policy = options.policy ?? (await loadPolicy(options.policyPath))
  } catch (error) {
    await source.abandon()
    throw error
  }
  const read = { ...readOptions(options, withReportFacts(captureFor(policy))), ...readsFor(policy) }
  const { results, unreadable } = await source.readEach(read, (image): ScanResult => {
    const baseline = options.baselineFor?.(image)
    const evaluation = evaluate(image, policy, {
      ...(options.now ? { now: options.now } : {}),
      ...(baseline ? { baseline } : {})
    })
    return { image, policy, evaluation }
  })
  return { policy, platforms: results, unreadable }
}

/** What the policy's rules read besides files: the attestations an index attaches to the image. */
function readsFor(policy: LoadedPolicy): Pick<ReadOptions, 'attestations'> {
  return policy.rules.some((rule) => rule.check.attestations) ? { attestations: true } : {}
}

/** Reads an image with the capture that the strict policy needs, so `inspect` can show everything. */
export async function inspectImage(
  options: Omit<ScanOptions, 'policyPath' | 'policy' | 'now'>
): Promise<Image> {
  const everything = await loadPolicy('strict')
  const source = openSource(await resolveSource(options.source))
  return source.read(readOptions(options, captureFor(everything)))
}

/** Reports name the OS whatever rules run, so os-release is always kept. */
function withReportFacts(capture: CapturePredicate): CapturePredicate {
  return (path, size) =>
    OS_RELEASE_PATHS.includes(path) ? Math.max(capture(path, size), 64 * 1024) : capture(path, size)
}

function readOptions(
  options: Omit<ScanOptions, 'policyPath' | 'policy' | 'now'>,
  capture: CapturePredicate
): ReadOptions {
  return {
    capture,
    verifyDigests: options.verifyDigests ?? false,
    ...(options.image ? { image: options.image } : {}),
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {})
  }
}
