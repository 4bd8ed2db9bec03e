// no-capabilities: no file gains Linux capabilities at exec (security.capability, as setcap writes it).
import { describe, expect, it } from '@jest/globals'
import { dir, executable, hardlink, imageFromLayers } from '../../../__fixtures__/image.js'
import { check, checkReadLayer } from '../../../__fixtures__/policy.js'

/** vfs_cap_data v2 as setcap writes it (see __tests__/analysis/capabilities.test.ts for the bytes). */
const NET_RAW = Buffer.from('0100000200200000000000000000000000000000', 'hex')
const BIND_AND_RAW = Buffer.from('0100000200240000000000000000000000000000', 'hex')
const NAMESPACED = Buffer.from('0100000300200000000000000000000000000000e8030000', 'hex')
const EMPTY = Buffer.from('0000000200000000000000000000000000000000', 'hex')
const TRUNCATED = Buffer.from('01000002002000000000000000000000', 'hex')

const rules = 'rules:\n  no-capabilities: true\n'

const image = imageFromLayers([
  [
    dir('/usr'),
    dir('/usr/bin'),
    executable('/usr/bin/ping', { capability: NET_RAW }),
    hardlink('/usr/bin/ping2', '/usr/bin/ping', { capability: NET_RAW }),
    executable('/usr/bin/ls')
  ],
  [dir('/app'), executable('/app/server', { capability: BIND_AND_RAW })]
])

describe('no-capabilities', () => {
  describe('catches', () => {
    it('files with capabilities, once each with their names, as setcap writes them', async () => {
      const result = await check(image, rules)
      expect(result.violations.map((v) => [v.path, v.layer, v.message])).toEqual([
        ['/app/server', 1, 'file capabilities cap_net_bind_service,cap_net_raw+ep: /app/server'],
        [
          '/usr/bin/ping',
          0,
          'file capabilities cap_net_raw+ep: /usr/bin/ping (also reached as /usr/bin/ping2)'
        ]
      ])
    })

    it('the capabilities an allow item does not accept, naming them', async () => {
      const policy =
        'rules:\n  no-capabilities:\n    allow:\n      - { path: /app/server, capabilities: [CAP_NET_BIND_SERVICE] }\n      - /usr/bin/ping\n'
      expect((await check(image, policy)).violations.map((v) => v.message)).toEqual([
        'file capabilities cap_net_bind_service,cap_net_raw+ep; not allowed: cap_net_raw: /app/server'
      ])
    })

    it('namespaced capabilities, and a value Linux cannot read', async () => {
      const odd = imageFromLayers([
        [executable('/ns', { capability: NAMESPACED }), executable('/bad', { capability: TRUNCATED })]
      ])
      expect((await check(odd, rules)).violations.map((v) => v.message)).toEqual([
        'security.capability that Linux cannot read (revision 2 is 20 bytes, this value is 16; Docker refuses to unpack it and exec fails): /bad',
        'file capabilities cap_net_raw+ep (namespaced: for the user namespace whose root is uid 1000): /ns'
      ])
    })

    it('what the real reader reads from a PAX SCHILY.xattr.security.capability record', async () => {
      const evaluation = await checkReadLayer(
        [
          { name: 'bin/', type: 'directory' },
          {
            name: 'bin/ping',
            content: 'x',
            mode: 0o755,
            pax: { 'SCHILY.xattr.security.capability': NET_RAW.toString('latin1') }
          }
        ],
        rules
      )
      expect(evaluation.violations.map((v) => v.message)).toEqual([
        'file capabilities cap_net_raw+ep: /bin/ping'
      ])
    })
  })

  describe('must not', () => {
    it('report files an allow glob or allowed capabilities cover', async () => {
      const byGlob = 'rules:\n  no-capabilities: { allow: ["/usr/bin/ping2", "/app/**"] }\n'
      expect((await check(image, byGlob)).violations).toEqual([])
      const anywhere =
        'rules:\n  no-capabilities:\n    allow: [{ capabilities: [cap_net_raw, net_bind_service] }]\n'
      expect((await check(image, anywhere)).violations).toEqual([])
    })

    it('report an empty set, a file a hard link entry chowned after, or one a later layer replaced', async () => {
      const cleared = imageFromLayers([
        [
          executable('/empty', { capability: EMPTY }),
          executable('/linked', { capability: NET_RAW }),
          hardlink('/linked2', '/linked'),
          executable('/replaced', { capability: NET_RAW })
        ],
        [executable('/replaced')]
      ])
      expect((await check(cleared, rules)).violations).toEqual([])
    })

    it('take a name that is not a capability', async () => {
      await expect(
        check(image, 'rules:\n  no-capabilities:\n    allow: [{ capabilities: [cap_net_rav] }]\n')
      ).rejects.toThrow(
        'test-policy.yml:4:30: rules.no-capabilities.allow[0].capabilities[0]: "cap_net_rav" is not a Linux capability (did you mean "cap_net_raw"?)'
      )
    })
  })
})
