// Parsing of the small value languages a policy uses: sizes, globs, dates, and did-you-mean hints.
import picomatch from 'picomatch'

const SIZE_UNITS: Record<string, number> = {
  B: 1,
  kB: 1000,
  MB: 1000 ** 2,
  GB: 1000 ** 3,
  TB: 1000 ** 4,
  KiB: 1024,
  MiB: 1024 ** 2,
  GiB: 1024 ** 3,
  TiB: 1024 ** 4
}

export const SIZE_HINT =
  'use a number of bytes or a number with B, kB, MB, GB (powers of 1000) or KiB, MiB, GiB (powers of 1024), e.g. 50MB'

/** Bytes for `50MB`, `1.5GiB`, `1024`; undefined when the text is not a size. */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? value : undefined
  if (typeof value !== 'string') return undefined
  const match = /^\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*$/.exec(value)
  if (!match) return undefined
  const unit = match[2] === '' ? 'B' : match[2]
  const factor = SIZE_UNITS[unit]
  if (factor === undefined) return undefined
  return Math.round(Number(match[1]) * factor)
}

/** A compiled glob over absolute paths inside the image. */
export interface Glob {
  pattern: string
  matches(path: string): boolean
}

/** Compiles a glob or returns why it is not one. Globs match absolute paths, dotfiles included. */
export function compileGlob(pattern: string): Glob | string {
  if (pattern.trim() === '') return 'a glob cannot be empty'
  if (!pattern.startsWith('/') && !pattern.startsWith('**')) {
    return `"${pattern}" is not an absolute path glob: start it with "/" or "**/" (did you mean "**/${pattern}"?)`
  }
  return compile(pattern)
}

/** Compiles a glob over image references (`gcr.io/distroless/**`), where `/` still separates segments. */
export function compileReferenceGlob(pattern: string): Glob | string {
  if (pattern.trim() === '') return 'a glob cannot be empty'
  return compile(pattern)
}

/**
 * picomatch's regular expression, made to match any character a name can hold: its `.` would stop at
 * `\n`, `\r`, U+2028 and U+2029 (so `**` and `*` missed such names), hence dotAll (`s`); and `?` is one
 * character, also beyond the BMP, hence `u` — unless the pattern only compiles without it.
 */
function compile(pattern: string): Glob | string {
  // picomatch 4.0.7 skips a run of three or more backslashes past the end of the pattern and then never
  // stops (its end test is `index === length - 1`): a policy from a pull request could hang the job.
  if (/\\{4,}$/.test(pattern)) {
    return `"${pattern}" ends in a run of backslashes picomatch cannot read: write a literal backslash as [\\]`
  }
  try {
    let regex: RegExp
    try {
      regex = picomatch.makeRe(pattern, { dot: true, strictBrackets: true, flags: 'su' })
    } catch {
      regex = picomatch.makeRe(pattern, { dot: true, strictBrackets: true, flags: 's' })
    }
    return { pattern, matches: (path) => regex.test(path) }
  } catch (error) {
    return `"${pattern}" is not a valid glob: ${error instanceof Error ? error.message : String(error)}`
  }
}

/** Parses `YYYY-MM-DD` strictly (2027-02-30 is rejected); returns the end of that day in UTC. */
export function parseDate(value: unknown): { text: string; endOfDay: Date } | string {
  const text = value instanceof Date ? value.toISOString().slice(0, 10) : value
  if (typeof text !== 'string') return 'must be a date written YYYY-MM-DD'
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return `"${text}" is not a date written YYYY-MM-DD`
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return `"${text}" is not a calendar date`
  }
  return { text, endOfDay: new Date(Date.UTC(year, month - 1, day + 1) - 1) }
}

function editDistance(a: string, b: string): number {
  const previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let diagonal = previous[0]
    previous[0] = i
    for (let j = 1; j <= b.length; j++) {
      const above = previous[j]
      previous[j] = Math.min(previous[j] + 1, previous[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1))
      diagonal = above
    }
  }
  return previous[b.length]
}

/** The closest known name, when it is close enough to be a plausible typo. */
export function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const candidate of known) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  if (best !== undefined && bestDistance <= Math.max(2, Math.floor(name.length / 3))) return best
  // A word cut short ("warn" for "warning", "err" for "error") is far in edits but plain to a reader.
  const lower = name.toLowerCase()
  return lower.length >= 3 ? known.find((candidate) => candidate.toLowerCase().startsWith(lower)) : undefined
}

export function didYouMean(name: string, known: readonly string[]): string {
  const suggestion = closest(name, known)
  return suggestion ? ` (did you mean "${suggestion}"?)` : ''
}
