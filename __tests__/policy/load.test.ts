// Loading: bundled policies (from source and from the bundles), extends, merging and source positions.
import { describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { BUNDLED_POLICIES, POLICY_SCHEMA_TEXT } from '../../src/policy/bundled.generated.js'
import {
  BUNDLED_POLICY_NAMES,
  loadBundledPolicy,
  loadPolicy,
  loadPolicyText,
  RULE_IDS
} from '../../src/policy/index.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const policiesDir = path.join(root, 'policies')

function tempDir(): string {
  return mkdtempSync(path.join(tmpdir(), 'policy-load-'))
}

describe('bundled policies', () => {
  it('are embedded exactly as policies/*.yml and policies/schema.json (run `node policies/embed.mjs` after editing them)', () => {
    const files = readdirSync(policiesDir).filter((name) => name.endsWith('.yml'))
    expect(Object.keys(BUNDLED_POLICIES).sort()).toEqual(files.map((name) => name.slice(0, -4)).sort())
    for (const name of files)
      expect(BUNDLED_POLICIES[name.slice(0, -4)]).toBe(readFileSync(path.join(policiesDir, name), 'utf8'))
    expect(POLICY_SCHEMA_TEXT).toBe(readFileSync(path.join(policiesDir, 'schema.json'), 'utf8'))
  })

  it('load without the policies directory on disk (as from dist/)', async () => {
    const cwd = process.cwd()
    process.chdir(tempDir())
    try {
      const policy = await loadPolicy()
      expect(policy.rules.map((rule) => rule.id)).toEqual([
        'size',
        'no-shell',
        'no-package-manager',
        'distroless',
        'no-packed-executable'
      ])
      expect(policy.sources).toEqual([{ file: 'policies/default.yml', bundled: true }])
    } finally {
      process.chdir(cwd)
    }
  })

  it.each(['index.js', 'cli.js'])('are inside dist/%s when it has been built', (bundle) => {
    const file = path.join(root, 'dist', bundle)
    if (!existsSync(file)) {
      if (process.env.CI === 'true') throw new Error(`${file} missing in CI`)
      console.warn(`skipping: ${file} not built`)
      return
    }
    const text = bundleText(file)
    expect(text).toContain('leaves room for a language runtime and its dependencies')
    expect(text).toContain('image-policy-gate policy')
  })

  it.each(BUNDLED_POLICY_NAMES)('%s loads and says where each rule is configured', async (name) => {
    const policy = await loadBundledPolicy(name)
    expect(policy.rules.length).toBeGreaterThan(0)
    for (const rule of policy.rules) {
      const lines = BUNDLED_POLICIES[rule.location.file.replace(/^policies\/|\.yml$/g, '')].split('\n')
      expect(lines[rule.location.line - 1].slice(rule.location.column - 1)).toMatch(
        new RegExp(`^${rule.id}:`)
      )
    }
  })

  it('strict enables every rule but required-paths, healthcheck and attestations, with default severities', async () => {
    const strict = await loadPolicy('strict')
    // No path is required by every image; healthcheck is opt-in; a classic-store save carries no attestation.
    const left = new Set(['required-paths', 'healthcheck', 'attestations'])
    expect(strict.rules.map((rule) => rule.id)).toEqual(RULE_IDS.filter((id) => !left.has(id)))
    expect(strict.rules.find((rule) => rule.id === 'size')?.options).toEqual({
      max: '200MB',
      maxLayers: 20,
      maxFile: '100MB',
      maxWasted: '10MB'
    })
    expect(strict.sources.map((source) => source.file)).toEqual([
      'policies/default.yml',
      'policies/hardened.yml',
      'policies/oci-labels.yml',
      'policies/strict.yml'
    ])
  })
})

describe('extends and merging', () => {
  it('applies bases in order; a later value replaces a rule entirely; false turns a rule off', async () => {
    const policy = await loadPolicyText(
      'version: 1\nextends: [default]\nrules:\n  size: { maxFile: 1MB, severity: warning }\n  distroless: false\n  no-setuid: notice\n'
    )
    const byId = Object.fromEntries(policy.rules.map((rule) => [rule.id, rule]))
    expect(Object.keys(byId)).toEqual([
      'size',
      'no-shell',
      'no-package-manager',
      'no-packed-executable',
      'no-setuid'
    ])
    expect(byId.size.options).toEqual({ maxFile: '1MB' })
    expect(byId.size.severity).toBe('warning')
    expect(byId.size.location).toEqual({ file: 'policy.yml', line: 4, column: 3 })
    expect(byId['no-shell'].location.file).toBe('policies/default.yml')
    expect(byId['no-setuid'].severity).toBe('notice')
  })

  it('changes only what a later file writes: a severity keeps the options, options keep the severity', async () => {
    const dir = tempDir()
    writeFileSync(
      path.join(dir, 'base.yml'),
      'version: 1\nrules:\n  no-secrets: { severity: warning, allow: ["/app/**"] }\n'
    )
    writeFileSync(
      path.join(dir, 'team.yml'),
      'version: 1\nextends: [default, ./base.yml]\nrules:\n  size: notice\n  no-secrets: { allow: ["/srv/**"] }\n  no-shell: true\n'
    )
    const policy = await loadPolicy(path.join(dir, 'team.yml'))
    const byId = Object.fromEntries(policy.rules.map((rule) => [rule.id, rule]))
    expect([byId.size.severity, byId.size.options]).toEqual(['notice', { max: '500MB' }])
    expect([byId['no-secrets'].severity, byId['no-secrets'].options]).toEqual([
      'warning',
      { allow: ['/srv/**'] }
    ])
    expect(byId['no-shell'].location).toEqual({ file: path.join(dir, 'team.yml'), line: 6, column: 3 })
  })

  it('reports a rule left without required options at the last place that names it', async () => {
    await expect(loadPolicyText('version: 1\nrules:\n  required-labels: warning\n')).rejects.toThrow(
      'policy.yml:3:3: rules.required-labels: required-labels needs a list of label names'
    )
  })

  it('checks the options of a rule a later file turns off', async () => {
    const dir = tempDir()
    writeFileSync(
      path.join(dir, 'base.yml'),
      'version: 1\nrules:\n  no-setuid: { allow: ["relative/glob"] }\n'
    )
    writeFileSync(path.join(dir, 'a.yml'), 'version: 1\nextends: ./base.yml\nrules:\n  no-setuid: false\n')
    await expect(loadPolicy(path.join(dir, 'a.yml'))).rejects.toThrow(
      `${path.join(dir, 'base.yml')}:3:24: rules.no-setuid.allow[0]:`
    )
  })

  it('resolves relative extends against the including file and accumulates waivers', async () => {
    const dir = tempDir()
    writeFileSync(
      path.join(dir, 'base.yml'),
      'version: 1\nrules:\n  no-shell: warning\nwaivers:\n  - rule: no-shell\n    reason: base\n    expires: 2030-01-01\n'
    )
    writeFileSync(
      path.join(dir, 'team.yml'),
      'version: 1\nextends: ./base.yml\nwaivers:\n  - rule: size\n    reason: team\n    expires: 2030-01-01\n'
    )
    const policy = await loadPolicy(path.join(dir, 'team.yml'))
    expect(policy.rules.map((rule) => [rule.id, rule.severity])).toEqual([['no-shell', 'warning']])
    expect(policy.waivers.map((waiver) => [waiver.reason, waiver.location])).toEqual([
      ['base', { file: path.join(dir, 'base.yml'), line: 5, column: 5 }],
      ['team', { file: path.join(dir, 'team.yml'), line: 4, column: 5 }]
    ])
  })

  it('reports a cycle at the extends entry that closes it', async () => {
    const dir = tempDir()
    writeFileSync(path.join(dir, 'a.yml'), 'version: 1\nextends: [./b.yml]\n')
    writeFileSync(path.join(dir, 'b.yml'), 'version: 1\nextends:\n  - default\n  - ./a.yml\n')
    await expect(loadPolicy(path.join(dir, 'a.yml'))).rejects.toThrow(
      `${path.join(dir, 'b.yml')}:4:5: extends: "./a.yml" extends itself (cycle)`
    )
  })

  it('reports a missing base file at the extends entry', async () => {
    const dir = tempDir()
    writeFileSync(path.join(dir, 'a.yml'), 'version: 1\nextends: [./missing.yml]\n')
    await expect(loadPolicy(path.join(dir, 'a.yml'))).rejects.toThrow(
      `${path.join(dir, 'a.yml')}:2:11: extends: cannot read policy ${path.join(dir, 'missing.yml')}: no such file`
    )
  })

  it('reports errors inside a base file with the base file’s position', async () => {
    const dir = tempDir()
    writeFileSync(path.join(dir, 'base.yml'), 'version: 1\nrules:\n  no-shell: maybe\n')
    writeFileSync(path.join(dir, 'a.yml'), 'version: 1\nextends: [./base.yml]\n')
    await expect(loadPolicy(path.join(dir, 'a.yml'))).rejects.toThrow(
      `${path.join(dir, 'base.yml')}:3:13: rules.no-shell:`
    )
  })

  it('records where each waiver is written', async () => {
    const policy = await loadPolicyText(
      'version: 1\nrules: { no-shell: true }\nwaivers:\n  - rule: no-shell\n    path: /busybox/**\n    reason: debug variant\n    expires: 2027-03-31\n'
    )
    expect(policy.waivers[0]).toMatchObject({
      rule: 'no-shell',
      reason: 'debug variant',
      expires: '2027-03-31',
      location: { line: 4, column: 5 }
    })
    expect(policy.waivers[0].path?.matches('/busybox/sh')).toBe(true)
    expect(policy.waivers[0].expiresAt.toISOString()).toBe('2027-03-31T23:59:59.999Z')
  })
})

/** An entry point of dist/ with every chunk it imports, statically or dynamically (rollup splits the code). */
function bundleText(entry: string, seen = new Set<string>()): string {
  if (seen.has(entry)) return ''
  seen.add(entry)
  const text = readFileSync(entry, 'utf8')
  // Rollup writes `import … from './chunk-x.js';` at the start of a line and `await import('./chunk-x.js')`.
  const imports = /^import (?:[^;]* from )?'(\.\/[^']+\.js)';$|await import\('(\.\/[^']+\.js)'\)/gm
  const chunks = [...text.matchAll(imports)].map((match) => match[1] ?? match[2])
  return [text, ...chunks.map((chunk) => bundleText(path.resolve(path.dirname(entry), chunk), seen))].join(
    '\n'
  )
}

