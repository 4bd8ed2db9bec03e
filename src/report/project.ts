// Where this project lives, for links in SARIF and summaries.
export const TOOL_NAME = 'image-policy-gate'
export const PROJECT_URL = 'https://github.com/image-policy-gate/image-policy-gate'

export function ruleDocUrl(ruleId: string): string {
  return `${PROJECT_URL}/blob/main/docs/rules/${encodeURIComponent(ruleId)}.md`
}

/** Kept equal to package.json's version by a test. */
export const TOOL_VERSION = '0.1.0'
