// Every rule on every real archive in ../shared/fixtures/images, read by the real reader with the policy's capture.
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { readImage } from '../../src/image/read.js'
import type { Image } from '../../src/image/types.js'
import { captureFor, evaluate, loadPolicyText, type LoadedPolicy } from '../../src/policy/index.js'
import type { Evaluation } from '../../src/policy/types.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
const fixtures = path.resolve(root, '../shared/fixtures/images')
const present = existsSync(fixtures)
if (!present) {
  if (process.env.CI === 'true') throw new Error(`fixtures missing at ${fixtures}; CI must have them`)
  console.warn(`skipping policy fixture tests: ${fixtures} is absent`)
}
const describeFixtures = present ? describe : describe.skip

const EVERYTHING = `
version: 1
rules:
  size: { max: 500MB, maxFile: 50MB, maxWasted: 1MB }
  no-shell: true
  no-package-manager: true
  distroless: true
  no-setuid: true
  non-root-user: true
  no-secrets: true
  forbidden-paths: ["/root/.ssh/**", "**/.git"]
`

type Verdict = Record<string, (string | undefined)[]>

function byRule(evaluation: Evaluation): Verdict {
  const verdict: Verdict = {}
  for (const violation of evaluation.violations) (verdict[violation.rule] ??= []).push(violation.path)
  return verdict
}

const ALPINE: Verdict = {
  'no-shell': ['/bin/busybox'],
  'no-package-manager': ['/sbin/apk'],
  distroless: [undefined],
  'non-root-user': [undefined]
}
const APP_ALPINE: Verdict = {
  'no-shell': ['/bin/busybox'],
  'no-package-manager': ['/sbin/apk'],
  distroless: [undefined]
}

const EXPECTED: Record<string, Verdict> = {
  'alpine-3.20.docker26.tar': ALPINE,
  'alpine-3.20.oci-zstd.tar': ALPINE,
  'app-alpine.docker20.tar': APP_ALPINE,
  'app-alpine.docker26.tar': APP_ALPINE,
  'app-distroless.containerd.tar': {},
  // The official busybox image: hard-linked applets, including dpkg and rpm.
  'busybox-musl.docker20.tar': {
    'no-shell': ['/bin/busybox'],
    'no-package-manager': ['/bin/busybox'],
    distroless: [undefined],
    'non-root-user': [undefined]
  },
  'distroless-static.containerd.tar': { 'non-root-user': [undefined] }
}

describeFixtures('every rule on every fixture archive', () => {
  const images = new Map<string, Promise<Image>>()
  let policy: LoadedPolicy
  const read = async (name: string) => {
    policy ??= await loadPolicyText(EVERYTHING, 'everything.yml')
    if (!images.has(name))
      images.set(
        name,
        readImage({ kind: 'file', path: path.join(fixtures, name) }, { capture: captureFor(policy) })
      )
    return images.get(name)!
  }

  it('knows every fixture archive', () => {
    expect(
      readdirSync(fixtures)
        .filter((name) => name.endsWith('.tar'))
        .sort()
    ).toEqual(Object.keys(EXPECTED).sort())
  })

  it.each(Object.keys(EXPECTED))('%s', async (name) => {
    const evaluation = evaluate(await read(name), policy, { now: new Date('2026-06-01T00:00:00Z') })
    expect(byRule(evaluation)).toEqual(EXPECTED[name])
  })

  it('reports the hard-linked busybox once, naming its shell links', async () => {
    const evaluation = evaluate(await read('busybox-musl.docker20.tar'), policy)
    const shells = evaluation.violations.filter((violation) => violation.rule === 'no-shell')
    expect(shells).toHaveLength(1)
    expect(shells[0].message).toMatch(
      /^BusyBox \S+ multi-call binary providing ash, hush, sh: \/bin\/busybox \(also reached as \/bin\/(ash|hush|sh), /
    )
    expect(shells[0].layer).toBe(0)
  })

  it('names /bin/sh among the symlinks reaching Alpine’s busybox', async () => {
    const image = await read('alpine-3.20.docker26.tar')
    const shell = evaluate(image, policy).violations.find((violation) => violation.rule === 'no-shell')
    expect(shell?.message).toContain('/bin/sh')
    expect(image.fs.namesReaching(image.fs.lstat('/bin/busybox')!.inode)).toContain('/bin/sh')
  })

  it('resolves the app user through the image’s own /etc/passwd', async () => {
    const image = await read('app-alpine.docker26.tar')
    expect(image.config.user).toBe('app')
    expect(image.fs.readFile('/etc/passwd')?.toString()).toMatch(/^app:/m)
  })

  it('identifies the distroless-style base by its os-release, read through the /etc/os-release symlink', async () => {
    const image = await read('distroless-static.containerd.tar')
    expect(image.fs.lstat('/etc/os-release')?.inode.type).toBe('symlink')
    expect(image.fs.readFile('/etc/os-release')?.toString()).toContain('PRETTY_NAME="Distroless"')
  })
})
