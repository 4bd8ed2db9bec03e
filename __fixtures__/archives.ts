// Real archives from ../shared/fixtures/images for CLI and action tests: skipped visibly when absent,
// a failure under CI=true where they must exist.
import { describe } from '@jest/globals'
import { existsSync } from 'node:fs'
import path from 'node:path'

export const ARCHIVES_DIR = path.resolve(import.meta.dirname, '../../shared/fixtures/images')
const present = existsSync(ARCHIVES_DIR)
if (!present && process.env.CI === 'true')
  throw new Error(`CI=true but the image fixtures are missing at ${ARCHIVES_DIR}`)

export function archive(name: string): string {
  return path.join(ARCHIVES_DIR, name)
}

export function describeWithArchives(name: string, body: () => void): void {
  if (present) return describe(name, body)
  console.warn(`SKIPPED "${name}": needs the real image archives in ${ARCHIVES_DIR}`)
  describe.skip(name, body)
}
