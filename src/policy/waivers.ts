// Applies waivers: a matching, unexpired waiver marks a violation waived; an expired one is reported itself.
import type { Waiver } from './loaded.js'
import { EXPIRED_WAIVER } from './registry.js'
import { suggestedExpiry } from './waiver-line.js'
import type { Finding } from './rule.js'
import type { Evaluation, Violation, WaiverRef } from './types.js'

const EXPIRING_SOON_MS = 30 * 24 * 60 * 60 * 1000

export function isExpired(waiver: Waiver, now: Date): boolean {
  return now.getTime() > waiver.expiresAt.getTime()
}

/** A waiver covers a finding of its rule; with a path glob, only findings whose real paths match it. */
export function findWaiver(
  rule: string,
  finding: Finding,
  waivers: readonly Waiver[],
  now: Date
): Waiver | undefined {
  const paths = finding.realPaths ?? (finding.path === undefined ? [] : [finding.path])
  return waivers.find(
    (waiver) =>
      waiver.rule === rule &&
      !isExpired(waiver, now) &&
      (waiver.path === undefined || paths.some((path) => waiver.path!.matches(path)))
  )
}

export function waiverRef(waiver: Waiver): WaiverRef {
  return { reason: waiver.reason, expires: waiver.expires, location: waiver.location }
}

function describeWaiver(waiver: Waiver): string {
  return `waiver for ${waiver.rule}${waiver.path ? ` on ${waiver.path.pattern}` : ''}`
}

export function expiredWaiverViolations(waivers: readonly Waiver[], now: Date): Violation[] {
  return waivers
    .filter((waiver) => isExpired(waiver, now))
    .map((waiver) => ({
      rule: EXPIRED_WAIVER.id,
      severity: EXPIRED_WAIVER.defaultSeverity,
      message: `${describeWaiver(waiver)} expired on ${waiver.expires} (reason: ${waiver.reason}) and waives nothing now: renew its date or remove it (${waiver.location.file}:${waiver.location.line})`,
      fix: {
        text: `Fix what it waived and delete the waiver at ${waiver.location.file}:${waiver.location.line}, or, after a review, renew it: expires: ${suggestedExpiry(now)}.`
      }
    }))
}

export function expiringWaivers(waivers: readonly Waiver[], now: Date): Evaluation['expiringWaivers'] {
  return waivers
    .filter(
      (waiver) => !isExpired(waiver, now) && waiver.expiresAt.getTime() - now.getTime() <= EXPIRING_SOON_MS
    )
    .map((waiver) => ({
      rule: waiver.rule,
      path: waiver.path?.pattern,
      expires: waiver.expires,
      reason: waiver.reason
    }))
}
