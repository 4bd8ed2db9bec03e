// healthcheck (opt-in): the image defines a HEALTHCHECK, not NONE, whose program it has.
import { describe, expect, it } from '@jest/globals'
import { dir, executable, imageFromLayers, sized } from '../../../__fixtures__/image.js'
import { check } from '../../../__fixtures__/policy.js'
import { loadPolicyText } from '../../../src/policy/index.js'

const rules = 'rules:\n  healthcheck: true\n'
const layers = [
  [dir('/bin'), executable('/bin/sh'), dir('/app'), executable('/app/probe'), sized('/app/data', 10)]
]
const messages = async (healthcheck: string[] | undefined, extra: Record<string, unknown> = {}) =>
  (
    await check(imageFromLayers(layers, { ...(healthcheck ? { healthcheck } : {}), ...extra }), rules)
  ).violations.map((v) => v.message)

describe('healthcheck', () => {
  describe('catches', () => {
    it('no HEALTHCHECK, and HEALTHCHECK NONE', async () => {
      expect(await messages(undefined)).toEqual(['the image defines no HEALTHCHECK'])
      expect(await messages(['NONE'])).toEqual([
        'HEALTHCHECK NONE: the image (or its base image) turns the health check off'
      ])
    })

    it('a check whose program the image lacks: CMD by PATH or path, CMD-SHELL by its shell', async () => {
      expect(await messages(['CMD', 'curl', '-f', 'http://localhost/'])).toEqual([
        'the HEALTHCHECK runs curl (its command), which is not an executable file of the image: the check can never pass'
      ])
      expect(await messages(['CMD', '/app/data'])).toEqual([
        'the HEALTHCHECK runs /app/data (its command), which is not an executable file of the image: the check can never pass'
      ])
      expect(await messages(['CMD-SHELL', 'probe'], { shell: ['/bin/bash', '-c'] })).toEqual([
        'the HEALTHCHECK runs /bin/bash (the shell its CMD-SHELL form runs through), which is not an executable file of the image: the check can never pass'
      ])
    })
  })

  describe('must not', () => {
    it('report a check whose program is there: by PATH, relative to the working directory, or the shell', async () => {
      expect(await messages(['CMD', 'probe'], { env: ['PATH=/usr/bin:/app'] })).toEqual([])
      expect(await messages(['CMD', './probe'], { workingDir: '/app' })).toEqual([])
      expect(await messages(['CMD-SHELL', 'probe || exit 1'])).toEqual([])
    })

    it('run in any bundled policy', async () => {
      for (const name of ['default', 'strict', 'hardened', 'oci-labels']) {
        const policy = await loadPolicyText(`version: 1\nextends: [${name}]\n`, 'p.yml')
        expect(policy.rules.map((rule) => rule.id)).not.toContain('healthcheck')
      }
    })
  })
})
