// Every policy mistake is one PolicyError line that starts file:line:column: and names the key.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { PolicyError } from '../../src/common/errors.js'
import { loadPolicy, loadPolicyText } from '../../src/policy/index.js'

async function errorOf(text: string, file = 'p.yml'): Promise<string> {
  try {
    await loadPolicyText(text, file)
  } catch (error) {
    expect(error).toBeInstanceOf(PolicyError)
    const message = (error as Error).message
    expect(message).not.toContain('\n')
    // The place in the message is the place the action annotates.
    const place = /^(.*?):(\d+):(\d+): /.exec(message)
    expect((error as PolicyError).location).toEqual(
      place ? { file: place[1], line: Number(place[2]), column: Number(place[3]) } : undefined
    )
    return message
  }
  throw new Error('policy loaded without error')
}

describe('policy errors', () => {
  it.each([
    ['YAML syntax', 'version: 1\nrules:\n  size: { max: 1MB\n', /^p\.yml:\d+:\d+: invalid YAML: /],
    [
      'duplicate key',
      'version: 1\nrules:\n  no-shell: true\n  no-shell: false\n',
      /^p\.yml:4:3: invalid YAML: .*unique/i
    ],
    [
      'unknown rule with a suggestion',
      'version: 1\nrules:\n  no-shel: true\n',
      /^p\.yml:3:3: rules\.no-shel: unknown rule "no-shel" \(did you mean "no-shell"\?\)/
    ],
    [
      'unknown top-level key',
      'version: 1\nrule:\n  no-shell: true\n',
      /^p\.yml:2:1: rule: unknown key "rule" \(did you mean "rules"\?\)/
    ],
    [
      'unknown option with a suggestion',
      'version: 1\nrules:\n  size: { maxi: 1MB }\n',
      /^p\.yml:3:11: rules\.size\.maxi: unknown option "maxi" of rule size \(did you mean "max"\?\)/
    ],
    [
      'wrong type of a rule value',
      'version: 1\nrules:\n  no-shell: yes\n',
      /^p\.yml:3:13: rules\.no-shell: must be true, false, a severity \(error, warning, notice\) or an object of options$/
    ],
    [
      'wrong type of an option',
      'version: 1\nrules:\n  size: { maxLayers: many }\n',
      /^p\.yml:3:22: rules\.size\.maxLayers: must be a whole number \(got text "many"\)$/
    ],
    [
      'a fraction where a whole number goes',
      'version: 1\nrules:\n  size: { maxLayers: 1.5 }\n',
      /^p\.yml:3:22: rules\.size\.maxLayers: must be a whole number \(got 1\.5\)$/
    ],
    [
      'one glob where a list goes',
      'version: 1\nrules:\n  no-shell: { allow: "/busybox/**" }\n',
      /^p\.yml:3:22: rules\.no-shell\.allow: must be a list \(got text "\/busybox\/\*\*"\)$/
    ],
    [
      'one waiver where a list goes',
      'version: 1\nwaivers: { rule: no-shell, reason: r }\n',
      /^p\.yml:2:10: waivers: must be a list \(got a mapping\)$/
    ],
    [
      'a severity cut short as a rule value',
      'version: 1\nrules:\n  no-secrets: warn\n',
      /^p\.yml:3:15: rules\.no-secrets: must be true, false, a severity .* \(did you mean "warning"\?\)$/
    ],
    [
      'bad size unit',
      'version: 1\nrules:\n  size:\n    max: 50mb\n',
      /^p\.yml:4:10: rules\.size\.max: is not a size: .*KiB/
    ],
    [
      'misspelt severity',
      'version: 1\nrules:\n  no-shell: { severity: warn }\n',
      /^p\.yml:3:25: rules\.no-shell\.severity: must be one of error, warning, notice \(did you mean "warning"\?\)$/
    ],
    [
      'bad glob',
      'version: 1\nrules:\n  forbidden-paths: ["/etc/[abc"]\n',
      /^p\.yml:3:21: rules\.forbidden-paths\[0\]: "\/etc\/\[abc" is not a valid glob/
    ],
    [
      'relative glob',
      'version: 1\nrules:\n  no-setuid: { allow: ["*.pem"] }\n',
      /^p\.yml:3:24: rules\.no-setuid\.allow\[0\]: .*did you mean "\*\*\/\*\.pem"/
    ],
    [
      'impossible date',
      'version: 1\nwaivers:\n  - rule: no-shell\n    reason: r\n    expires: 2027-02-30\n',
      /^p\.yml:5:14: waivers\[0\]\.expires: "2027-02-30" is not a calendar date/
    ],
    [
      'date in another format',
      'version: 1\nwaivers:\n  - rule: no-shell\n    reason: r\n    expires: 31/03/2027\n',
      /^p\.yml:5:14: waivers\[0\]\.expires: must be a date written YYYY-MM-DD/
    ],
    [
      'waiver without reason',
      'version: 1\nwaivers:\n  - rule: no-shell\n    expires: 2027-03-31\n',
      /^p\.yml:3:5: waivers\[0\]: missing required key "reason"/
    ],
    [
      'waiver with a blank reason',
      'version: 1\nwaivers:\n  - rule: no-shell\n    reason: "  "\n    expires: 2027-03-31\n',
      /^p\.yml:4:13: waivers\[0\]\.reason: must say why/
    ],
    [
      'waiver for an unknown rule',
      'version: 1\nwaivers:\n  - rule: no-shells\n    reason: r\n    expires: 2027-03-31\n',
      /^p\.yml:3:11: waivers\[0\]\.rule: must be one of .*\(did you mean "no-shell"\?\)/
    ],
    [
      'unknown distroless family',
      'version: 1\nrules:\n  distroless: { allow: [distroless, alpine] }\n',
      /^p\.yml:3:37: rules\.distroless\.allow\[1\]: must be one of distroless, chainguard, chiseled, scratch/
    ],
    [
      'rule with nothing to check',
      'version: 1\nrules:\n  forbidden-paths: true\n',
      /^p\.yml:3:3: rules\.forbidden-paths: forbidden-paths needs a list of globs/
    ],
    ['empty file', '', /^p\.yml:1:1: the policy is empty/],
    ['wrong version', 'version: 2\n', /^p\.yml:1:10: version: must be 1/],
    [
      'unknown bundled policy',
      'version: 1\nextends: [defualt]\n',
      /^p\.yml:2:11: extends: unknown bundled policy "defualt" \(did you mean "default"\?\)/
    ]
  ])('%s', async (_name, text, expected) => {
    expect(await errorOf(text)).toMatch(expected)
  })

  it('rejects a file that is not UTF-8, pointing at the byte', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-'))
    const file = path.join(dir, 'latin1.yml')
    writeFileSync(
      file,
      Buffer.concat([Buffer.from('version: 1\n# caf'), Buffer.from([0xe9]), Buffer.from('\n')])
    )
    await expect(loadPolicy(file)).rejects.toThrow(`${file}:2:6: policy file is not UTF-8 text (byte 0xe9)`)
  })

  it('rejects an enormous file before parsing it', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-'))
    const file = path.join(dir, 'huge.yml')
    writeFileSync(file, `version: 1\n${'#'.repeat(2 * 1024 * 1024)}\n`)
    await expect(loadPolicy(file)).rejects.toThrow(
      new RegExp(`^${file}:1:1: policy file is \\d+ bytes, over the 1048576-byte limit`)
    )
  })

  it('names a missing policy file, with no line and column: there is no such file to point into', async () => {
    await expect(loadPolicy('/nonexistent/policy.yml')).rejects.toThrow(
      /^cannot read policy \/nonexistent\/policy\.yml: no such file or directory$/
    )
  })

  it('suggests the bundled policy a missing file is named like (--policy stric)', async () => {
    await expect(loadPolicy('/work/stric')).rejects.toThrow(
      /^cannot read policy \/work\/stric: no such file or directory, and there is no bundled policy "stric" \(did you mean the bundled "strict"\?\)$/
    )
    await expect(loadPolicy('/work/zzz')).rejects.toThrow(
      /no bundled policy "zzz" \(bundled: default, .*strict\)$/
    )
  })

  it('places a missing base file at the extends entry that names it, and keeps that place', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'policy-'))
    const file = path.join(dir, 'p.yml')
    writeFileSync(file, 'version: 1\nextends:\n  - ./gone.yml\n')
    const error = await loadPolicy(file).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(PolicyError)
    expect((error as PolicyError).message).toBe(
      `${file}:3:5: extends: cannot read policy ${path.join(dir, 'gone.yml')}: no such file or directory`
    )
    expect((error as PolicyError).location).toEqual({ file, line: 3, column: 5 })
  })

  it('resists alias bombs', async () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`
      )
    ].join('\n')
    expect(await errorOf(`${bomb}\n`)).toMatch(/^p\.yml:1:1: invalid YAML: .*alias/i)
  })
})
