// loadPolicy: reads a policy file (or the bundled default), resolves `extends`, merges rules and waivers.
import { basename, dirname, isAbsolute, join, resolve } from 'node:path'
import { PolicyError } from '../errors.js'
import { BUNDLED_POLICIES } from './bundled.generated.js'
import type { ConfiguredRule, LoadedPolicy, PolicySource } from './loaded.js'
import { parsePolicyText, type PolicyFile, type RuleSetting } from './parse.js'
import { policyError } from './positions.js'
import { RULE_MODULES } from './registry.js'
import type { OptionReader } from './rule.js'
import { decodePolicy, readPolicyFile } from './source.js'
import type { Severity, SourceLocation } from './types.js'
import { closest, didYouMean } from './values.js'

/** Names `extends` accepts for the policies shipped in policies/. */
export const BUNDLED_POLICY_NAMES: readonly string[] = Object.keys(BUNDLED_POLICIES).sort()

const MAX_EXTENDS_DEPTH = 16

interface Loaded {
  file: PolicyFile
  source: PolicySource
}

function isPathRef(ref: string): boolean {
  return ref.startsWith('./') || ref.startsWith('../') || isAbsolute(ref) || /\.ya?ml$/i.test(ref)
}

function bundled(name: string, at?: SourceLocation): Loaded {
  const text = BUNDLED_POLICIES[name]
  if (text === undefined) {
    const message = `unknown bundled policy "${name}"${didYouMean(name, BUNDLED_POLICY_NAMES)}; bundled: ${BUNDLED_POLICY_NAMES.join(', ')} (or a path such as ./base.yml)`
    throw at ? policyError(at, `extends: ${message}`) : new PolicyError(message)
  }
  const file = `policies/${name}.yml`
  return {
    file: parsePolicyText(decodePolicy(Buffer.from(text, 'utf8'), file), file),
    source: { file, bundled: true }
  }
}

async function fromDisk(path: string, at?: SourceLocation): Promise<Loaded> {
  const text = await readPolicyFile(path, at, bundledNameHint(path))
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

/** Appends `loaded`'s bases (depth first, in order) and then `loaded` itself to `out`. */
async function flatten(loaded: Loaded, chain: string[], out: Loaded[]): Promise<void> {
  for (const { ref, location } of loaded.file.extends) {
    let base: Loaded
    let identity: string
    if (isPathRef(ref)) {
      if (loaded.source.bundled) throw policyError(location, 'extends: a bundled policy cannot extend a file')
      const path = isAbsolute(ref) ? ref : join(dirname(loaded.source.file), ref)
      identity = resolve(path)
      if (chain.includes(identity))
        throw policyError(location, `extends: "${ref}" extends itself (cycle)`)
      base = await fromDisk(path, location)
    } else {
      identity = `bundled:${ref}`
      if (chain.includes(identity))
        throw policyError(location, `extends: "${ref}" extends itself (cycle)`)
      base = bundled(ref, location)
    }
    if (chain.length >= MAX_EXTENDS_DEPTH) {
      throw policyError(location, `extends: more than ${MAX_EXTENDS_DEPTH} levels of extends`)
    }
    await flatten(base, [...chain, identity], out)
  }
  out.push(loaded)
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
  const files: Loaded[] = []
  await flatten(root, [identity], files)
  return merge(files)
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
  const root: Loaded = {
    file: parsePolicyText(decodePolicy(Buffer.from(text, 'utf8'), file), file),
    source: { file, bundled: false }
  }
  return load(root, resolve(file))
}
