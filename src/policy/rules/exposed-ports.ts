// exposed-ports: the ports the image config declares (EXPOSE, recorded as ExposedPorts keys "8080/tcp")
// are within an allow-list and outside a deny-list. Each finding's subject is the port's key, by which a
// report places it on the EXPOSE line (or the FROM line, for a port the base image exposes) and a baseline
// matches it.
import { type PortSpan, readPortSpan, spanWithin } from '../../common/ports.js'
import type { Finding, FindingFix, OptionReader, Rule } from '../rule.js'

const PROTOCOLS = ['tcp', 'udp', 'sctp'] as const
type Protocol = (typeof PROTOCOLS)[number]

/** A port or an inclusive range of ports of one protocol. */
export interface PortRange extends PortSpan {
  protocol: Protocol
}

const MAX_PORT = 65535

/** `8080`, `"8443/tcp"`, `"6000-6063/tcp"`, `"53/udp"` → a range (a bare number is tcp), or why not. */
export function parsePortSpec(value: unknown): PortRange | string {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : ''
  const span = readPortSpan(text)
  if (!span)
    return `${JSON.stringify(value)} is not a port: write 8080, "8443/tcp", "53/udp" or a range "6000-6063/tcp"`
  const { first, last, protocol } = span
  for (const port of [first, last])
    if (port < 1 || port > MAX_PORT) return `port ${port} is outside 1-${MAX_PORT}`
  if (last < first) return `the range ${first}-${last} ends before it starts`
  if (!(PROTOCOLS as readonly string[]).includes(protocol))
    return `"${text.trim().split('/')[1]}" is not a protocol: use tcp, udp or sctp`
  return { first, last, protocol: protocol as Protocol }
}

export function formatPortRange(range: PortRange): string {
  return `${range.first === range.last ? range.first : `${range.first}-${range.last}`}/${range.protocol}`
}

function readPorts(options: OptionReader, option: 'allow' | 'deny'): PortRange[] | undefined {
  const raw = options.value[option] as unknown[] | undefined
  return raw?.map((item, index) => {
    const range = parsePortSpec(item)
    return typeof range === 'string' ? options.fail(option, range, index) : range
  })
}

const overlaps = (a: PortRange, b: PortRange) =>
  a.protocol === b.protocol && a.first <= b.last && b.first <= a.last

export const exposedPorts: Rule = {
  doc: {
    id: 'exposed-ports',
    title: 'Exposed ports',
    description:
      'The ports the image config exposes (EXPOSE, recorded as 8080/tcp) are all in `allow`, when it is given, and none is in `deny`. A port is a number (tcp), a number with its protocol ("53/udp") or a range ("6000-6063/tcp").',
    defaultSeverity: 'error'
  },
  example: `exposed-ports:\n  allow: [8080, "8443/tcp"]\n  deny: [22, 23, "2375/tcp"]`,
  configure(options) {
    const allow = readPorts(options, 'allow')
    const deny = readPorts(options, 'deny') ?? []
    if (allow === undefined && deny.length === 0)
      options.fail('allow', 'exposed-ports needs an allow list, a deny list, or both')
    const allowed = allow?.map(formatPortRange).join(', ')
    return {
      run(image) {
        const findings: Finding[] = []
        for (const key of image.config.exposedPorts) {
          const range = parsePortSpec(key)
          if (typeof range === 'string') {
            if (allow !== undefined)
              findings.push({
                message: `exposes "${key}", which is not a port with a protocol, so not one of the allowed ports (${allowed || 'none'})`,
                subject: key,
                fix: portFix(key, 'allow')
              })
            continue
          }
          const port = formatPortRange(range)
          const denied = deny.find((entry) => overlaps(range, entry))
          if (denied) {
            findings.push({
              message: `exposes ${port}, which the policy denies (${formatPortRange(denied)})`,
              subject: key,
              fix: portFix(key, 'deny')
            })
            continue
          }
          if (allow !== undefined && !allow.some((entry) => spanWithin(range, entry)))
            findings.push({
              message: `exposes ${port}, which is not one of the allowed ports (${allowed || 'none'})`,
              subject: key,
              fix: portFix(key, 'allow')
            })
        }
        return findings
      }
    }
  }
}

/** EXPOSE cannot be undone by a later instruction: the line goes, or the base does. */
function portFix(key: string, list: 'allow' | 'deny'): FindingFix {
  const keep = list === 'allow' ? ', or add it to exposed-ports.allow if the image must serve it' : ''
  return {
    text: `Remove EXPOSE ${key} from the Dockerfile${keep}; one that comes from the base image cannot be undone by a later instruction (build onto another base, or waive it).`
  }
}
