// The action end to end, as the GitHub runner runs it: `node dist/index.js` with INPUT_* variables,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, workflow commands on stdout, against a real engine.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync, readFileSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { buildFixture, docker, removeImages, saveImage, uniqueTag } from './support/docker.js'
import { lineOf } from './support/dockerfile-lines.js'
import { describeE2E, dockerHost } from './support/engine.js'
import { fakePrivateKey } from '../../__fixtures__/fake-secret.js'
import { actionYml, distAction, repoRoot } from './support/paths.js'
import { runAction, type ActionRun } from './support/run-action.js'
import { annotations } from './support/workflow-commands.js'
import { renderedText } from '../helpers/markdown.js'
import type { JsonReport } from '../../src/report/json.js'

const dockerfileRel = '__fixtures__/e2e/violating/Dockerfile'
const targetRel = '__fixtures__/e2e/target/Dockerfile'
const passingRel = '__fixtures__/e2e/passing/Dockerfile'
const targetDockerfile = path.join(repoRoot, targetRel)
const passingDockerfile = path.join(repoRoot, passingRel)
const policyRel = '__fixtures__/e2e/violating/policy.yml'
const dockerfile = path.join(repoRoot, dockerfileRel)
const policyFile = path.join(repoRoot, policyRel)

/** The annotation's file as the runner would resolve it against the workspace. */
function annotationFile(props: Record<string, string>): string | undefined {
  return props.file === undefined ? undefined : path.resolve(repoRoot, props.file)
}

function hasStackTrace(text: string): boolean {
  return /^\s+at .+:\d+:\d+\)?$/m.test(text)
}

