// required-labels: the image config carries these labels, non-empty.
import type { Rule } from '../rule.js'

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
            label
          }))
      }
    }
  }
}
