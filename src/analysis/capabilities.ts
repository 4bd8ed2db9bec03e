// Linux file capabilities: the `security.capability` extended attribute (struct vfs_cap_data, little
// endian) decoded as the kernel reads it at exec (get_vfs_caps_from_disk), and written as libcap's
// setcap takes it: `cap_net_raw+ep`.

/** Capability names by number, as linux/capability.h numbers them (0-40). */
export const CAPABILITY_NAMES: readonly string[] = [
  'cap_chown',
  'cap_dac_override',
  'cap_dac_read_search',
  'cap_fowner',
  'cap_fsetid',
  'cap_kill',
  'cap_setgid',
  'cap_setuid',
  'cap_setpcap',
  'cap_linux_immutable',
  'cap_net_bind_service',
  'cap_net_broadcast',
  'cap_net_admin',
  'cap_net_raw',
  'cap_ipc_lock',
  'cap_ipc_owner',
  'cap_sys_module',
  'cap_sys_rawio',
  'cap_sys_chroot',
  'cap_sys_ptrace',
  'cap_sys_pacct',
  'cap_sys_admin',
  'cap_sys_boot',
  'cap_sys_nice',
  'cap_sys_resource',
  'cap_sys_time',
  'cap_sys_tty_config',
  'cap_mknod',
  'cap_lease',
  'cap_audit_write',
  'cap_audit_control',
  'cap_setfcap',
  'cap_mac_override',
  'cap_mac_admin',
  'cap_syslog',
  'cap_wake_alarm',
  'cap_block_suspend',
  'cap_audit_read',
  'cap_perfmon',
  'cap_bpf',
  'cap_checkpoint_restore'
]

const REVISION_MASK = 0xff000000
const FLAGS_EFFECTIVE = 0x000001
/** Revision → the only size the kernel accepts for it (XATTR_CAPS_SZ_1, _2, _3). */
const SIZES: Readonly<Record<number, number>> = { 1: 12, 2: 20, 3: 24 }

/** One capability and the sets a file puts it in. */
export interface FileCapability {
  /** `cap_net_raw`; `cap_41` for a number the table above does not know. */
  name: string
  number: number
  permitted: boolean
  inheritable: boolean
  /** The file's effective flag: the capability is raised at exec, not only permitted. */
  effective: boolean
}

export type DecodedCapabilities =
  | {
      ok: true
      revision: 1 | 2 | 3
      /** Ascending by number; empty when both sets are empty (a file that grants nothing). */
      capabilities: FileCapability[]
      /** v3 only: the user namespace root the capabilities hold for (namespaced file capabilities). */
      rootid?: number
      /** As setcap takes it: `cap_net_bind_service,cap_net_raw+ep`, sets grouped, one group per flag set. */
      text: string
    }
  | { ok: false; reason: string }

export function capabilityName(number: number): string {
  return CAPABILITY_NAMES[number] ?? `cap_${number}`
}

/** `cap_net_raw`, `CAP_NET_RAW`, `net_raw` → its number, or undefined. */
export function capabilityNumber(name: string): number | undefined {
  const lower = name.trim().toLowerCase()
  const full = lower.startsWith('cap_') ? lower : `cap_${lower}`
  const index = CAPABILITY_NAMES.indexOf(full)
  return index < 0 ? undefined : index
}

/**
 * Decodes a `security.capability` value. What the kernel refuses to read (a size that is not its
 * revision's, an unknown revision) is `ok: false` with the reason: Linux would refuse to run such a
 * file (EINVAL at exec), and Docker to unpack it (setxattr fails).
 */
export function decodeCapabilities(value: Buffer): DecodedCapabilities {
  if (value.length < 4) return { ok: false, reason: `${value.length} bytes, too short for a header` }
  const magic = value.readUInt32LE(0)
  const revision = (magic & REVISION_MASK) >>> 24
  const size = SIZES[revision]
  if (size === undefined) return { ok: false, reason: `unknown revision ${revision}` }
  if (value.length !== size) {
    return { ok: false, reason: `revision ${revision} is ${size} bytes, this value is ${value.length}` }
  }
  const words = revision === 1 ? 1 : 2
  const effective = (magic & FLAGS_EFFECTIVE) !== 0
  const capabilities: FileCapability[] = []
  for (let word = 0; word < words; word++) {
    const permitted = value.readUInt32LE(4 + word * 8)
    const inheritable = value.readUInt32LE(8 + word * 8)
    for (let bit = 0; bit < 32; bit++) {
      const mask = (1 << bit) >>> 0
      const inPermitted = (permitted & mask) !== 0
      const inInheritable = (inheritable & mask) !== 0
      if (!inPermitted && !inInheritable) continue
      const number = word * 32 + bit
      capabilities.push({
        name: capabilityName(number),
        number,
        permitted: inPermitted,
        inheritable: inInheritable,
        effective
      })
    }
  }
  const decoded: DecodedCapabilities = {
    ok: true,
    revision: revision as 1 | 2 | 3,
    capabilities,
    text: capabilitiesText(capabilities)
  }
  if (revision === 3) decoded.rootid = value.readUInt32LE(20)
  return decoded
}

/** `e`, `p`, `i` in the order setcap writes them: `+ep`, `+eip`, `+i`. */
function flagsOf(capability: FileCapability): string {
  return `${capability.effective ? 'e' : ''}${capability.inheritable ? 'i' : ''}${capability.permitted ? 'p' : ''}`
}

/** Capabilities grouped by their flags, as setcap takes them: `cap_net_admin,cap_net_raw+ep cap_chown+i`. */
export function capabilitiesText(capabilities: readonly FileCapability[]): string {
  const groups = new Map<string, string[]>()
  for (const capability of capabilities) {
    const flags = flagsOf(capability)
    groups.set(flags, [...(groups.get(flags) ?? []), capability.name])
  }
  return [...groups].map(([flags, names]) => `${names.join(',')}+${flags}`).join(' ')
}

/**
 * One line for a `security.capability` value, as `getcap -n` shows it: `cap_net_raw+ep`, with
 * ` [rootid=1000]` for namespaced ones, `=` for an empty set, `invalid (…)` for what does not decode.
 */
export function describeCapabilities(value: Buffer): string {
  const decoded = decodeCapabilities(value)
  if (!decoded.ok) return `invalid (${decoded.reason})`
  const text = decoded.text === '' ? '=' : decoded.text
  return decoded.rootid === undefined ? text : `${text} [rootid=${decoded.rootid}]`
}
