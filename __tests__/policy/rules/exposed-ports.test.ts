// exposed-ports: the ports the image config exposes are in the allow list and not in the deny list.
import { describe, expect, it } from '@jest/globals'
import { imageFromLayers } from '../../../__fixtures__/image.js'
import { check } from '../../../__fixtures__/policy.js'

const image = imageFromLayers([[]], { exposedPorts: ['8080/tcp', '8443/tcp', '53/udp', '22/tcp'] })
const messages = async (policy: string) => (await check(image, policy)).violations.map((v) => v.message)

describe('exposed-ports', () => {
  describe('catches', () => {
    it('ports outside the allow list, a bare number being tcp', async () => {
      expect(await messages('rules:\n  exposed-ports: { allow: [8080, "8443/tcp"] }\n')).toEqual([
        'exposes 53/udp, which is not one of the allowed ports (8080/tcp, 8443/tcp)',
        'exposes 22/tcp, which is not one of the allowed ports (8080/tcp, 8443/tcp)'
      ])
    })

    it('ports in the deny list, ranges included, whatever the allow list says', async () => {
      expect(
        await messages('rules:\n  exposed-ports: { allow: ["1-65535/tcp"], deny: [22, "8000-8999/tcp"] }\n')
      ).toEqual([
        'exposes 8080/tcp, which the policy denies (8000-8999/tcp)',
        'exposes 8443/tcp, which the policy denies (8000-8999/tcp)',
        'exposes 53/udp, which is not one of the allowed ports (1-65535/tcp)',
        'exposes 22/tcp, which the policy denies (22/tcp)'
      ])
    })

    it('every port with an empty allow list, and a config key that is no port', async () => {
      const odd = imageFromLayers([[]], { exposedPorts: ['http', '80/tcp'] })
      const found = await check(odd, 'rules:\n  exposed-ports: { allow: [] }\n')
      expect(found.violations.map((v) => v.message)).toEqual([
        'exposes "http", which is not a port with a protocol, so not one of the allowed ports (none)',
        'exposes 80/tcp, which is not one of the allowed ports (none)'
      ])
    })
  })

  describe('must not', () => {
    it('report allowed ports, a protocol other than the denied one, or an image exposing nothing', async () => {
      expect(
        await messages('rules:\n  exposed-ports: { allow: [8080, 8443, "53/udp", 22], deny: ["53/tcp"] }\n')
      ).toEqual([])
      expect(
        (await check(imageFromLayers([[]]), 'rules:\n  exposed-ports: { allow: [] }\n')).violations
      ).toEqual([])
    })

    it('take a port that is not one, or no list at all', async () => {
      await expect(check(image, 'rules:\n  exposed-ports: { deny: ["70000"] }\n')).rejects.toThrow(
        /exposed-ports\.deny\[0\]: port 70000 is outside 1-65535/
      )
      await expect(check(image, 'rules:\n  exposed-ports: { deny: ["22/icmp"] }\n')).rejects.toThrow(
        /"icmp" is not a protocol: use tcp, udp or sctp/
      )
      await expect(check(image, 'rules:\n  exposed-ports: true\n')).rejects.toThrow(
        /exposed-ports needs an allow list, a deny list, or both/
      )
    })
  })
})
