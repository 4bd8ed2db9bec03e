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

  describe('catches, with values', () => {
    const image = imageFromLayers([[]], {
      labels: {
        'org.opencontainers.image.source': 'git@github.com:acme/app.git',
        'org.opencontainers.image.revision': 'main',
        'org.opencontainers.image.version': 'v1.2',
        team: 'Platform'
      }
    })
    it('a value that is not the one given: exact, /regex/, url, git-sha', async () => {
      const policy = [
        'rules:',
        '  required-labels:',
        '    - org.opencontainers.image.source: { is: url }',
        '    - org.opencontainers.image.revision: { is: git-sha }',
        '    - org.opencontainers.image.version: /^\\d+\\.\\d+\\.\\d+$/',
        '    - team: platform',
        ''
      ].join('\n')
      const result = await check(image, policy)
      expect(result.violations.map((violation) => violation.message)).toEqual([
        'label org.opencontainers.image.source is "git@github.com:acme/app.git", not an absolute http or https URL',
        'label org.opencontainers.image.revision is "main", not a full git commit SHA (40 or 64 hex digits)',
        'label org.opencontainers.image.version is "v1.2", not matching /^\\d+\\.\\d+\\.\\d+$/',
        'label team is "Platform", not "platform"'
      ])
      expect(
        result.violations.every((violation) => violation.fix?.text.includes(violation.label ?? '?'))
      ).toBe(true)
    })

    it('a manifest annotation that does not pass either, and a regex that does not compile', async () => {
      const annotated = imageFromLayers(
        [[]],
        {},
        { annotations: { 'org.opencontainers.image.revision': 'abc' } }
      )
      const result = await check(
        annotated,
        'rules:\n  required-labels: { labels: { org.opencontainers.image.revision: { is: git-sha } } }\n'
      )
      expect(result.violations.map((violation) => violation.message)).toEqual([
        'annotation org.opencontainers.image.revision is "abc", not a full git commit SHA (40 or 64 hex digits)'
      ])
      await expect(check(annotated, 'rules:\n  required-labels: [{ a: "/(/" }]\n')).rejects.toThrow(
        /required-labels\[0\]\.a: \/\(\/ is not a valid regular expression/
      )
    })
  })

  describe('must not', () => {
    it('report a value given by the config or, where the source has them, the manifest annotations', async () => {
      const sha = 'a'.repeat(40)
      const image = imageFromLayers(
        [[]],
        { labels: { 'org.opencontainers.image.source': 'https://github.com/acme/app', v: '1.2.3' } },
        { annotations: { 'org.opencontainers.image.revision': sha } }
      )
      const policy =
        'rules:\n  required-labels:\n    - org.opencontainers.image.source: { is: url }\n    - org.opencontainers.image.revision: { is: git-sha }\n    - v: { is: semver }\n'
      expect((await check(image, policy)).violations).toEqual([])
    })

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
