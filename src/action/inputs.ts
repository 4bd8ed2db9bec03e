// The action's inputs: the only file that reads them. Everything after this works on typed values.
import * as core from '@actions/core'
import { UserError } from '../common/errors.js'
import type { RequestSettings, SettingNames } from '../pipeline/request.js'
import { FAIL_ON_VALUES, isFailOn } from '../report/verdict.js'

export type SourceInput = 'auto' | 'daemon' | 'registry'

export interface Inputs extends RequestSettings {
  /** Image reference (engine or registry, per `source`); with `archive`, the image to select inside it. */
  image?: string
  /** Path of an existing `docker save` (or OCI) archive, or of an OCI layout directory. */
  archive?: string
  source: SourceInput
  /** Token for ghcr.io only. */
  registryToken?: string
  /** Hosts that may be reached over plain HTTP besides loopback ones. */
  insecureRegistries: string[]
  /** Policy file path or bundled policy name; undefined = the bundled default policy. */
  policy?: string
  /** Where to write a SARIF file; undefined = no SARIF. */
  sarif?: string
  summary: boolean
  annotations: boolean
  /** Check every blob's sha256 against its digest while streaming. */
  verifyDigests: boolean
}

/** How the inputs are named in the messages of the pipeline's checks. */
export const INPUT_NAMES: SettingNames = {
  noSource: 'set either the `image` input (an image reference) or the `archive` input',
  platform: 'the `platform` input',
  dockerfile: (given) => `the dockerfile input ${given}`,
  stdin: false,
  baseline: 'the `baseline` input',
  newOnly: 'the `new-only` input'
}

export function getInputs(): Inputs {
  const image = optional('image')
  const archive = optional('archive')
  if (!image && !archive) throw new UserError(INPUT_NAMES.noSource)
  const failOn = optional('fail-on') ?? 'error'
  if (!isFailOn(failOn)) {
    throw new UserError(`the \`fail-on\` input must be one of ${FAIL_ON_VALUES.join(', ')} (got "${failOn}")`)
  }
  const source = optional('source') ?? 'auto'
  if (source !== 'auto' && source !== 'daemon' && source !== 'registry') {
    throw new UserError(`the \`source\` input must be one of auto, daemon, registry (got "${source}")`)
  }
  if (archive && source !== 'auto') {
    throw new UserError(
      'the `source` input chooses where `image` is read from; it does not go with `archive`'
    )
  }
  const registryToken = optional('registry-token')
  const insecureRegistries = (optional('insecure-registries') ?? '')
    .split(/[\s,]+/)
    .filter((host) => host !== '')
  return {
    ...(image ? { image } : {}),
    ...(archive ? { archive } : {}),
    source,
    ...(registryToken ? { registryToken } : {}),
    insecureRegistries,
    ...optionalField('policy'),
    ...optionalField('dockerfile'),
    ...optionalField('platform'),
    ...optionalField('sarif'),
    ...optionalField('baseline'),
    newOnly: booleanInput('new-only', false),
    failOn,
    summary: booleanInput('summary', true),
    annotations: booleanInput('annotations', true),
    verifyDigests: booleanInput('verify-digests', false)
  }
}

function optional(name: string): string | undefined {
  const value = core.getInput(name).trim()
  return value === '' ? undefined : value
}

function optionalField<K extends 'policy' | 'dockerfile' | 'platform' | 'sarif' | 'baseline'>(
  name: K
): Partial<Record<K, string>> {
  const value = optional(name)
  return value === undefined ? {} : ({ [name]: value } as Partial<Record<K, string>>)
}

/** YAML 1.2 core-schema booleans, as core.getBooleanInput accepts, with a one-line error. */
function booleanInput(name: string, fallback: boolean): boolean {
  const value = optional(name)
  if (value === undefined) return fallback
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw new UserError(`the \`${name}\` input must be true or false (got "${value}")`)
}
