// attestations: the build attestations buildx attaches to each platform's image (SLSA provenance, an
// SPDX or CycloneDX SBOM) are there. Read from the index's attestation manifests; nothing is verified
// beyond their type (BuildKit signs none), so this says that a build recorded them, not that they are true.
import { type AttestationKind, attestationKind } from '../../image/attestations.js'
import { printableName } from '../../image/safe-path.js'
import type { Rule } from '../rule.js'

const KINDS: readonly AttestationKind[] = ['provenance', 'sbom']

const WHAT: Record<AttestationKind, string> = {
  provenance: 'SLSA provenance attestation (buildx --provenance, build-push-action provenance)',
  sbom: 'SBOM attestation, SPDX or CycloneDX (buildx --sbom=true, build-push-action sbom: true)'
}

const FIX: Record<AttestationKind, string> = {
  provenance:
    'Build with provenance (docker/build-push-action `provenance: mode=max`, buildx `--provenance=true`) and gate the pushed image or an OCI export, which keep it.',
  sbom: 'Build with an SBOM (docker/build-push-action `sbom: true`, buildx `--sbom=true`) and gate the pushed image or an OCI export, which keep it.'
}

const NO_INDEX_FIX =
  'Gate the image from its registry (`source: registry`) or an OCI export (`type=oci`): a classic-store docker save drops its attestations.'

export const attestations: Rule = {
  doc: {
    id: 'attestations',
    title: 'Build attestations',
    description:
      'Each platform’s image has the build attestations listed (provenance, sbom) in its index, as buildx attaches them. An image that came from no index (a classic-store docker save) cannot carry any and fails.',
    defaultSeverity: 'error'
  },
  listOption: 'require',
  example: `attestations: { require: [provenance, sbom] }`,
  configure(options) {
    const listed = options.strings('require') ?? ['provenance', 'sbom']
    if (listed.length === 0) options.fail('require', 'attestations needs a list: provenance, sbom')
    const required = listed.map((kind, index) => {
      const known = KINDS.find((candidate) => candidate === kind)
      if (!known)
        return options.fail('require', `unknown attestation "${kind}": expected provenance or sbom`, index)
      return known
    })
    return {
      attestations: true,
      run(image) {
        const found = image.attestations ?? { carried: false, statements: [], problems: [] }
        const have = new Set(found.statements.map((statement) => attestationKind(statement.predicateType)))
        const missing = [...new Set(required)].filter((kind) => !have.has(kind))
        if (missing.length === 0) return []
        const why = !found.carried
          ? ': the image came from no index, which alone carries attestations (a classic-store docker save drops them; gate the pushed image, or an OCI export)'
          : found.problems.length > 0
            ? ` (${found.problems.length} attestation document${found.problems.length === 1 ? '' : 's'} could not be read: ${printableName(found.problems[0], 200)})`
            : ''
        return missing.map((kind) => ({
          message: `no ${WHAT[kind]}${why}`,
          fix: { text: found.carried ? FIX[kind] : NO_INDEX_FIX }
        }))
      }
    }
  }
}
