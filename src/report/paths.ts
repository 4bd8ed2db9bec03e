// Source paths as GitHub wants them: relative to the repository root, forward slashes.
import { existsSync } from 'node:fs'
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

/**
 * The root of the repository `cwd` is in, which code scanning resolves SARIF paths against: the runner's
 * checkout (GITHUB_WORKSPACE) when `cwd` lies in it, else the nearest directory above `cwd` holding
 * `.git` (a directory, or a file in a worktree), else `cwd` itself.
 */
export function repositoryRoot(cwd: string, env: Readonly<Record<string, string | undefined>>): string {
  const workspace = env.GITHUB_WORKSPACE
  if (workspace && (path.resolve(cwd) === path.resolve(workspace) || repoRelative(cwd, workspace)))
    return path.resolve(workspace)
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir
    if (path.dirname(dir) === dir) return path.resolve(cwd)
  }
}

/**
 * The running workflow's file relative to the repository root, from GITHUB_WORKFLOW_REF
 * (`owner/repo/.github/workflows/ci.yml@refs/heads/main`), or undefined outside GitHub Actions.
 */
export function workflowFile(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const match = /^[^/]+\/[^/]+\/(\.github\/workflows\/[^@]+)@/.exec(env.GITHUB_WORKFLOW_REF ?? '')
  if (!match) return undefined
  const file = path.posix.normalize(match[1])
  return file.startsWith('.github/workflows/') && !file.includes('\0') ? file : undefined
}
