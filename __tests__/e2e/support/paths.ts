// Where the end-to-end tests find the repository, its bundles and their fixtures.
import path from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..')
export const distCli = path.join(repoRoot, 'dist', 'cli.js')
export const distAction = path.join(repoRoot, 'dist', 'index.js')
export const actionYml = path.join(repoRoot, 'action.yml')
/** The images' build contexts, one folder each (a Dockerfile and what it copies). */
export const fixturesDir = path.join(repoRoot, '__fixtures__', 'e2e')
/** The Node binary Jest runs on: npm scripts run on Node 24, the action's runtime. */
export const node = process.execPath
