// What this tool is and where it lives, for --version and for links in SARIF and summaries: read from
// package.json (the bundle inlines it), never a copy of it.
import packageJson from '../../package.json' with { type: 'json' }

export const TOOL_NAME = packageJson.name

/**
 * The project's home as package.json's `repository` declares it (`git+https://….git`): change it there
 * where the project is published under another account. The rule pages SARIF links to are below it.
 */
export const REPOSITORY_URL = packageJson.repository.url.replace(/^git\+/, '').replace(/\.git$/, '')

/**
 * The repository the action runs from when the runner names it (GITHUB_ACTION_REPOSITORY, with
 * GITHUB_SERVER_URL): links then lead to the copy the workflow uses (a fork, a mirror) and the pages
 * that copy holds; otherwise the declared home.
 */
export const PROJECT_URL = /^[\w.-]+\/[\w.-]+$/.test(process.env.GITHUB_ACTION_REPOSITORY ?? '')
  ? `${process.env.GITHUB_SERVER_URL || 'https://github.com'}/${process.env.GITHUB_ACTION_REPOSITORY}`
  : REPOSITORY_URL

export function ruleDocUrl(ruleId: string): string {
  return `${PROJECT_URL}/blob/main/docs/rules/${encodeURIComponent(ruleId)}.md`
}

export const TOOL_VERSION = packageJson.version
