// Source paths as GitHub wants them: relative to the repository root, forward slashes.
import path from 'node:path'

/**
 * `file` relative to `root` with forward slashes, or undefined when it lies outside `root`
 * (e.g. the bundled default policy inside the action's own directory).
 */
export function repoRelative(file: string, root: string): string | undefined {
  const absolute = path.resolve(root, file)
  const relative = path.relative(path.resolve(root), absolute)
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined
  return relative.split(path.sep).join('/')
}
