// Every rule of the registry gives its own fix on a violation: a new rule without a case here, or whose
// findings carry no fix, fails this file. The cases are the smallest images that violate each rule.
import { describe, expect, it } from '@jest/globals'
import { RULE_MODULES } from '../../src/policy/registry.js'
import type { Image } from '../../src/image/types.js'
import { buildJsonReport } from '../../src/report/json.js'
import { makeInput } from '../../__fixtures__/report.js'
import {
  dir,
  executable,
  file,
  imageFromLayers,
  makeImage,
  multiCall,
  symlink,
  whiteout
} from '../../__fixtures__/image.js'
import { check } from '../../__fixtures__/policy.js'

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n'

const alpineLike = () =>
  imageFromLayers([
    [
      dir('/bin'),
      multiCall('/bin/busybox', ['sh', 'ash', 'ls']),
      symlink('/bin/sh', '/bin/busybox'),
      dir('/sbin'),
      executable('/sbin/apk'),
      dir('/etc'),
      file('/etc/os-release', 'ID=alpine\nPRETTY_NAME="Alpine Linux v3.20"\n')
    ]
  ])

/** Per rule id: a policy (under `rules:`) and an image that violates it. */
const VIOLATING: Record<string, { rules: string; image: () => Image }> = {
  size: {
    rules: 'size: { max: 10B, maxLayers: 1, maxLayer: 10B, maxFile: 10B, maxWasted: 10B }',
    image: () =>
      imageFromLayers([
        [dir('/app'), file('/app/big', 'x'.repeat(100)), file('/app/tmp', 'y'.repeat(50))],
        [whiteout('/app/tmp')]
      ])
  },
  'no-shell': { rules: 'no-shell: true', image: alpineLike },
  'no-package-manager': { rules: 'no-package-manager: true', image: alpineLike },
  distroless: { rules: 'distroless: true', image: alpineLike },
  'no-packed-executable': {
    rules: 'no-packed-executable: true',
    image: () =>
      imageFromLayers([
        [
          dir('/app'),
          executable('/app/server', { exec: { format: 'elf', packed: { packer: 'UPX', evidence: 'UPX!' } } })
        ]
      ])
  },
  'no-setuid': {
    rules: 'no-setuid: true',
    image: () =>
      imageFromLayers([[dir('/usr'), dir('/usr/bin'), executable('/usr/bin/passwd', { mode: 0o4755 })]])
  },
  'non-root-user': { rules: 'non-root-user: true', image: alpineLike },
  'no-secrets': {
    rules: 'no-secrets: true',
    image: () =>
      imageFromLayers([
        [dir('/root'), dir('/root/.ssh'), file('/root/.ssh/id_ed25519', KEY)],
        [whiteout('/root/.ssh/id_ed25519')]
      ])
  },
  'forbidden-paths': { rules: 'forbidden-paths: ["/sbin/**"]', image: alpineLike },
  'required-paths': {
    rules: 'required-paths: ["/etc/ssl/certs/ca-certificates.crt", "/app/**"]',
    image: alpineLike
  },
  'required-labels': { rules: 'required-labels: ["org.opencontainers.image.source"]', image: alpineLike },
  'no-capabilities': {
    rules: 'no-capabilities: true',
    image: () =>
      imageFromLayers([
        [
          dir('/app'),
          executable('/app/server', {
            capability: Buffer.from('0100000200240000000000000000000000000000', 'hex')
          })
        ]
      ])
  },
  'no-world-writable': {
    rules: 'no-world-writable: true',
    image: () => imageFromLayers([[dir('/data', { mode: 0o777 }), file('/data/x', '', { mode: 0o666 })]])
  },
  'exposed-ports': {
    rules: 'exposed-ports: { allow: [8080], deny: [22] }',
    image: () => imageFromLayers([[]], { exposedPorts: ['22/tcp', '9000/tcp'] })
  },
  healthcheck: { rules: 'healthcheck: true', image: alpineLike },
  'no-env-secrets': {
    rules: 'no-env-secrets: true',
    image: () =>
      makeImage({
        layers: [{ createdBy: '|1 DEPLOY_TOKEN=d3pl0y-v4lue /bin/sh -c make', entries: [] }]
      })
  },
  attestations: {
    rules: 'attestations: [provenance, sbom]',
    image: () => {
      const image = alpineLike()
      image.attestations = { carried: true, statements: [], problems: [] }
      return image
    }
  }
}

describe('every rule gives a fix', () => {
  it.each(RULE_MODULES.map((rule) => rule.doc.id))('%s: each violation carries its own fix', async (id) => {
    const testCase = VIOLATING[id] as (typeof VIOLATING)[string] | undefined
    // A rule added to the registry needs a violating case above, and findings with `fix`.
    expect(testCase).toBeDefined()
    if (!testCase) return
    const image = testCase.image()
    const evaluation = await check(image, `rules:\n  ${testCase.rules.replace(/\n/g, '\n  ')}\n`)
    const mine = evaluation.violations.filter((violation) => violation.rule === id)
    expect(mine.length).toBeGreaterThan(0)
    for (const violation of mine) {
      expect(violation.fix?.text.trim()).toBeTruthy()
      // Short: a sentence or two, not a page.
      expect(violation.fix?.text.length).toBeLessThan(400)
      // Specific: it names what it concerns.
      expect(violation.fix?.text).toContain(violation.path ?? violation.label ?? '')
    }
    const report = buildJsonReport(
      makeInput(mine, { image, evaluation: { ...evaluation, violations: mine } })
    )
    for (const violation of report.violations) {
      expect(violation.fix).not.toContain('docs/rules/')
      expect(violation.waiver).toMatch(new RegExp(`^- \\{ rule: ${id}, .*expires: 2026-07-01 \\}$`))
    }
  })

  it('an expired waiver says where it is and offers a new date', async () => {
    const evaluation = await check(
      alpineLike(),
      'rules:\n  no-shell: true\nwaivers:\n  - { rule: no-shell, reason: T-1, expires: 2026-01-01 }\n'
    )
    const expired = evaluation.violations.find((violation) => violation.rule === 'expired-waiver')
    expect(expired?.fix?.text).toBe(
      'Fix what it waived and delete the waiver at test-policy.yml:5, or, after a review, renew it: expires: 2026-07-01.'
    )
  })
})
