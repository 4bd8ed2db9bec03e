// captureFor: the union of the file bytes the enabled rules read, so the reader keeps nothing else.
import type { CapturePredicate } from '../image/types.js'
import type { LoadedPolicy } from './loaded.js'

export function captureFor(policy: LoadedPolicy): CapturePredicate {
  const predicates = policy.rules.flatMap((rule) => (rule.check.capture ? [rule.check.capture] : []))
  if (predicates.length === 0) return () => 0
  return (path, size) => {
    let bytes = 0
    for (const predicate of predicates) bytes = Math.max(bytes, predicate(path, size))
    return Math.min(bytes, size)
  }
}
