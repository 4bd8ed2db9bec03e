// attestations: each platform's image has the build attestations listed, as its index attaches them.
import { describe, expect, it } from '@jest/globals'
import { attestationKind, type ImageAttestations } from '../../../src/image/attestations.js'
import { loadPolicyText } from '../../../src/policy/index.js'
import { imageFromLayers } from '../../../__fixtures__/image.js'
import { check } from '../../../__fixtures__/policy.js'

const rules = 'rules:\n  attestations: { require: [provenance, sbom] }\n'

function attested(predicateTypes: string[], problems: string[] = []): ImageAttestations {
  return {
    carried: true,
    statements: predicateTypes.map((predicateType, index) => ({
      predicateType,
      manifestDigest: `sha256:${'a'.repeat(64)}`,
      layerDigest: `sha256:${String(index).repeat(64)}`,
      from: 'statement'
    })),
    problems
  }
}

describe('attestations', () => {
  describe('catches', () => {
    it('each kind missing, naming what would add it', async () => {
      const image = imageFromLayers([[]])
      image.attestations = attested(['https://slsa.dev/provenance/v1'])
      const { violations } = await check(image, rules)
      expect(violations.map((violation) => violation.message)).toEqual([
        'no SBOM attestation, SPDX or CycloneDX (buildx --sbom=true, build-push-action sbom: true)'
      ])
    })

    it('an image from no index, which cannot carry any', async () => {
      const image = imageFromLayers([[]])
      image.attestations = { carried: false, statements: [], problems: [] }
      const { violations } = await check(image, 'rules:\n  attestations: [provenance]\n')
      expect(violations).toHaveLength(1)
      expect(violations[0].message).toMatch(/^no SLSA provenance .*: the image came from no index/)
    })

    it('attestations that could not be read, saying why', async () => {
      const image = imageFromLayers([[]])
      image.attestations = attested([], ['attestation manifest sha256:ab names another image as its subject'])
      const { violations } = await check(image, 'rules:\n  attestations: [sbom]\n')
      expect(violations[0].message).toMatch(
        /\(1 attestation document could not be read: attestation manifest sha256:ab names another image/
      )
    })

    it('unknown kinds and an empty list in the policy', async () => {
      await expect(loadPolicyText('version: 1\nrules:\n  attestations: [signature]\n')).rejects.toThrow(
        /attestations/
      )
      await expect(loadPolicyText('version: 1\nrules:\n  attestations: { require: [] }\n')).rejects.toThrow(
        /attestations/
      )
    })
  })

  describe('must not', () => {
    it('report an image with both, SPDX or CycloneDX, SLSA v0.2 or v1', async () => {
      for (const types of [
        ['https://slsa.dev/provenance/v0.2', 'https://spdx.dev/Document'],
        ['https://slsa.dev/provenance/v1', 'https://cyclonedx.org/bom/v1.5']
      ]) {
        const image = imageFromLayers([[]])
        image.attestations = attested(types)
        expect((await check(image, rules)).violations).toEqual([])
      }
    })

    it('count a predicate type that only looks like one', () => {
      expect(attestationKind('https://slsa.dev/provenance/v0.2')).toBe('provenance')
      expect(attestationKind('https://slsa.dev/provenance/v2-evil')).toBeUndefined()
      expect(attestationKind('https://spdx.dev/Document/v2.3')).toBe('sbom')
      expect(attestationKind('https://evil.example/https://spdx.dev/Document')).toBeUndefined()
      expect(attestationKind('https://in-toto.io/attestation/vulns')).toBeUndefined()
    })
  })
})
