// Command-line flags that raise the reader's limits: one per ReadLimits field (--max-entries, ...).
import { DEFAULT_LIMITS, type ReadLimits, limitFlag } from '../image/limits.js'
import { parseSize } from '../policy/values.js'
import { UserError } from '../common/errors.js'

const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS) as (keyof ReadLimits)[]

/** parseArgs option specs for every limit flag. */
export const LIMIT_OPTIONS: Record<string, { type: 'string' }> = Object.fromEntries(
  LIMIT_NAMES.map((name) => [limitFlag(name).slice(2), { type: 'string' as const }])
)

/** Usage lines for --help: each flag with its default. */
export function limitUsage(): string {
  return LIMIT_NAMES.map((name) => `  ${limitFlag(name).padEnd(26)} default ${DEFAULT_LIMITS[name]}`).join(
    '\n'
  )
}

/** The limits the user raised (or lowered); sizes accept units (64GiB), counts are whole numbers. */
export function parseLimitOptions(values: Record<string, unknown>): Partial<ReadLimits> {
  const limits: Partial<ReadLimits> = {}
  for (const name of LIMIT_NAMES) {
    const flag = limitFlag(name)
    // parseArgs gives each limit flag (type 'string') as text.
    const text = values[flag.slice(2)]
    if (typeof text !== 'string') continue
    const value = name.endsWith('Bytes') ? parseSize(text) : /^\d+$/.test(text) ? Number(text) : undefined
    if (value === undefined || !Number.isSafeInteger(value) || value <= 0) {
      throw new UserError(
        `${flag} must be a positive ${name.endsWith('Bytes') ? 'size (e.g. 64GiB)' : 'whole number'} (got "${text}")`
      )
    }
    limits[name] = value
  }
  return limits
}
