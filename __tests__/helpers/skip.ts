// The one way a suite that needs something outside the repository (the image fixtures in ../shared, a
// reference tool on PATH) runs without it: skipped visibly, with what is missing and why, on a plain
// clone; a failure under CI=true, where .ci/run provides everything.
import { describe } from '@jest/globals'

/** `describe` when nothing is `missing`; otherwise skipped with a warning, or a failure under CI. */
export function describeUnless(
  missing: readonly string[],
  how: string,
  name: string,
  body: () => void
): void {
  if (missing.length === 0) {
    describe(name, body)
    return
  }
  if (process.env.CI === 'true')
    throw new Error(`CI=true but ${missing.join(', ')} is missing for "${name}" (${how})`)
  console.warn(`SKIPPED "${name}": needs ${missing.join(', ')} (${how})`)
  describe.skip(name, body)
}
