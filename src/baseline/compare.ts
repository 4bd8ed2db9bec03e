// Marks each violation new or existing against a baseline's violations and lists the ones that are gone.
// A violation matches one of the baseline when the rule is the same and so is what it is about: the
// path, or any other name of the same file (a hard link, a BusyBox applet link), the label, or the
// rule's check (`max`, `maxLayer <diff ID>`); a rule's violation about nothing more (non-root-user)
// matches the rule's. Exact subjects are matched before other names, so that a new bash linked as
// /bin/sh does not take the place of the BusyBox the baseline had there.
import type { BaselineState, Violation } from '../policy/types.js'
import type { BaselineViolation } from './types.js'

type Comparable = Pick<Violation, 'rule' | 'path' | 'names' | 'label' | 'subject'>

/** What a violation is matched by, in the order a JSON report lists it: the fields both sides keep. */
export function baselineViolation(v: Violation): BaselineViolation {
  return {
    rule: v.rule,
    severity: v.severity,
    message: v.message,
    ...(v.path !== undefined ? { path: v.path } : {}),
    ...(v.names ? { names: v.names } : {}),
    ...(v.label !== undefined ? { label: v.label } : {}),
    ...(v.subject !== undefined ? { subject: v.subject } : {}),
    ...(v.layer !== undefined ? { layer: v.layer } : {})
  }
}

export interface ViolationComparison {
  /** The state of each violation, in the order given. */
  states: BaselineState[]
  /** Baseline violations nothing matched, in the baseline's order. */
  fixed: BaselineViolation[]
}

/** The key of what a violation is about, first the exact one. */
function primaryKey(v: Comparable): string {
  if (v.path !== undefined) return `${v.rule}\0path\0${v.path}`
  if (v.label !== undefined) return `${v.rule}\0label\0${v.label}`
  if (v.subject !== undefined) return `${v.rule}\0subject\0${v.subject}`
  return `${v.rule}\0rule`
}

/** The other names of its file, as keys. */
function nameKeys(v: Comparable): string[] {
  if (v.path === undefined) return []
  return (v.names ?? []).filter((name) => name !== v.path).map((name) => `${v.rule}\0path\0${name}`)
}

/**
 * Keys a violation of this run can be matched by after its exact one: the other names of its file; for
 * a rule's check, the rule alone, which is the key of a violation in a report written before checks
 * were named.
 */
function otherKeys(v: Comparable): string[] {
  if (v.path === undefined && v.label === undefined && v.subject !== undefined) return [`${v.rule}\0rule`]
  return nameKeys(v)
}

export function compareViolations(
  current: readonly Comparable[],
  baseline: readonly BaselineViolation[]
): ViolationComparison {
  const used = new Array<boolean>(baseline.length).fill(false)
  const byPrimary = index(baseline, (v) => [primaryKey(v)])
  const byAnyName = index(baseline, (v) => [primaryKey(v), ...nameKeys(v)])
  const states = new Array<BaselineState | undefined>(current.length).fill(undefined)
  const take = (positions: number[] | undefined): boolean => {
    const at = positions?.find((position) => !used[position])
    if (at === undefined) return false
    used[at] = true
    return true
  }
  current.forEach((v, i) => {
    if (take(byPrimary.get(primaryKey(v)))) states[i] = 'existing'
  })
  current.forEach((v, i) => {
    if (states[i] !== undefined) return
    const keys = [primaryKey(v), ...otherKeys(v)]
    states[i] = keys.some((key) => take(byAnyName.get(key))) ? 'existing' : 'new'
  })
  return {
    states: states.map((state) => state ?? 'new'),
    fixed: baseline.filter((_, position) => !used[position])
  }
}

function index(
  violations: readonly BaselineViolation[],
  keys: (v: BaselineViolation) => string[]
): Map<string, number[]> {
  const map = new Map<string, number[]>()
  violations.forEach((v, position) => {
    for (const key of keys(v)) {
      const list = map.get(key) ?? []
      list.push(position)
      map.set(key, list)
    }
  })
  return map
}