describe('a policy that enables no rule', () => {
  // "No violations of 0 rules. PASS" is a gate that checks nothing: refused unless the file says so.
  it.each([
    ['version alone', 'version: 1\n', 'p.yml:1:1'],
    ['every rule commented out', 'version: 1\nrules:\n#  no-shell: true\n', 'p.yml:2:1'],
    ['every rule turned off', 'version: 1\nrules: { no-shell: false }\n', 'p.yml:2:1'],
    [
      'a base whose rules it turns off',
      'version: 1\nextends: default\nrules:\n  size: false\n  no-shell: false\n  no-package-manager: false\n  distroless: false\n  no-packed-executable: false\n',
      'p.yml:3:1'
    ]
  ])('is refused: %s', async (_name, text, place) => {
    await expect(loadPolicyText(text, 'p.yml')).rejects.toThrow(
      new RegExp(
        `^${place}: the policy enables no rule, so it would check nothing and pass every image: .*"allowNoRules: true"`
      )
    )
  })

  it('runs when the file says allowNoRules: true (and a base saying so is not enough)', async () => {
    const policy = await loadPolicyText('version: 1\nallowNoRules: true\n', 'p.yml')
    expect(policy.rules).toEqual([])
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-'))
    writeFileSync(path.join(dir, 'nothing.yml'), 'version: 1\nallowNoRules: true\n')
    await expect(
      loadPolicyText('version: 1\nextends: ./nothing.yml\n', path.join(dir, 'p.yml'))
    ).rejects.toThrow(/enables no rule/)
  })

  it('allowNoRules must be true or false', async () => {
    await expect(loadPolicyText('version: 1\nallowNoRules: yes\n', 'p.yml')).rejects.toThrow(
      /^p\.yml:2:15: allowNoRules: must be true or false \(got text "yes"\)$/
    )
  })
})
