// Fixes and locations on an image a real engine built from a Dockerfile (legacy builder): exposed ports
// placed on the EXPOSE that exposes them, or on the FROM line when the base image's config does; a
// secret deleted by a later RUN named with that RUN's line; no fix nests parentheses around a line.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { docker, removeImages, uniqueTag } from './support/docker.js'
import { lineOf } from './support/dockerfile-lines.js'
import { describeE2E } from './support/engine.js'
import { runCli } from './support/cli.js'
import { distCli, repoRoot } from './support/paths.js'
import { fakePrivateKey } from '../../__fixtures__/fake-secret.js'

interface JsonViolation {
  rule: string
  subject?: string
  path?: string
  dockerfile?: { file: string; line: number; instruction: string }
  fix: string
}

interface SarifResult {
  ruleId: string
  message: { text: string }
  locations?: { physicalLocation: { artifactLocation: { uri: string }; region?: { startLine: number } } }[]
}

// In the repository: SARIF results sit on its files.
const dockerfileRel = '__fixtures__/e2e/exposing/Dockerfile'
const dockerfile = path.join(repoRoot, dockerfileRel)

describeE2E('fixes and locations from a Dockerfile the engine built', [distCli, dockerfile], () => {
  const baseTag = uniqueTag('exposing-base')
  const appTag = uniqueTag('exposing-app')
  let work: string
  let violations: JsonViolation[] = []
  let results: SarifResult[] = []
  let text = ''

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'ipg-e2e-fixes-'))
    const base = path.join(work, 'base')
    const app = path.join(work, 'app')
    await mkdir(base)
    await mkdir(app)
    // The base image's config exposes 22: nothing in the app's Dockerfile does.
    await writeFile(path.join(base, 'Dockerfile'), 'FROM alpine:3.20\nEXPOSE 22\n')
    await docker(['build', '--network', 'none', '--quiet', '-t', baseTag, base])
    await writeFile(path.join(app, 'id_rsa'), fakePrivateKey())
    await docker([
      'build',
      '--network',
      'none',
      '--quiet',
      '--build-arg',
      `BASE=${baseTag}`,
      '-f',
      dockerfile,
      '-t',
      appTag,
      app
    ])
    const policy = path.join(work, 'policy.yml')
    await writeFile(
      policy,
      'version: 1\nrules:\n  exposed-ports: { deny: [22, 23] }\n  no-secrets: true\n  no-shell: true\n'
    )
    const args = ['check', '--image', appTag, '--dockerfile', dockerfileRel, '--policy', policy]
    const json = await runCli([...args, '--format', 'json'])
    if (json.exitCode !== 1) throw new Error(`check exited ${json.exitCode}: ${json.stderr}`)
    if (json.stdout === '') throw new Error(`no JSON: ${json.stderr}`)
    violations = (JSON.parse(json.stdout) as { violations: JsonViolation[] }).violations
    const sarif = await runCli([...args, '--format', 'sarif'])
    if (sarif.stdout === '') throw new Error(`no SARIF (${sarif.exitCode}): ${sarif.stderr}`)
    results = (JSON.parse(sarif.stdout) as { runs: { results: SarifResult[] }[] }).runs[0].results
    text = (await runCli(args)).stdout
  }, 600_000)

  afterAll(async () => {
    await removeImages([appTag, baseTag])
    if (work) await rm(work, { recursive: true, force: true })
  })

  it('places a port on the EXPOSE that exposes it, and one from the base image on the FROM line', () => {
    const ports = violations.filter((v) => v.rule === 'exposed-ports')
    expect(ports.map((v) => [v.subject, v.dockerfile?.line])).toEqual([
      ['22/tcp', lineOf(dockerfile, 'FROM ')],
      ['23/tcp', lineOf(dockerfile, 'EXPOSE ')]
    ])
    const from = lineOf(dockerfile, 'FROM ')
    expect(ports[0].fix).toContain(`It comes from the base image, ${dockerfileRel}:${from} (FROM \${BASE}).`)
    expect(ports[1].fix).toContain(
      `It comes from ${dockerfileRel}:${lineOf(dockerfile, 'EXPOSE ')} (EXPOSE 8080 23/tcp).`
    )
    const sarifLines = results
      .filter((r) => r.ruleId === 'exposed-ports')
      .map((r) => r.locations?.[0]?.physicalLocation.region?.startLine)
    expect(sarifLines).toEqual([lineOf(dockerfile, 'FROM '), lineOf(dockerfile, 'EXPOSE ')])
    expect(text).toContain(`at ${dockerfileRel}:${lineOf(dockerfile, 'EXPOSE ')}  EXPOSE 8080 23/tcp`)
  })

  it('names the RUN that deleted a secret by its line, and the COPY that wrote it', () => {
    const secret = violations.find((v) => v.rule === 'no-secrets' && v.path === '/root/.ssh/id_rsa')
    expect(secret?.dockerfile?.line).toBe(lineOf(dockerfile, 'COPY id_rsa'))
    expect(secret?.fix).toContain(
      `It is copied by ${dockerfileRel}:${lineOf(dockerfile, 'COPY ')} (COPY id_rsa /root/.ssh/id_rsa): keep it out of that COPY`
    )
    expect(secret?.fix).toContain(
      `It is deleted by ${dockerfileRel}:${lineOf(dockerfile, 'RUN rm')} (RUN rm /root/.ssh/id_rsa), which leaves it in layer 1.`
    )
  })

  it('writes no fix with parentheses inside parentheses', () => {
    const shell = violations.find((v) => v.rule === 'no-shell')
    expect(shell?.fix).toContain(
      `It comes with the base image, ${dockerfileRel}:${lineOf(dockerfile, 'FROM ')} (FROM \${BASE}). Build`
    )
    for (const violation of violations) expect(violation.fix).not.toMatch(/\([^()\n]*\(/)
  })
})
