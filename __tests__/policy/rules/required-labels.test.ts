// required-labels: the image config carries these labels, non-empty.
import { describe, expect, it } from '@jest/globals'
import { imageFromLayers } from '../../../__fixtures__/image.js'
import { check } from '../../../__fixtures__/policy.js'

const rules =
  'rules:\n  required-labels: [org.opencontainers.image.source, org.opencontainers.image.revision, team]\n'

describe('required-labels', () => {
  describe('catches', () => {
    it('missing and empty labels', async () => {
      const image = imageFromLayers([[]], {
        labels: {
          'org.opencontainers.image.source': 'https://example.com/repo',
          'org.opencontainers.image.revision': ' '
        }
      })
      const result = await check(image, rules)
      expect(result.violations.map((violation) => violation.message)).toEqual([
        'label org.opencontainers.image.revision is empty',
        'label team is missing'
      ])
    })
  })

  describe('must not', () => {
    it('report labels that are all set, whatever else the config carries', async () => {
      const image = imageFromLayers([[]], {
        labels: {
          'org.opencontainers.image.source': 'https://example.com/repo',
          'org.opencontainers.image.revision': '0123abc',
          team: 'platform',
          unrelated: ''
        }
      })
      expect((await check(image, rules)).violations).toEqual([])
    })
  })
})
