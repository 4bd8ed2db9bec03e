// captureFor keeps only what enabled rules read: the reader's speed depends on it.
import { describe, expect, it } from '@jest/globals'
import { captureFor, loadPolicy, loadPolicyText } from '../../src/policy/index.js'

describe('captureFor', () => {
  it('keeps nothing for rules that read no file content', async () => {
    const capture = captureFor(
      await loadPolicyText(
        'version: 1\nrules:\n  no-shell: true\n  no-package-manager: true\n  size: { max: 1GB }\n'
      )
    )
    for (const path of ['/etc/os-release', '/etc/passwd', '/bin/busybox', '/root/.ssh/id_rsa'])
      expect(capture(path, 1000)).toBe(0)
  })

  it('keeps os-release for distroless (the default policy), and nothing else', async () => {
    const capture = captureFor(await loadPolicy())
    expect(capture('/usr/lib/os-release', 300)).toBeGreaterThan(0)
    expect(capture('/etc/os-release', 300)).toBeGreaterThan(0)
    for (const path of ['/etc/passwd', '/bin/busybox', '/usr/lib/libc.so.6', '/app/.env'])
      expect(capture(path, 1000)).toBe(0)
  })

  it('keeps /etc/passwd for non-root-user and candidate secrets for no-secrets', async () => {
    const capture = captureFor(await loadPolicy('strict'))
    expect(capture('/etc/passwd', 2000)).toBeGreaterThanOrEqual(2000)
    expect(capture('/root/.ssh/id_ed25519', 400)).toBeGreaterThanOrEqual(400)
    expect(capture('/etc/ssl/private/server.key', 2000)).toBeGreaterThanOrEqual(2000)
    expect(capture('/app/.npmrc', 100)).toBeGreaterThanOrEqual(100)
    expect(capture('/home/u/.aws/credentials', 100)).toBeGreaterThanOrEqual(100)
    for (const path of [
      '/bin/busybox',
      '/etc/group',
      '/usr/share/zoneinfo/UTC',
      '/app/.env',
      '/etc/ssl/certs/ca-certificates.crt',
      '/app/package.json'
    ]) {
      expect(capture(path, 5000)).toBe(0)
    }
  })
})
