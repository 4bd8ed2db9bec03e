// Validates a policy document against policies/schema.json and turns the most specific ajv error into one clear line.
// The validator is compiled at build time (policies/embed.mjs), so ajv itself is not loaded at run time.
import type { ErrorObject } from 'ajv'
import { POLICY_SCHEMA_TEXT } from './bundled.generated.js'
import { validate as precompiledValidator } from './schema-validator.generated.js'
import type { PolicyError } from '../common/errors.js'
import type { PolicyPositions, Segment } from './positions.js'
import { didYouMean, SIZE_HINT } from './values.js'

// Pure: a module that only re-exports it (policy/index.ts) must not pull the validator into every run.
export const POLICY_SCHEMA = /* @__PURE__ */ JSON.parse(POLICY_SCHEMA_TEXT) as Readonly<
  Record<string, unknown>
>

/** What ajv's standalone code exports: a predicate that leaves its errors on itself. */
interface SchemaValidator {
  (value: unknown): boolean
  errors?: ErrorObject[] | null
}

const validateSchema: SchemaValidator = precompiledValidator

const RULE_VALUE = /^#\/properties\/rules\/properties\/([^/]+)\/anyOf$/
const SEVERITIES = ['error', 'warning', 'notice']
const SEVERITY_DEFINITION = /#\/definitions\/severity\//
const DEFINITION_MESSAGES: [RegExp, string][] = [
  [/#\/definitions\/size\//, `is not a size: ${SIZE_HINT}`],
  [SEVERITY_DEFINITION, 'must be one of error, warning, notice'],
  [/#\/definitions\/date\//, 'must be a date written YYYY-MM-DD'],
  [/#\/definitions\/glob\//, 'must be a non-empty glob string'],
  [/\/reason\/(pattern|minLength)$/, 'must say why the violation is accepted (a non-blank reason)']
]

function segmentsOf(error: ErrorObject): Segment[] {
  if (error.instancePath === '') return []
  return error.instancePath
    .slice(1)
    .split('/')
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((segment) => (/^\d+$/.test(segment) ? Number(segment) : segment))
}

/** Errors that name a child key are about that child: rank them one level deeper. */
function depth(error: ErrorObject): number {
  const extra = error.keyword === 'additionalProperties' || error.keyword === 'required' ? 1 : 0
  return segmentsOf(error).length + extra
}

function knownKeys(schemaPath: string): string[] {
  // "#/properties/rules/additionalProperties" → the schema object that owns those properties.
  let node: unknown = POLICY_SCHEMA
  for (const part of schemaPath.replace(/^#\//, '').split('/').slice(0, -1)) {
    node = (node as Record<string, unknown> | undefined)?.[part]
  }
  const properties = (node as { properties?: Record<string, unknown> } | undefined)?.properties
  return Object.keys(properties ?? {})
}

function describe(
  error: ErrorObject,
  all: ErrorObject[],
  positions: PolicyPositions,
  root: unknown
): PolicyError {
  const segments = segmentsOf(error)
  if (error.keyword === 'additionalProperties') {
    const key = String(error.params.additionalProperty)
    const known = knownKeys(error.schemaPath)
    const what =
      segments.length === 1 && segments[0] === 'rules'
        ? 'unknown rule'
        : segments[0] === 'rules' && segments.length === 2
          ? 'unknown option'
          : 'unknown key'
    const of = what === 'unknown option' ? ` of rule ${segments[1]}` : ''
    return positions.error(
      [...segments, key],
      `${what} "${key}"${of}${didYouMean(key, known)}; known: ${known.join(', ')}`,
      'key'
    )
  }
  if (error.keyword === 'required') {
    return positions.error(segments, `missing required key "${String(error.params.missingProperty)}"`, 'key')
  }
  const here = all.filter((other) => other.instancePath === error.instancePath)
  const ruleValue = here.map((other) => RULE_VALUE.exec(other.schemaPath)).find(Boolean)
  const value = valueAt(root, segments)
  if (ruleValue) {
    const list = here.some((other) => /\/anyOf\/3\//.test(other.schemaPath)) ? ', a list' : ''
    return positions.error(
      segments,
      `must be true, false, a severity (error, warning, notice)${list} or an object of options${typeof value === 'string' ? didYouMean(value, SEVERITIES) : ''}`
    )
  }
  for (const [pattern, message] of DEFINITION_MESSAGES) {
    if (here.some((other) => pattern.test(other.schemaPath))) {
      const hint =
        pattern === SEVERITY_DEFINITION && typeof value === 'string' ? didYouMean(value, SEVERITIES) : ''
      return positions.error(segments, `${message}${hint}`)
    }
  }
  if (error.keyword === 'type') return positions.error(segments, wrongType(error.params.type, root, segments))
  if (error.keyword === 'enum') {
    const allowed = (error.params.allowedValues as unknown[]).map(String)
    return positions.error(
      segments,
      `must be one of ${allowed.join(', ')}${value ? didYouMean(value, allowed) : ''}`
    )
  }
  if (error.keyword === 'const')
    return positions.error(segments, `must be ${JSON.stringify(error.params.allowedValue)}`)
  return positions.error(segments, error.message ?? 'is invalid')
}

function valueAt(root: unknown, segments: Segment[]): string | undefined {
  const node = nodeAt(root, segments)
  return typeof node === 'string' ? node : undefined
}

function nodeAt(root: unknown, segments: Segment[]): unknown {
  let node = root
  for (const segment of segments) node = (node as Record<string | number, unknown> | undefined)?.[segment]
  return node
}

/** JSON Schema type names as a policy's reader calls them. */
const TYPE_NAMES: Record<string, string> = {
  integer: 'a whole number',
  number: 'a number',
  string: 'text',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping of keys to values',
  null: 'empty'
}

/** "must be a list (got text "/x")": ajv says "must be array,null". */
function wrongType(expected: unknown, root: unknown, segments: Segment[]): string {
  const names = (Array.isArray(expected) ? expected : String(expected).split(','))
    .map(String)
    // "or empty" helps nobody: an empty value is never the fix.
    .filter((type) => type !== 'null')
    .map((type) => TYPE_NAMES[type] ?? type)
  return `must be ${names.join(' or ')} (got ${describeValue(nodeAt(root, segments))})`
}

function describeValue(value: unknown): string {
  if (value === null) return 'nothing'
  if (Array.isArray(value)) return 'a list'
  if (typeof value === 'object') return 'a mapping'
  if (typeof value === 'string')
    return `text ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`
  // What YAML leaves: a number or a boolean.
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    return String(value)
  return typeof value
}

/** Throws a PolicyError naming file:line:column and the key when `value` does not follow the schema. */
export function checkSchema(value: unknown, positions: PolicyPositions): void {
  if (validateSchema(value)) return
  const errors = validateSchema.errors ?? []
  const deepest = errors.reduce((best, error) => (depth(error) > depth(best) ? error : best), errors[0])
  throw describe(deepest, errors, positions, value)
}
