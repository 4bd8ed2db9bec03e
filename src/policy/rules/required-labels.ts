// required-labels: the image config carries these labels, non-empty.
import type { Rule } from '../rule.js'
import type { FindingFix } from '../types.js'
import { shellWord } from './fix-text.js'

export const requiredLabels: Rule = {
  doc: {
    id: 'required-labels',
    title: 'Required labels',
    description:
      'Every listed label is set, non-empty, in the image config (e.g. org.opencontainers.image.source).',
    defaultSeverity: 'error'
  },
  listOption: 'labels',
  example: `required-labels: ["org.opencontainers.image.source", "org.opencontainers.image.revision"]`,
  configure(options) {
    const labels = options.strings('labels') ?? []
    if (labels.length === 0) options.fail('labels', 'required-labels needs a list of label names')
    return {
      run(image) {
        return labels
          .filter((label) => (image.config.labels[label] ?? '').trim() === '')
          .map((label) => ({
            message: label in image.config.labels ? `label ${label} is empty` : `label ${label} is missing`,
            label,
            fix: labelFix(label)
          }))
      }
    }
  }
}

/** What the OCI labels docker/metadata-action also sets hold: a build arg the workflow passes, or a literal. */
const OCI_VALUES: Readonly<Record<string, { arg?: string; value: string }>> = {
  'org.opencontainers.image.source': { value: 'https://github.com/OWNER/REPO' },
  'org.opencontainers.image.revision': { arg: 'GIT_SHA', value: '$GIT_SHA' },
  'org.opencontainers.image.created': { arg: 'BUILD_DATE', value: '$BUILD_DATE' },
  'org.opencontainers.image.version': { arg: 'VERSION', value: '$VERSION' }
}

function labelFix(label: string): FindingFix {
  const known = OCI_VALUES[label]
  const metadata = label.startsWith('org.opencontainers.image.')
    ? "; in GitHub Actions, docker/metadata-action's `labels` output given to docker/build-push-action sets it"
    : ''
  return {
    text: `Set the label ${label}${known?.arg ? ` from a build arg (--build-arg ${known.arg}=…)` : ''}${metadata}.`,
    ...(known?.arg ? { snippet: [`ARG ${known.arg}`] } : {}),
    instruction: `LABEL ${shellWord(label)}="${known?.value ?? '…'}"`
  }
}
