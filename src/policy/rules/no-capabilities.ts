// no-capabilities: no file gains Linux capabilities when it is run (security.capability, as setcap
// writes it): a "non-root" image with `setcap cap_net_admin+ep` on a binary keeps root's powers there.
import { describeNames } from '../../analysis/executables.js'
import {
  CAPABILITY_NAMES,
  capabilityNumber,
  decodeCapabilities,
  type FileCapability
} from '../../analysis/capabilities.js'
import type { Finding, FindingFix, OptionReader, Rule } from '../rule.js'
import { shellWord } from './fix-text.js'
import { compileGlob, didYouMean, type Glob } from '../values.js'

/** One `allow` item: a glob (any capability there), or capabilities accepted at a glob or anywhere. */
interface Allowance {
  path?: Glob
  /** Capability numbers accepted; undefined for every capability (a bare glob). */
  capabilities?: ReadonlySet<number>
}

function readAllow(options: OptionReader): Allowance[] {
  const raw = options.value.allow as (string | { path?: string; capabilities: string[] })[] | undefined
  return (raw ?? []).map((item, index) => {
    const glob = (pattern: string, ...at: string[]) => {
      const compiled = compileGlob(pattern)
      return typeof compiled === 'string' ? options.fail('allow', compiled, index, ...at) : compiled
    }
    if (typeof item === 'string') return { path: glob(item) }
    const numbers = item.capabilities.map((name, at) => {
      const number = capabilityNumber(name)
      if (number === undefined)
        options.fail(
          'allow',
          `"${name}" is not a Linux capability${didYouMean(name, CAPABILITY_NAMES)}`,
          index,
          'capabilities',
          at
        )
      return number
    })
    return {
      ...(item.path === undefined ? {} : { path: glob(item.path, 'path') }),
      capabilities: new Set(numbers)
    }
  })
}

export const noCapabilities: Rule = {
  doc: {
    id: 'no-capabilities',
    title: 'No file capabilities',
    description:
      'No regular file in the final filesystem carries Linux file capabilities (the security.capability attribute setcap writes, e.g. cap_net_raw+ep): running such a file grants those privileges to any user, as setuid does. A value the kernel cannot read is reported too. `allow` lists globs of files to accept, or capabilities to accept on some files or on all.',
    defaultSeverity: 'error'
  },
  example: `no-capabilities:\n  allow:\n    - /usr/bin/ping\n    - { path: /app/server, capabilities: [cap_net_bind_service] }`,
  configure(options) {
    const allow = readAllow(options)
    return {
      run(image) {
        const findings: Finding[] = []
        for (const entry of image.fs.files()) {
          const { inode } = entry
          const value = inode.capability
          if (value === undefined) continue
          const names = image.fs.namesReaching(inode)
          const hardLinks = image.fs.hardLinks(inode)
          const realPaths = hardLinks.length ? hardLinks : [entry.path]
          const applies = allow.filter(
            (item) => item.path === undefined || realPaths.some((path) => item.path!.matches(path))
          )
          // A bare glob accepts whatever the file carries, a value that does not decode included.
          if (applies.some((item) => item.capabilities === undefined)) continue
          const where = describeNames({ path: entry.path, names: names.length ? names : [entry.path] })
          const decoded = decodeCapabilities(value)
          let message: string
          let fix: FindingFix
          if (!decoded.ok) {
            message = `security.capability that Linux cannot read (${decoded.reason}; Docker refuses to unpack it and exec fails): ${where}`
            fix = capabilityFix(entry.path, undefined)
          } else {
            const accepted = (capability: FileCapability) =>
              applies.some((item) => item.capabilities?.has(capability.number))
            const refused = decoded.capabilities.filter((capability) => !accepted(capability))
            // An empty set grants nothing.
            if (refused.length === 0) continue
            const namespaced =
              decoded.rootid === undefined
                ? ''
                : ` (namespaced: for the user namespace whose root is uid ${decoded.rootid})`
            const partly =
              refused.length < decoded.capabilities.length
                ? `; not allowed: ${refused.map((capability) => capability.name).join(', ')}`
                : ''
            message = `file capabilities ${decoded.text}${namespaced}${partly}: ${where}`
            fix = capabilityFix(entry.path, refused)
          }
          findings.push({ message, path: entry.path, layer: entry.layerIndex, realPaths, fix })
        }
        return findings
      }
    }
  }
}

/** setcap -r in the layer that wrote the file; what it needs is granted to the container instead. */
function capabilityFix(path: string, refused: readonly FileCapability[] | undefined): FindingFix {
  const inLayer = { kind: 'command' as const, command: `setcap -r ${shellWord(path)}` }
  if (refused === undefined)
    return {
      text: `Remove the unreadable security.capability of ${path} (setcap -r) or rebuild it.`,
      inLayer
    }
  const names = refused.map((capability) => capability.name.toUpperCase().replace(/^CAP_/, '')).join(',')
  return {
    text: `Remove the file capabilities of ${path} (setcap -r); if it needs them, grant them to the container instead (docker run --cap-add=${names}, or the pod's securityContext.capabilities.add), or allow them here.`,
    inLayer
  }
}
