// required-labels: the image carries these labels, non-empty, and with the values asked for: exact, a
// regular expression written /…/, or a named check (a URL, a git SHA, …). A label counts from the config's
// Labels and, where the source has them, from the manifest's annotations (OCI layouts, registries).
import type { Image } from '../../image/types.js'
import type { Finding, OptionReader, Rule } from '../rule.js'
import type { FindingFix } from '../types.js'
import { shellWord } from './fix-text.js'

/** Named checks: what a value must be, said in words for the message. */
const NAMED_CHECKS: Record<string, { says: string; test: (value: string) => boolean }> = {
  'non-empty': { says: 'non-empty', test: (value) => value.trim() !== '' },
  url: {
    says: 'an absolute http or https URL',
    test: (value) => {
      try {
        const url = new URL(value)
        return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== ''
      } catch {
        return false
      }
    }
  },
  'git-sha': {
    says: 'a full git commit SHA (40 or 64 hex digits)',
    test: (value) => /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/i.test(value)
  },
  semver: {
    says: 'a semantic version (1.2.3, 1.2.3-rc.1)',
    // semver.org's own expression.
    test: (value) =>
      /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/.test(
        value
      )
  },
  rfc3339: {
    says: 'an RFC 3339 date and time (2026-01-31T12:00:00Z)',
    test: (value) =>
      /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/.test(value) &&
      !Number.isNaN(Date.parse(value.replace(' ', 'T')))
  }
}

export const NAMED_CHECK_NAMES: readonly string[] = Object.keys(NAMED_CHECKS)

/** A regular expression written `/source/flags`. */
const REGEX_LITERAL = /^\/(.*)\/([a-z]*)$/s
const REGEX_FLAGS = /^[imsu]*$/

interface LabelRequirement {
  name: string
  /** What the value must be, for the message ("a git SHA", "\"Acme\"", "/^v\d+/"). */
  says: string
  test: (value: string) => boolean
}

type Spec = null | string | { is?: string; equals?: string; matches?: string }

function compileRegex(
  options: OptionReader,
  source: string,
  flags: string,
  at: (string | number)[]
): (value: string) => boolean {
  if (!REGEX_FLAGS.test(flags))
    options.fail('labels', `"${flags}" are not flags a label check takes: use i, m, s or u`, ...at)
  try {
    const regex = new RegExp(source, flags)
    return (value) => regex.test(value)
  } catch (error) {
    return options.fail(
      'labels',
      `/${source}/${flags} is not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`,
      ...at
    )
  }
}

function requirement(
  options: OptionReader,
  name: string,
  spec: Spec,
  at: (string | number)[]
): LabelRequirement {
  if (spec === null || spec === undefined) return { name, ...NAMED_CHECKS['non-empty'] }
  if (typeof spec === 'string') {
    const literal = REGEX_LITERAL.exec(spec)
    if (literal)
      return { name, says: `matching ${spec}`, test: compileRegex(options, literal[1], literal[2], at) }
    return { name, says: JSON.stringify(spec), test: (value) => value === spec }
  }
  if (spec.is !== undefined) {
    const check = NAMED_CHECKS[spec.is]
    if (!check)
      options.fail(
        'labels',
        `"${spec.is}" is not a named check: use ${NAMED_CHECK_NAMES.join(', ')}`,
        ...at,
        'is'
      )
    return { name, says: check.says, test: check.test }
  }
  if (spec.equals !== undefined) {
    const expected = spec.equals
    return { name, says: JSON.stringify(expected), test: (value) => value === expected }
  }
  const source = spec.matches ?? ''
  return { name, says: `matching /${source}/`, test: compileRegex(options, source, '', [...at, 'matches']) }
}

/** `labels` as written: a list of names and one-key maps, or one map of name → value check. */
function readLabels(options: OptionReader): LabelRequirement[] {
  const raw = options.value.labels as (string | Record<string, Spec>)[] | Record<string, Spec> | undefined
  if (raw === undefined) return []
  if (!Array.isArray(raw))
    return Object.entries(raw).map(([name, spec]) => requirement(options, name, spec, [name]))
  return raw.map((item, index) => {
    if (typeof item === 'string') return { name: item, ...NAMED_CHECKS['non-empty'] }
    const [name, spec] = Object.entries(item)[0]
    return requirement(options, name, spec, [index, name])
  })
}

/** At most this much of a label's value is quoted in a message. */
const QUOTED_CHARS = 80

function quoted(value: string): string {
  return JSON.stringify(value.length > QUOTED_CHARS ? `${value.slice(0, QUOTED_CHARS)}…` : value)
}

/** The values an image gives a label: its config's, then its manifest's annotation. */
function valuesOf(image: Image, name: string): { value: string; from: string }[] {
  const values: { value: string; from: string }[] = []
  if (Object.hasOwn(image.config.labels, name))
    values.push({ value: image.config.labels[name], from: 'label' })
  if (Object.hasOwn(image.annotations, name))
    values.push({ value: image.annotations[name], from: 'annotation' })
  return values
}

export const requiredLabels: Rule = {
  doc: {
    id: 'required-labels',
    title: 'Required labels',
    description:
      'Every listed label is set, non-empty, in the image config or, where the source has them, the manifest’s annotations (e.g. org.opencontainers.image.source); a label may also be given the value it must have: exact, a regular expression /…/, or a named check (url, git-sha, semver, rfc3339).',
    defaultSeverity: 'error'
  },
  listOption: 'labels',
  example: `required-labels:\n  - org.opencontainers.image.source: { is: url }\n  - org.opencontainers.image.revision: { is: git-sha }\n  - org.opencontainers.image.version: /^\\d+\\.\\d+\\.\\d+$/`,
  configure(options) {
    const labels = readLabels(options)
    if (labels.length === 0) options.fail('labels', 'required-labels needs a list of label names')
    return {
      run(image) {
        const findings: Finding[] = []
        for (const { name, says, test } of labels) {
          const values = valuesOf(image, name)
          if (values.length === 0) {
            findings.push({ message: `label ${name} is missing`, label: name, fix: labelFix(name) })
            continue
          }
          if (values.some(({ value }) => value.trim() !== '' && test(value))) continue
          const { value, from } = values.find(({ value }) => value.trim() !== '') ?? values[0]
          const kind = from === 'label' ? 'label' : 'annotation'
          findings.push({
            message:
              value.trim() === ''
                ? `${kind} ${name} is empty`
                : `${kind} ${name} is ${quoted(value)}, not ${says}`,
            label: name,
            fix: labelFix(name, value.trim() === '' ? undefined : says)
          })
        }
        return findings
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

function labelFix(label: string, says?: string): FindingFix {
  const known = OCI_VALUES[label]
  const metadata = label.startsWith('org.opencontainers.image.')
    ? "; in GitHub Actions, docker/metadata-action's `labels` output given to docker/build-push-action sets it"
    : ''
  return {
    text: `Set the label ${label}${says ? ` to ${says}` : ''}${known?.arg ? ` from a build arg (--build-arg ${known.arg}=…)` : ''}${metadata}.`,
    ...(known?.arg ? { snippet: [`ARG ${known.arg}`] } : {}),
    instruction: `LABEL ${shellWord(label)}="${known?.value ?? '…'}"`
  }
}
