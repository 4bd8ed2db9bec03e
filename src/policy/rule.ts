// What a rule is: a documented id plus a check configured from the policy's options.
import type { CapturePredicate, Image, Layer } from '../image/types.js'
import type { FindingFix, RuleDoc } from './types.js'
import type { Glob } from './values.js'

export type { FindingFix } from './types.js'

/** One thing a rule found; the engine adds rule id, severity and waivers. */
export interface Finding {
  message: string
  /** How to fix it (optional in the type; every rule gives one, a test over the registry checks it). */
  fix?: FindingFix
  /** Absolute path inside the image. */
  path?: string
  layer?: number
  /** Real paths of the offending file (hard links); waiver path globs match any of them. Defaults to [path]. */
  realPaths?: string[]
  /** The image label concerned (required-labels), so that a report can point at the LABEL setting it. */
  label?: string
  /** The layer that deleted or overwrote the offending bytes (size.maxWasted), when known. */
  hiddenBy?: number
  /** Every name reaching the file (hard links, symlinks, applet links), when more than the real paths. */
  names?: string[]
  /** Which check of the rule, for findings without a path or label (see Violation.subject). */
  subject?: string
}

/** What a baseline (an earlier report or image) says about the image it was made from. */
export interface BaselineFacts {
  /** Image size as the size rule measures it (the sum of layer content sizes). */
  size: number
  layers: number
  /** Layer diff IDs, base first, when known (an image baseline, or a report that lists them). */
  diffIds?: string[]
}

export interface CheckContext {
  now: Date
  /** Estimated gzip size of a layer stored uncompressed, when the caller can measure it better than a ratio. */
  estimateCompressedSize?: (layer: Layer) => number | undefined
  /** The baseline, when the run compares with one: growth limits measure against it. */
  baseline?: BaselineFacts
}

/** A rule with its options already parsed and validated. */
export interface RuleCheck {
  run(image: Image, context: CheckContext): Finding[]
  /** Bytes of files this rule needs to read (see CapturePredicate); absent when it reads none. */
  capture?: CapturePredicate
  /** Options of this rule that need a baseline to be checked (`size.maxGrowth`), for the unchecked note. */
  needsBaseline?: string[]
  /** True when the rule reads the image's attestations (`image.attestations`), which are then fetched. */
  attestations?: boolean
}

/** Typed access to a rule's options; every failure names the option's place in the policy file. */
export interface OptionReader {
  readonly ruleId: string
  /** The options object as written (without `severity`); empty for `true` or a severity. */
  readonly value: Readonly<Record<string, unknown>>
  /** `at`: where inside the option (a list index, then keys and indexes below it), for the position. */
  fail(option: string, message: string, ...at: (string | number)[]): never
  size(option: string): number | undefined
  integer(option: string): number | undefined
  boolean(option: string): boolean | undefined
  strings(option: string): string[] | undefined
  /** Globs over absolute image paths. */
  globs(option: string): Glob[] | undefined
  /** Globs over image references (`gcr.io/distroless/**`). */
  referenceGlobs(option: string): Glob[] | undefined
}

export interface Rule {
  doc: RuleDoc
  /** Option that a bare list stands for (`forbidden-paths: [globs]` means `{ paths: [globs] }`). */
  listOption?: string
  /** Example value for docs and tests. */
  example: string
  configure(options: OptionReader): RuleCheck
}

/** Where a rule's documentation lives, relative to the repository root (SARIF helpUri, README links). */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`
}
