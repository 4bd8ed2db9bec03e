// Which images of an archive, layout or registry index a run gates: `--image` picks the image by name,
// `--platform` one platform, a list, or all of them; without it every platform of a multi-platform
// image is gated, never one chosen silently. Attestation manifests are never images (select.ts). An
// image the index names whose blobs the source lacks is unreadable: the others are still gated, unless
// it was asked for.
import { ImageReadError } from '../common/errors.js'
import { type PlatformChoice, parsePlatformChoice, platformMatches } from './platform.js'
import { printableName } from './safe-path.js'
import { type ImageCandidate, type UnreadableImage, formatPlatform, normaliseReference } from './select.js'
import type { Platform } from './types.js'

/** The platform of a candidate: its index descriptor's, else its config's; undefined when neither says. */
export type PlatformOf = (candidate: ImageCandidate) => Platform | undefined

/** A platform the source names but could not give: it is not gated, and the report says why. */
export interface UnreadablePlatform {
  /** os/architecture[/variant], or "unknown platform". */
  platform: string
  manifestDigest?: string
  reason: string
}

export interface Selection {
  /** The images to gate, one per platform, in the source's order. */
  chosen: ImageCandidate[]
  /** Platforms that would have been gated but cannot be read. */
  unreadable: UnreadablePlatform[]
}

export interface SelectOptions {
  image?: string
  platform?: string
}

/** What the source holds, as the selection sees it. */
export interface SourceImages {
  candidates: ImageCandidate[]
  /** Images named by an index whose manifests are absent. */
  unreadable: UnreadableImage[]
  platformOf: PlatformOf
  /** Why a candidate cannot be read (its config or a layer is absent), or undefined when it can. */
  missing?: (candidate: ImageCandidate) => string | undefined
  /** "the archive", "layout ./dir": where, in messages. */
  where?: string
}

export function selectImages(source: SourceImages, options: SelectOptions): Selection {
  const where = source.where ?? 'the archive'
  const { platformOf } = source
  if (source.candidates.length === 0 && source.unreadable.length === 0)
    throw new ImageReadError(`${where} holds no image`)
  let candidates = source.candidates
  let unreadable = source.unreadable
  if (options.image) {
    const wanted = normaliseReference(options.image)
    const named = (refs: string[]) => refs.some((ref) => normaliseReference(ref) === wanted)
    candidates = candidates.filter((candidate) => named(candidate.refs))
    unreadable = unreadable.filter((image) => named(image.refs))
    if (candidates.length === 0 && unreadable.length === 0) {
      throw new ImageReadError(
        `no image "${printableName(options.image)}" in ${where}; it holds ${describeChoices(source.candidates, platformOf)}`
      )
    }
  }
  const choice = parsePlatformChoice(options.platform)
  const chosen = distinct(
    choice.kind === 'named' ? namedPlatforms(choice, candidates, unreadable, source, where) : candidates
  )
  const missing = unreadablePlatforms(choice, unreadable)
  const readable = chosen.filter((candidate) => {
    const reason = source.missing?.(candidate)
    if (reason === undefined) return true
    missing.push({ ...unreadableOf(candidate, platformOf), reason })
    return false
  })
  checkOneImage(readable, platformOf, where)
  if (readable.length === 0) {
    // Nothing to gate: the one reason, or every platform's.
    if (missing.length === 1) {
      const [only] = missing
      throw new ImageReadError(`${printableName(only.platform)} cannot be read from ${where}: ${only.reason}`)
    }
    throw new ImageReadError(
      `no platform of the image can be read from ${where}: ${describeUnreadable(missing)}`
    )
  }
  if (missing.length > 0 && (choice.kind === 'named' || choice.explicit)) {
    throw new ImageReadError(
      `${plural(missing.length, 'platform')} asked for cannot be read from ${where}: ${describeUnreadable(missing)}`
    )
  }
  return { chosen: readable, unreadable: missing }
}

