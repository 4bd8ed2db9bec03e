// Real archives from ../shared/fixtures/images. Tests that need them skip visibly when a plain clone
// has no ../shared, and fail instead under CI, where the fixtures are always present.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { describeUnless } from './skip.js'

export const FIXTURES_DIR = path.resolve(import.meta.dirname, '../../../shared/fixtures/images')

export const fixturesPresent = existsSync(FIXTURES_DIR)

if (!fixturesPresent && process.env.CI === 'true') {
  throw new Error(`CI=true but the image fixtures are missing at ${FIXTURES_DIR}`)
}

export function fixture(name: string): string {
  return path.join(FIXTURES_DIR, name)
}

/** `describe` when the fixtures exist, otherwise a skipped block with a warning that says why. */
export function describeWithFixtures(name: string, body: () => void): void {
  describeUnless(
    fixturesPresent ? [] : [`the real image archives in ${FIXTURES_DIR}`],
    '../shared is absent',
    name,
    body
  )
}
