// --platform: what the user may write (os/architecture[/variant], with the architecture names `uname -m`
// prints) and when an image's platform is the one asked for. Small on purpose: the action checks the
// input before it loads the reader.
import { UserError } from '../common/errors.js'
import { printableName } from './safe-path.js'
import type { Platform } from './types.js'

/** Architecture names as `uname -m` and some tools spell them, to the OCI names images carry. */
const ARCHITECTURE_ALIASES: Record<string, string> = {
  x86_64: 'amd64',
  'x86-64': 'amd64',
  aarch64: 'arm64',
  armhf: 'arm',
  armel: 'arm',
  i386: '386',
  i686: '386'
}

/** "linux/arm64", "linux/arm/v7": os/architecture[/variant]; anything else is a usage error. */
export function parsePlatform(text: string, option = '--platform'): Platform {
  const parts = text.trim().split('/')
  if (parts.length < 2 || parts.length > 3 || parts.some((part) => !/^[A-Za-z0-9_.-]+$/.test(part))) {
    throw new UserError(
      `${option} "${printableName(text, 80)}" is not os/architecture[/variant], e.g. linux/amd64 or linux/arm/v7`
    )
  }
  const [os, architecture, variant] = parts.map((part) => part.toLowerCase())
  const platform: Platform = { os, architecture: ARCHITECTURE_ALIASES[architecture] ?? architecture }
  if (variant) platform.variant = variant
  return platform
}

export function platformMatches(platform: Platform, wanted: Platform): boolean {
  if (platform.os !== wanted.os || platform.architecture !== wanted.architecture) return false
  if (!wanted.variant) return true
  // arm64 images rarely name their variant: v8 is what they are (as containerd's platform matcher says).
  const variant = platform.variant ?? (platform.architecture === 'arm64' ? 'v8' : undefined)
  return variant === wanted.variant
}

/**
 * What `--platform` asks for: every platform the image has (`all`, and what no `--platform` means for a
 * multi-platform image), or the platforms named (`linux/amd64,linux/arm64`), each of which must be there.
 */
export type PlatformChoice =
  { kind: 'every'; explicit: boolean } | { kind: 'named'; platforms: { text: string; platform: Platform }[] }

/** `all`, `OS/ARCH[/VARIANT]` or a comma list of them; undefined is every platform, not asked for. */
export function parsePlatformChoice(text: string | undefined, option = '--platform'): PlatformChoice {
  if (text === undefined || text.trim() === '') return { kind: 'every', explicit: false }
  if (text.trim().toLowerCase() === 'all') return { kind: 'every', explicit: true }
  const named = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
  if (named.length === 0) {
    throw new UserError(
      `${option} "${printableName(text, 80)}" names no platform: give all or os/architecture[,…]`
    )
  }
  return {
    kind: 'named',
    platforms: named.map((part) => ({ text: part, platform: parsePlatform(part, option) }))
  }
}