describeE2E('the action run by Node 24 as the runner runs it', [distAction, actionYml], () => {
  const violating = uniqueTag('violating')
  const passing = uniqueTag('passing')
  const whole = uniqueTag('target-whole')
  const firstStage = uniqueTag('target-build')
  let work: string
  let engineSize: number

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'ipg-e2e-action-'))
    for (const context of [
      await buildFixture('violating', violating, { id_rsa: fakePrivateKey() }),
      await buildFixture('passing', passing),
      await buildFixture('target', whole),
      await buildFixture('target', firstStage, {}, { target: 'build' })
    ])
      await rm(context, { recursive: true, force: true })
    // The `size` output is the image size as `docker image ls` shows it.
    engineSize = Number((await docker(['image', 'inspect', '--format', '{{.Size}}', violating])).trim())
  }, 600_000)

  afterAll(async () => {
    await removeImages([violating, passing, whole, firstStage])
    if (work) await rm(work, { recursive: true, force: true })
  })

  describe('on an image that breaks the policy', () => {
    let run: ActionRun
    const sarifPath = () => path.join(work, 'results.sarif')

    beforeAll(async () => {
      run = await runAction({
        workDir: work,
        inputs: { image: violating, dockerfile: dockerfileRel, policy: policyRel, sarif: sarifPath() },
        env: { DOCKER_HOST: dockerHost }
      })
    }, 300_000)

    it('fails the step with exit code 1 and says why', () => {
      expect(run.exitCode).toBe(1)
      expect(run.outputs.result).toBe('fail')
      expect(hasStackTrace(run.stdout + run.stderr)).toBe(false)
    })

    it('annotates the RUN that left a shell, on its Dockerfile line', () => {
      const shell = annotations(run.commands).filter(
        (a) => a.command === 'error' && /toolbox/.test(a.message)
      )
      expect(shell.length).toBeGreaterThanOrEqual(1)
      expect(annotationFile(shell[0].properties)).toBe(dockerfile)
      expect(Number(shell[0].properties.line)).toBe(lineOf(dockerfile, 'RUN cp /bin/busybox'))
      expect(shell[0].properties.title ?? '').not.toBe('')
    })

    it('says how to fix each, at the step of the build that caused it', () => {
      const shell = annotations(run.commands).find((a) => a.command === 'error' && /toolbox/.test(a.message))
      // The engine built it: BusyBox copied under another name by a RUN, the key by a COPY.
      expect(shell?.message).toMatch(
        /\nFix: Remove \/usr\/local\/bin\/toolbox \(BusyBox under another name: [^)]*\)\. It is added by \S*Dockerfile:\d+ \(RUN cp \/bin\/busybox /
      )
      const report = JSON.parse(readFileSync(run.outputs.report, 'utf8')) as JsonReport
      const key = report.violations.find((v) => v.rule === 'no-secrets' && v.path === '/srv/.ssh/id_rsa')
      expect(key?.fix).toMatch(
        /^Rotate this credential and rebuild without \/srv\/\.ssh\/id_rsa: it ships in layer \d+/
      )
      expect(key?.fix).toMatch(
        /It is copied by \S*Dockerfile:\d+ \(COPY id_rsa \/srv\/\.ssh\/id_rsa\): keep it out of that COPY/
      )
      expect(key?.waiver).toMatch(
        /^- \{ rule: no-secrets, path: "\/srv\/\.ssh\/id_rsa", reason: "TODO: .*", expires: \d{4}-\d\d-\d\d \}$/
      )
      expect(report.violations.every((v) => v.fix.trim() !== '')).toBe(true)
    })

    it('annotates the COPY that added a private key, on its Dockerfile line', () => {
      const secret = annotations(run.commands).filter(
        (a) => a.command === 'error' && /id_rsa/.test(a.message)
      )
      expect(secret.length).toBeGreaterThanOrEqual(1)
      expect(annotationFile(secret[0].properties)).toBe(dockerfile)
      expect(Number(secret[0].properties.line)).toBe(lineOf(dockerfile, 'COPY id_rsa'))
      // The key's content must never reach the log.
      expect(run.stdout).not.toContain(fakePrivateKey().split('\n')[1])
    })

    it('reports a root user as a warning placed on a real line', () => {
      const root = annotations(run.commands).filter((a) => a.command === 'warning' && /root/i.test(a.message))
      expect(root.length).toBeGreaterThanOrEqual(1)
      const file = annotationFile(root[0].properties)
      expect([dockerfile, policyFile]).toContain(file)
      // On the policy file, the rule's own line; on the Dockerfile, one of its lines.
      const line = Number(root[0].properties.line)
      expect(line).toBeGreaterThan(0)
      const expected = file === policyFile ? lineOf(policyFile, 'non-root-user:') : line
      expect(line).toBe(expected)
    })

    it('sets the outputs: counts, size, report and sarif paths', () => {
      const { outputs } = run
      expect(Number(outputs.errors)).toBeGreaterThanOrEqual(2)
      expect(Number(outputs.warnings)).toBeGreaterThanOrEqual(1)
      expect(Number(outputs.violations)).toBeGreaterThanOrEqual(
        Number(outputs.errors) + Number(outputs.warnings)
      )
      expect(Number(outputs.size)).toBe(engineSize)
      expect(existsSync(outputs.report)).toBe(true)
      expect(path.resolve(repoRoot, outputs.sarif)).toBe(sarifPath())
    })

    it('writes a JSON report in the CLI shape that agrees with the outputs', () => {
      const report = JSON.parse(readFileSync(run.outputs.report, 'utf8')) as {
        image: { size: number; user: string }
        violations: { rule: string; severity: string; path?: string }[]
        summary: { result: string; errors: number; warnings: number; violations: number }
      }
      expect(report.summary.result).toBe('fail')
      expect(report.summary.errors).toBe(Number(run.outputs.errors))
      expect(report.summary.warnings).toBe(Number(run.outputs.warnings))
      expect(report.violations).toHaveLength(Number(run.outputs.violations))
      expect(report.image.size).toBe(Number(run.outputs.size))
      expect(
        report.violations.some((v) => v.rule === 'no-shell' && v.path === '/usr/local/bin/toolbox')
      ).toBe(true)
      expect(report.violations.some((v) => v.rule === 'no-secrets' && v.path === '/srv/.ssh/id_rsa')).toBe(
        true
      )
      // apk was removed in the same RUN: no package manager is left.
      expect(report.violations.some((v) => v.rule === 'no-package-manager')).toBe(false)
    })

    it('writes SARIF 2.1.0 with rule descriptors and results in the Dockerfile', () => {
      const sarif = JSON.parse(readFileSync(sarifPath(), 'utf8')) as {
        version: string
        runs: {
          tool: { driver: { rules?: { id: string }[] } }
          results: {
            ruleId: string
            locations?: {
              physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } }
            }[]
          }[]
        }[]
      }
      expect(sarif.version).toBe('2.1.0')
      const [sarifRun] = sarif.runs
      const ruleIds = (sarifRun.tool.driver.rules ?? []).map((r) => r.id)
      expect(ruleIds).toEqual(expect.arrayContaining(['no-shell', 'no-secrets']))
      const shell = sarifRun.results.find((r) => r.ruleId === 'no-shell')
      const location = shell?.locations?.[0]?.physicalLocation
      expect(location?.artifactLocation?.uri).toBe(dockerfileRel)
      expect(location?.region?.startLine).toBe(lineOf(dockerfile, 'RUN cp /bin/busybox'))
    })

    it('writes a job summary with the verdict, the image facts and the violations', () => {
      expect(renderedText(run.summary)).toMatch(/fail/i)
      expect(renderedText(run.summary)).toContain(violating)
      // The OS comes from the image's own os-release, whatever rules the policy enables.
      expect(renderedText(run.summary)).toContain('Alpine Linux')
      expect(renderedText(run.summary)).toContain('no-shell')
      expect(renderedText(run.summary)).toContain('no-secrets')
      expect(renderedText(run.summary)).toContain('/usr/local/bin/toolbox')
    })
  })

  it('gates an existing `archive` without an engine, annotating policy lines when no Dockerfile is given', async () => {
    const archive = path.join(work, 'violating.tar')
    await saveImage(violating, archive)
    const run = await runAction({
      workDir: work,
      inputs: { archive, policy: policyRel },
      // No engine is needed to read an archive.
      env: { DOCKER_HOST: 'unix:///nonexistent/ipg-e2e.sock' }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).toBe('fail')
    const errors = annotations(run.commands).filter((a) => a.command === 'error')
    const shell = errors.find((a) => /toolbox/.test(a.message))
    const secret = errors.find((a) => /id_rsa/.test(a.message))
    expect(shell && annotationFile(shell.properties)).toBe(policyFile)
    expect(Number(shell?.properties.line)).toBe(lineOf(policyFile, 'no-shell:'))
    expect(secret && annotationFile(secret.properties)).toBe(policyFile)
    expect(Number(secret?.properties.line)).toBe(lineOf(policyFile, 'no-secrets:'))
  }, 300_000)

  describe('Dockerfile matching (issue 13 §3)', () => {
    const onDockerfile = (run: ActionRun, file: string) =>
      annotations(run.commands).filter((a) => annotationFile(a.properties) === file)

    it('a Dockerfile the image was not built from: one warning on it, no violation placed on its lines', async () => {
      const run = await runAction({
        workDir: work,
        inputs: { image: violating, dockerfile: passingRel, policy: policyRel },
        env: { DOCKER_HOST: dockerHost }
      })
      expect(run.exitCode).toBe(1)
      const placed = onDockerfile(run, passingDockerfile)
      expect(placed).toHaveLength(1)
      expect(placed[0].command).toBe('warning')
      expect(placed[0].message.startsWith(`${passingRel} does not match the image's history (`)).toBe(true)
      expect(placed[0].message).toMatch(/\(line \d+ COPY config\.json \/app\/config\.json is not in it\)/)
      expect(Number(placed[0].properties.line)).toBe(lineOf(passingDockerfile, 'FROM '))
      // The violations stay on the policy file, and the log says the mismatch in the text report.
      const shell = annotations(run.commands).find((a) => a.command === 'error' && /toolbox/.test(a.message))
      expect(shell && annotationFile(shell.properties)).toBe(policyFile)
      expect(run.stdout).toMatch(/^Dockerfile: .* does not match the image's history/m)
      const report = JSON.parse(readFileSync(run.outputs.report, 'utf8')) as JsonReport
      expect(report.violations.filter((v) => v.dockerfile !== undefined)).toEqual([])
    }, 300_000)

    it('the whole build: the BusyBox copied from the build stage is placed on the COPY --from line', async () => {
      const run = await runAction({
        workDir: work,
        inputs: { image: whole, dockerfile: targetRel, 'fail-on': 'never' },
        env: { DOCKER_HOST: dockerHost }
      })
      const shell = annotations(run.commands).find(
        (a) => a.properties.title === 'no-shell' && /\/app\/tool/.test(a.message)
      )
      expect(shell && annotationFile(shell.properties)).toBe(targetDockerfile)
      expect(Number(shell?.properties.line)).toBe(lineOf(targetDockerfile, 'COPY --from=build'))
      expect(shell?.message).toContain('Introduced by: COPY --from=build /out/tool /app/tool')
      expect(
        onDockerfile(run, targetDockerfile).some(
          (a) => a.command === 'warning' && /does not match/.test(a.message)
        )
      ).toBe(false)
    }, 300_000)

    it("--target build: Alpine's apk on the build stage's FROM, the copy on its RUN, none on the distroless stage", async () => {
      const run = await runAction({
        workDir: work,
        inputs: { image: firstStage, dockerfile: targetRel, 'fail-on': 'never' },
        env: { DOCKER_HOST: dockerHost }
      })
      const errors = annotations(run.commands).filter((a) => a.command === 'error')
      const apk = errors.find(
        (a) => a.properties.title === 'no-package-manager' && /\/sbin\/apk/.test(a.message)
      )
      expect(apk && annotationFile(apk.properties)).toBe(targetDockerfile)
      expect(Number(apk?.properties.line)).toBe(lineOf(targetDockerfile, 'FROM alpine:3.20 AS build'))
      const report = JSON.parse(readFileSync(run.outputs.report, 'utf8')) as JsonReport
      const tool = report.violations.find((v) => v.path === '/out/tool')
      expect(tool?.dockerfile).toEqual({
        file: targetRel,
        line: lineOf(targetDockerfile, 'RUN mkdir'),
        instruction: 'RUN mkdir -p /out && cp /bin/busybox /out/tool'
      })
      const lastStage = lineOf(targetDockerfile, 'FROM distroless')
      expect(report.violations.some((v) => (v.dockerfile?.line ?? 0) >= lastStage)).toBe(false)
    }, 300_000)
  })

  it('passes a distroless app running as 65532 under the bundled default policy', async () => {
    const run = await runAction({
      workDir: work,
      inputs: { image: passing },
      env: { DOCKER_HOST: dockerHost }
    })
    expect(annotations(run.commands).filter((a) => a.command === 'error')).toEqual([])
    expect(run.outputs.result).toBe('pass')
    expect(run.outputs.errors).toBe('0')
    expect(run.exitCode).toBe(0)
    expect(renderedText(run.summary)).toMatch(/pass/i)
  }, 300_000)

  it('fails clearly, never passes, when the image does not exist', async () => {
    const missing = `ipg-e2e/does-not-exist:${process.pid}`
    const run = await runAction({
      workDir: work,
      inputs: { image: missing },
      env: { DOCKER_HOST: dockerHost }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).not.toBe('pass')
    const errors = annotations(run.commands).filter((a) => a.command === 'error')
    expect(errors.length).toBeGreaterThanOrEqual(1)
    expect(errors.map((e) => e.message).join('\n')).toContain(missing)
    expect(hasStackTrace(run.stdout + run.stderr)).toBe(false)
  }, 300_000)

  it('fails clearly when DOCKER_HOST points at a dead socket', async () => {
    const dead = `unix://${path.join(os.tmpdir(), `ipg-e2e-dead-${process.pid}.sock`)}`
    const run = await runAction({
      workDir: work,
      inputs: { image: passing },
      env: { DOCKER_HOST: dead }
    })
    expect(run.exitCode).toBe(1)
    expect(run.outputs.result).not.toBe('pass')
    const errors = annotations(run.commands).filter((a) => a.command === 'error')
    expect(errors.length).toBeGreaterThanOrEqual(1)
    expect(errors.map((e) => e.message).join('\n')).toMatch(/docker/i)
    expect(errors.map((e) => e.message).join('\n')).toMatch(/daemon|connect|socket|running/i)
    expect(hasStackTrace(run.stdout + run.stderr)).toBe(false)
  }, 300_000)
})
