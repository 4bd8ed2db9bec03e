// Where the tool is installed: the directory holding docs/ (the rule pages SARIF carries) and
// policies/. The action runs from its checkout, the CLI from its package; the bundle's chunks sit one
// level below that root (dist/) and the sources two (src/<folder>/), so it is found, not counted.
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The nearest directory above this module that holds package.json. */
export function installRoot(moduleUrl: string = import.meta.url): string {
  const start = path.dirname(fileURLToPath(moduleUrl))
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir
    if (path.dirname(dir) === dir) return path.resolve(start, '..')
  }
}