/** Each platform named must be there, as exactly one image. */
function namedPlatforms(
  choice: Extract<PlatformChoice, { kind: 'named' }>,
  candidates: ImageCandidate[],
  unreadable: UnreadableImage[],
  source: SourceImages,
  where: string
): ImageCandidate[] {
  const chosen: ImageCandidate[] = []
  for (const { text, platform: wanted } of choice.platforms) {
    // A candidate must show the platform asked for: one that names none is not taken on trust.
    const onPlatform = distinct(
      candidates.filter((candidate) => {
        const platform = source.platformOf(candidate)
        return platform !== undefined && platformMatches(platform, wanted)
      })
    )
    if (onPlatform.length === 0) {
      const absent = unreadable.find((image) => image.platform && platformMatches(image.platform, wanted))
      if (absent) {
        throw new ImageReadError(
          `platform ${printableName(text)} cannot be read from ${where}: ${absent.reason}`
        )
      }
      throw new ImageReadError(
        `no image for platform ${printableName(text)} in ${where}; it holds ${describeChoices(candidates, source.platformOf)}`
      )
    }
    if (onPlatform.length > 1) {
      throw new ImageReadError(
        `${where} holds several images for platform ${printableName(text)}; choose one with --image or a variant: ${describeChoices(onPlatform, source.platformOf)}`
      )
    }
    chosen.push(onPlatform[0])
  }
  return chosen
}

/** The index's images whose manifests are absent, among those the choice would gate. */
function unreadablePlatforms(choice: PlatformChoice, unreadable: UnreadableImage[]): UnreadablePlatform[] {
  // A named platform that is absent failed already; the others named are there.
  if (choice.kind === 'named') return []
  return unreadable.map((image) => ({
    platform: image.platform ? formatPlatform(image.platform) : 'unknown platform',
    manifestDigest: image.manifestDigest,
    reason: image.reason
  }))
}

function unreadableOf(candidate: ImageCandidate, platformOf: PlatformOf): Omit<UnreadablePlatform, 'reason'> {
  const platform = platformOf(candidate)
  return {
    platform: platform ? formatPlatform(platform) : 'unknown platform',
    ...(candidate.manifestDigest ? { manifestDigest: candidate.manifestDigest } : {})
  }
}

/**
 * The images gated at once must be the platforms of one image: two images on one platform, or images
 * with different names, are several images, and the user chooses.
 */
function checkOneImage(candidates: ImageCandidate[], platformOf: PlatformOf, where: string): void {
  if (candidates.length < 2) return
  const platforms = new Set<string>()
  let sharedPlatform = false
  for (const candidate of candidates) {
    const platform = platformOf(candidate)
    const key = platform ? formatPlatform(platform) : ''
    if (platforms.has(key)) sharedPlatform = true
    platforms.add(key)
  }
  const named = candidates.map((candidate) => new Set(candidate.refs.map((ref) => normaliseReference(ref))))
  const differentNames = named.some(
    (refs, index) =>
      refs.size > 0 &&
      named.slice(index + 1).some((other) => other.size > 0 && ![...refs].some((ref) => other.has(ref)))
  )
  if (sharedPlatform || differentNames) {
    throw new ImageReadError(
      `${where} holds several images; choose one with --image or --platform: ${describeChoices(candidates, platformOf)}`
    )
  }
}

/** One candidate per image: an index or manifest.json may name the same image twice (two tags). */
function distinct(candidates: ImageCandidate[]): ImageCandidate[] {
  const seen = new Map<string, ImageCandidate>()
  for (const candidate of candidates) {
    const key = candidate.manifestDigest ?? candidate.configPath
    const first = seen.get(key)
    if (!first) seen.set(key, candidate)
    else if (candidate.refs.some((ref) => !first.refs.includes(ref))) {
      seen.set(key, {
        ...first,
        refs: [...first.refs, ...candidate.refs.filter((ref) => !first.refs.includes(ref))]
      })
    }
  }
  return [...seen.values()]
}

export function describeChoices(candidates: ImageCandidate[], platformOf: PlatformOf): string {
  return candidates
    .map((candidate) => {
      const name =
        candidate.refs.map((ref) => printableName(ref)).join(', ') ||
        `untagged ${printableName(candidate.configPath)}`
      const platform = platformOf(candidate)
      return `${name} (${platform ? printableName(formatPlatform(platform)) : 'no platform in its config'})`
    })
    .join('; ')
}

export function describeUnreadable(unreadable: readonly UnreadablePlatform[]): string {
  return unreadable.map((entry) => `${printableName(entry.platform)} (${entry.reason})`).join('; ')
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`
}

/** The selection when the caller reads one image: several platforms are an error asking for one. */
export function onlyOne(selection: Selection, platformOf: PlatformOf, where = 'the archive'): ImageCandidate {
  if (selection.chosen.length === 1) return selection.chosen[0]
  throw new ImageReadError(
    `${where} holds several platforms; choose one with --platform: ${describeChoices(selection.chosen, platformOf)}`
  )
}
