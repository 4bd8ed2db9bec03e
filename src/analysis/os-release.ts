// Reads the image's os-release (fields that identify a distribution family).
import type { MergedFs } from '../image/types.js'

export const OS_RELEASE_PATHS = ['/etc/os-release', '/usr/lib/os-release']

export interface OsRelease {
  path: string
  fields: Record<string, string>
}

/** Parses os-release(5): KEY=value lines, values optionally quoted with shell escapes. */
export function parseOsRelease(text: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Z0-9_]+)=(.*?)\s*$/.exec(line)
    if (!match) continue
    let value = match[2]
    const quote = value[0]
    if ((quote === '"' || quote === "'") && value.endsWith(quote) && value.length >= 2) {
      value = value.slice(1, -1)
      if (quote === '"') value = value.replace(/\\([$"`\\])/g, '$1')
    }
    fields[match[1]] = value
  }
  return fields
}

/** The os-release the image carries (following symlinks inside the image), if any was captured. */
export function readOsRelease(fs: MergedFs): OsRelease | undefined {
  for (const path of OS_RELEASE_PATHS) {
    const content = fs.readFile(path)
    if (content !== undefined) return { path, fields: parseOsRelease(content.toString('utf8')) }
  }
  return undefined
}

/** True when an os-release file exists, captured or not. */
export function hasOsRelease(fs: MergedFs): boolean {
  return OS_RELEASE_PATHS.some((path) => fs.stat(path) !== undefined)
}

export function describeOs(release: OsRelease): string {
  const { PRETTY_NAME, NAME, ID, VERSION_ID } = release.fields
  return PRETTY_NAME ?? ([NAME ?? ID, VERSION_ID].filter(Boolean).join(' ') || 'an unnamed distribution')
}
