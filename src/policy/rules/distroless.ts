// distroless: no shell, no package manager, and a distroless family (or an allowed base image).
import type { Image } from '../../image/types.js'
import type { Rule } from '../rule.js'
import { findExecutables } from '../../analysis/executables.js'
import { OS_PACKAGE_MANAGERS, packageManagerMatcher } from '../../analysis/package-managers.js'
import { shellMatcher } from '../../analysis/shells.js'
import { describeOs, hasOsRelease, readOsRelease } from '../../analysis/os-release.js'

export const DISTROLESS_FAMILIES = ['distroless', 'chainguard', 'chiseled', 'scratch'] as const
export type DistrolessFamily = (typeof DISTROLESS_FAMILIES)[number]

const BASE_NAME_KEY = 'org.opencontainers.image.base.name'

/** Package databases: their presence means a distribution, so the image is not scratch. */
const PACKAGE_DATABASES = [
  '/var/lib/dpkg',
  '/lib/apk/db',
  '/var/lib/rpm',
  '/usr/lib/sysimage/rpm',
  '/var/lib/pacman'
]

/** The distroless family the image belongs to, or a description of what it is instead. */
export function detectFamily(image: Image): { family: DistrolessFamily } | { other: string } {
  const fs = image.fs
  const release = readOsRelease(fs)
  if (release) {
    const { PRETTY_NAME, ID, ID_LIKE } = release.fields
    if (PRETTY_NAME === 'Distroless' || ID === 'distroless') return { family: 'distroless' }
    if (ID === 'wolfi' || ID === 'chainguard' || (ID_LIKE ?? '').split(/\s+/).includes('wolfi'))
      return { family: 'chainguard' }
  }
  if (fs.lstat('/var/lib/chisel') !== undefined) return { family: 'chiseled' }
  if (release) return { other: `os-release (${release.path}) identifies ${describeOs(release)}` }
  if (hasOsRelease(fs)) return { other: 'it has an os-release file of an unknown distribution' }
  const database = PACKAGE_DATABASES.find((path) => fs.lstat(path) !== undefined)
  if (database) return { other: `it has a package database (${database}) but no os-release` }
  return { family: 'scratch' }
}

export const distroless: Rule = {
  doc: {
    id: 'distroless',
    title: 'Distroless only',
    description:
      'The image has no shell and no package manager and belongs to a distroless family: Google distroless (os-release PRETTY_NAME="Distroless"), Chainguard/Wolfi, Ubuntu chiselled (/var/lib/chisel), or scratch (no os-release and no package database) — or its base image (label or annotation org.opencontainers.image.base.name) matches `baseImages`.',
    defaultSeverity: 'error'
  },
  example: `distroless:\n  allow: [distroless, chiseled, scratch]\n  baseImages: ["gcr.io/distroless/**", "cgr.dev/chainguard/**"]`,
  configure(options) {
    const allow = options.strings('allow') ?? [...DISTROLESS_FAMILIES]
    allow.forEach((family, index) => {
      if (!(DISTROLESS_FAMILIES as readonly string[]).includes(family)) {
        options.fail(
          'allow',
          `"${family}" is not a distroless family (${DISTROLESS_FAMILIES.join(', ')})`,
          index
        )
      }
    })
    const baseImages = options.referenceGlobs('baseImages') ?? []
    const packageManagers = packageManagerMatcher(new Set(OS_PACKAGE_MANAGERS))
    return {
      capture: (path) => (path === '/etc/os-release' || path === '/usr/lib/os-release' ? 16 * 1024 : 0),
      run(image) {
        const problems: string[] = []
        const baseName = image.config.labels[BASE_NAME_KEY] ?? image.annotations[BASE_NAME_KEY]
        const allowedBase = baseName !== undefined && baseImages.some((glob) => glob.matches(baseName))
        const detected = detectFamily(image)
        if (!allowedBase) {
          if ('other' in detected) problems.push(`${detected.other}, not a distroless family`)
          else if (!allow.includes(detected.family))
            problems.push(`its family "${detected.family}" is not allowed here`)
          if (baseImages.length > 0 && 'other' in detected) {
            problems.push(
              baseName
                ? `its base image ${baseName} matches no baseImages glob`
                : `it names no base image (${BASE_NAME_KEY})`
            )
          }
        }
        const shells = findExecutables(image.fs, shellMatcher)
        if (shells.length > 0) problems.push(`it has a shell (${shells.map((hit) => hit.path).join(', ')})`)
        const managers = findExecutables(image.fs, packageManagers)
        if (managers.length > 0)
          problems.push(`it has a package manager (${managers.map((hit) => hit.path).join(', ')})`)
        if (problems.length === 0) return []
        const labelNote =
          baseImages.length > 0
            ? `, or, if it is built on one that baseImages allows, say so with the label ${BASE_NAME_KEY}`
            : ''
        return [
          {
            message: `not distroless: ${problems.join('; ')}`,
            fix: {
              text: `Build in a builder stage and copy only your program onto a distroless base${labelNote}.`,
              newBase: true
            }
          }
        ]
      }
    }
  }
}
