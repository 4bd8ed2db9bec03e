// Where this project lives, for links in SARIF and summaries.
export const TOOL_NAME = 'image-policy-gate'

/**
 * The project's home as package.json's `repository` declares it (a test keeps the two equal): change both
 * where the project is published under another account. The rule pages SARIF links to are below it.
 */
export const REPOSITORY_URL = 'https://github.com/image-policy-gate/image-policy-gate'

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

/** Kept equal to package.json's version by a test. */
export const TOOL_VERSION = '0.1.0'
