// vfs_cap_data decoding, checked against values libcap's setcap wrote on a real file (read back with
// getxattr) and what its getcap -n printed for them; getcap's `=` becomes `+` here, as setcap takes both.
import { describe, expect, it } from '@jest/globals'
import {
  capabilityNumber,
  decodeCapabilities,
  describeCapabilities
} from '../../src/analysis/capabilities.js'

const hex = (value: string) => Buffer.from(value, 'hex')

/** `setcap ARG FILE` → the xattr's bytes → `getcap -n FILE`. */
const WRITTEN_BY_SETCAP: [string, string, string][] = [
  ['cap_net_raw+ep', '0100000200200000000000000000000000000000', 'cap_net_raw=ep'],
  [
    'cap_net_bind_service,cap_net_raw+ep',
    '0100000200240000000000000000000000000000',
    'cap_net_bind_service,cap_net_raw=ep'
  ],
  ['cap_chown+i cap_setuid+p', '0000000280000000010000000000000000000000', 'cap_chown=i cap_setuid+p'],
  [
    'cap_sys_admin,cap_bpf,cap_checkpoint_restore+eip',
    '0100000200002000000020008001000080010000',
    'cap_sys_admin,cap_bpf,cap_checkpoint_restore=eip'
  ],
  ['cap_setuid+ep', '0100000280000000000000000000000000000000', 'cap_setuid=ep'],
  // setcap -n 1000: a namespaced (v3) capability for the user namespace whose root is uid 1000.
  [
    '-n 1000 cap_net_raw+ep',
    '0100000300200000000000000000000000000000e8030000',
    'cap_net_raw=ep [rootid=1000]'
  ]
]

describe('decodeCapabilities', () => {
  it.each(WRITTEN_BY_SETCAP)('setcap %s', (_argument, value, getcap) => {
    // getcap writes the first group with `=` (nothing else set), later ones with `+`.
    expect(describeCapabilities(hex(value))).toBe(getcap.replace('=', '+'))
  })

  it('reads permitted, inheritable and the effective flag per capability, across both words', () => {
    const decoded = decodeCapabilities(hex('0100000200002000000020008001000080010000'))
    expect(decoded.ok && decoded.revision).toBe(2)
    expect(decoded.ok && decoded.capabilities.map((c) => [c.number, c.permitted, c.inheritable])).toEqual([
      [21, true, true],
      [39, true, true],
      [40, true, true]
    ])
    const v1 = decodeCapabilities(hex('010000010020000000000000'))
    expect(v1.ok && [v1.revision, v1.text]).toEqual([1, 'cap_net_raw+ep'])
  })

  it('names numbers past the known table, and shows an empty set as =', () => {
    expect(describeCapabilities(hex('0100000200000000000000000004000000000000'))).toBe('cap_42+ep')
    expect(describeCapabilities(hex('0000000200000000000000000000000000000000'))).toBe('=')
  })

  it('refuses what the kernel refuses: a size that is not the revision’s, an unknown revision', () => {
    expect(describeCapabilities(hex('01000002002000000000000000000000'))).toBe(
      'invalid (revision 2 is 20 bytes, this value is 16)'
    )
    expect(describeCapabilities(hex('0100000400200000000000000000000000000000'))).toBe(
      'invalid (unknown revision 4)'
    )
    expect(describeCapabilities(hex('01'))).toBe('invalid (1 bytes, too short for a header)')
  })

  it('takes a capability by any of its spellings', () => {
    expect(['cap_net_raw', 'CAP_NET_RAW', 'net_raw', 'nothing'].map(capabilityNumber)).toEqual([
      13,
      13,
      13,
      undefined
    ])
  })
})
