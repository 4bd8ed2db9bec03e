// Port specs as Docker writes them (`8080`, `8443/tcp`, `6000-6063/udp`; a bare port is tcp): read by the
// exposed-ports rule from the policy and the image config, and by the Dockerfile map from EXPOSE lines.

/** A port or an inclusive range of ports of one protocol, as written (the protocol lower-cased). */
export interface PortSpan {
  first: number
  last: number
  protocol: string
}

const SPEC = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/([A-Za-z]+))?$/

/** The span a spec writes, unchecked (port 0, a range backwards, any protocol word); undefined when it is no spec. */
export function readPortSpan(spec: string): PortSpan | undefined {
  const match = SPEC.exec(spec.trim())
  if (!match) return undefined
  const first = Number(match[1])
  return {
    first,
    last: match[2] === undefined ? first : Number(match[2]),
    protocol: (match[3] ?? 'tcp').toLowerCase()
  }
}

/** True when every port of `inner` is in `outer`, on the same protocol. */
export const spanWithin = (inner: PortSpan, outer: PortSpan): boolean =>
  inner.protocol === outer.protocol && outer.first <= inner.first && inner.last <= outer.last
