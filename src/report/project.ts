// Where this project lives, for links in SARIF and summaries.
export const TOOL_NAME = 'image-policy-gate'
/**
 * The repository this action runs from: the runner names it in GITHUB_ACTION_REPOSITORY, so links in
 * SARIF point at the copy the workflow uses (a fork or a pinned mirror) rather than a guessed home.
 */
export const PROJECT_URL = `${process.env.GITHUB_SERVER_URL || 'https://github.com'}/${
  /^[\w.-]+\/[\w.-]+$/.test(process.env.GITHUB_ACTION_REPOSITORY ?? '')
    ? process.env.GITHUB_ACTION_REPOSITORY
    : 'image-policy-gate/image-policy-gate'
}`

export function ruleDocUrl(ruleId: string): string {
  return `${PROJECT_URL}/blob/main/docs/rules/${encodeURIComponent(ruleId)}.md`
}

/** Kept equal to package.json's version by a test. */
export const TOOL_VERSION = '0.1.0'
