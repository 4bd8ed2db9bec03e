// loadPolicy: reads a policy file (or the bundled default), resolves `extends`, merges rules and waivers.
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { PolicyError } from '../common/errors.js'
import { COMPILED_POLICIES } from './bundled.generated.js'
import { CompiledPositions } from './compiled.js'
import type { ConfiguredRule, LoadedPolicy, PolicySource } from './loaded.js'
import { type PolicyFile, policyFromValue, type RuleSetting } from './policy-file.js'
import { policyError } from './positions.js'
import { RULE_MODULES } from './registry.js'
import type { OptionReader } from './rule.js'
import { decodePolicy, readPolicyFile } from './source.js'
import type { SourceLocation } from '../common/source-location.js'
import type { Severity } from './types.js'
import { closest, didYouMean } from './values.js'

/** Names `extends` accepts for the policies shipped in policies/. */
export const BUNDLED_POLICY_NAMES: readonly string[] = Object.keys(COMPILED_POLICIES).sort()

const MAX_EXTENDS_DEPTH = 16

interface Loaded {
  file: PolicyFile
  source: PolicySource
}

function isPathRef(ref: string): boolean {
  return ref.startsWith('./') || ref.startsWith('../') || isAbsolute(ref) || /\.ya?ml$/i.test(ref)
}

function bundled(name: string, at?: SourceLocation): Loaded {
  const compiled = Object.hasOwn(COMPILED_POLICIES, name) ? COMPILED_POLICIES[name] : undefined
  if (compiled === undefined) {
    const message = `unknown bundled policy "${name}"${didYouMean(name, BUNDLED_POLICY_NAMES)}; bundled: ${BUNDLED_POLICY_NAMES.join(', ')} (or a path such as ./base.yml)`
    throw at ? policyError(at, `extends: ${message}`) : new PolicyError(message)
  }
  const file = `policies/${name}.yml`
  return {
    file: policyFromValue(compiled.value, new CompiledPositions(file, compiled.positions)),
    source: { file, bundled: true }
  }
}

/** The YAML parser and the schema's validator, loaded for the first policy text read at run time. */
const textParser = () => import('./parse.js')

async function fromDisk(path: string, at?: SourceLocation): Promise<Loaded> {
  const text = await readPolicyFile(path, at, bundledNameHint(path))
  const { parsePolicyText } = await textParser()
  return { file: parsePolicyText(text, path), source: { file: path, bundled: false } }
}

/** For a missing file named like a bundled policy (`--policy stric`): which one was meant. */
function bundledNameHint(path: string): string {
  const name = basename(path)
  if (/[./]/.test(name)) return ''
  const meant = closest(name, BUNDLED_POLICY_NAMES)
  return meant
    ? `, and there is no bundled policy "${name}" (did you mean the bundled "${meant}"?)`
    : `, and there is no bundled policy "${name}" (bundled: ${BUNDLED_POLICY_NAMES.join(', ')})`
}

/**
 * The files of `root`'s extends chain in the order they apply: bases depth first, in the order listed,
 * then the file itself. A file reached more than once (listed twice, or a base of two bases) is read and
 * parsed once and applied once, where it first appears: repeating it would only undo what the files
 * between its two places changed, and a file listing the same base twice at each of 16 levels would
 * otherwise be read 2^16 times. Recursion is bounded by MAX_EXTENDS_DEPTH, whatever the input.
 */
async function flatten(root: Loaded, rootIdentity: string): Promise<Loaded[]> {
  const out: Loaded[] = []
  const placed = new Set<string>()
  const visit = async (loaded: Loaded, chain: string[]): Promise<void> => {
    for (const { ref, location } of loaded.file.extends) {
      let identity: string
      let path: string | undefined
      if (isPathRef(ref)) {
        if (loaded.source.bundled)
          throw policyError(location, 'extends: a bundled policy cannot extend a file')
        path = isAbsolute(ref) ? ref : join(dirname(loaded.source.file), ref)
        identity = resolve(path)
      } else identity = `bundled:${ref}`
      if (chain.includes(identity)) throw policyError(location, `extends: "${ref}" extends itself (cycle)`)
      if (placed.has(identity)) continue
      if (chain.length >= MAX_EXTENDS_DEPTH) {
        throw policyError(location, `extends: more than ${MAX_EXTENDS_DEPTH} levels of extends`)
      }
      const base = path === undefined ? bundled(ref, location) : await fromDisk(path, location)
      await visit(base, [...chain, identity])
    }
    const identity = chain[chain.length - 1]
    if (!placed.has(identity)) {
      placed.add(identity)
      out.push(loaded)
    }
  }
  await visit(root, [rootIdentity])
  return out
}

/** Applies each file's rule settings in order (see RuleSetting), then configures the enabled rules. */
function merge(files: Loaded[]): LoadedPolicy {
  const settings = new Map<
    string,
    { enabled: boolean; severity?: Severity; options?: OptionReader; last: RuleSetting }
  >()
  const sources: PolicySource[] = []
  for (const { file, source } of files) {
    if (!sources.some((known) => known.file === source.file)) sources.push(source)
    for (const setting of file.rules) {
      const previous = settings.get(setting.id)
      settings.set(setting.id, {
        enabled: setting.enabled,
        severity: setting.severity ?? previous?.severity,
        options: setting.options ?? previous?.options,
        last: setting
      })
    }
  }
  const rules: ConfiguredRule[] = []
  for (const rule of RULE_MODULES) {
    const merged = settings.get(rule.doc.id)
    if (!merged?.enabled) continue
    const options = merged.options ?? merged.last.empty
    rules.push({
      id: rule.doc.id,
      enabled: true,
      severity: merged.severity ?? rule.doc.defaultSeverity,
      options: options.value,
      location: merged.last.location,
      check: rule.configure(options)
    })
  }
  return { sources, rules, waivers: files.flatMap(({ file }) => file.waivers) }
}

async function load(root: Loaded, identity: string): Promise<LoadedPolicy> {
  const policy = merge(await flatten(root, identity))
  // A gate that checks nothing passes every image: only on purpose, said in the file the user gave.
  if (policy.rules.length === 0 && !root.file.allowNoRules) {
    throw policyError(
      root.file.rulesLocation,
      'the policy enables no rule, so it would check nothing and pass every image: turn a rule on under rules:, or write "allowNoRules: true" to run it anyway'
    )
  }
  return policy
}

/**
 * Loads the policy at `policyPath`, or the bundled `policies/default.yml` when undefined. A bundled
 * name (`strict`) selects that bundled policy; write `./strict` for a file with such a name.
 * Every problem is a PolicyError whose message starts `file:line:column:` and names the key.
 */
export async function loadPolicy(policyPath?: string): Promise<LoadedPolicy> {
  if (policyPath === undefined) return load(bundled('default'), 'bundled:default')
  if (BUNDLED_POLICY_NAMES.includes(policyPath)) return loadBundledPolicy(policyPath)
  return load(await fromDisk(policyPath), resolve(policyPath))
}

/** Loads a bundled policy by name (`default`, `strict`, …). */
export async function loadBundledPolicy(name: string): Promise<LoadedPolicy> {
  return load(bundled(name), `bundled:${name}`)
}

/** Loads policy text given inline; relative `extends` resolve against `file`'s directory. */
export async function loadPolicyText(text: string, file = 'policy.yml'): Promise<LoadedPolicy> {
  const { parsePolicyText } = await textParser()
  const root: Loaded = {
    file: parsePolicyText(decodePolicy(Buffer.from(text, 'utf8'), file), file),
    source: { file, bundled: false }
  }
  return load(root, resolve(file))
}
