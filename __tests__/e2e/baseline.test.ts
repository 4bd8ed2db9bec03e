// The done criterion on a real engine: a pull request that adds one shell to an image whose
// Alpine base already had a shell and a package manager fails only on the new shell, with the report
// of `main` as the baseline (the runner's way: dist/index.js) and with the image `main` built (through
// @github/local-action), whose summary then shows what grew.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import type { JsonReport } from '../../src/report/json.js'
import { renderedText } from '../helpers/markdown.js'
import { buildFixture, removeImages, uniqueTag } from './support/docker.js'
import { describeE2E, dockerHost } from './support/engine.js'
import { localAction, runLocalAction } from './support/local-action.js'
import { actionYml, distAction, repoRoot } from './support/paths.js'
import { runAction } from './support/run-action.js'
import { parseWorkflowCommands } from './support/workflow-commands.js'

const mainTs = path.join(repoRoot, 'src', 'action', 'main.ts')
const policy = '__fixtures__/e2e/baseline/policy.yml'
const dockerfile = '__fixtures__/e2e/baseline/Dockerfile'

describeE2E(
  'a pull request that adds one shell, compared with main',
  [distAction, localAction, mainTs, actionYml],
  () => {
    const mainTag = uniqueTag('baseline-main')
    const prTag = uniqueTag('baseline-pr')
    let work: string
    let mainReport: string

    beforeAll(async () => {
      work = await mkdtemp(path.join(os.tmpdir(), 'ipg-e2e-baseline-'))
      for (const [target, tag] of [
        ['main', mainTag],
        ['pr', prTag]
      ]) {
        const context = await buildFixture('baseline', tag, {}, { target })
        await rm(context, { recursive: true, force: true })
      }
      // On main: the gate never fails, and its report is kept (an artifact or a cache in a workflow).
      const onMain = await runAction({
        inputs: { image: mainTag, policy, 'fail-on': 'never' },
        env: { DOCKER_HOST: dockerHost },
        workDir: work
      })
      if (onMain.exitCode !== 0) throw new Error(`the run on main failed:\n${onMain.stdout.slice(-3000)}`)
      mainReport = path.join(work, 'main-report.json')
      await copyFile(onMain.outputs.report, mainReport)
    }, 600_000)

    afterAll(async () => {
      await removeImages([mainTag, prTag])
      if (work) await rm(work, { recursive: true, force: true })
    })

    it('the runner’s way, with main’s report and new-only: fails on the new shell alone', async () => {
      const run = await runAction({
        inputs: { image: prTag, policy, dockerfile, baseline: mainReport, 'new-only': 'true' },
        env: { DOCKER_HOST: dockerHost },
        workDir: work
      })
      expect(run.exitCode).toBe(1)
      expect(run.outputs.result).toBe('fail')
      const report = JSON.parse(await readFile(run.outputs.report, 'utf8')) as JsonReport
      const fresh = report.violations.filter((v) => v.baseline === 'new')
      expect(fresh.map((v) => [v.rule, v.path])).toEqual([['no-shell', '/usr/local/bin/bash']])
      const existing = report.violations.filter((v) => v.baseline === 'existing').map((v) => [v.rule, v.path])
      expect(existing).toEqual(
        expect.arrayContaining([
          ['no-shell', '/bin/busybox'],
          ['no-package-manager', '/sbin/apk']
        ])
      )
      expect(report.summary.baseline).toMatchObject({ kind: 'report', newOnly: true, new: 1, fixed: [] })
      expect(report.summary.baseline?.size.delta).toBeGreaterThan(500_000)

      // Annotations: one error on the Dockerfile line that added it, the old ones as notices.
      const located = run.commands.filter((c) => c.command === 'error' && c.properties.file)
      expect(located).toHaveLength(1)
      expect(located[0].message).toContain('/usr/local/bin/bash')
      expect(located[0].message).toContain('new since the baseline')
      expect(located[0].properties.file).toBe(dockerfile)
      const notices = run.commands.filter((c) => c.command === 'notice').map((c) => c.message)
      expect(notices.some((m) => m.includes('/sbin/apk') && m.includes('already in the baseline'))).toBe(true)
      const failed = run.commands.filter((c) => c.command === 'error' && !c.properties.file)
      expect(failed.map((c) => c.message)).toEqual([expect.stringContaining('1 new error')])

      const summary = renderedText(run.summary)
      expect(summary).toContain('Compared with the baseline')
      expect(summary).toMatch(/1 new, 2 existing, 0 fixed/)
    }, 300_000)

    it('through @github/local-action, with the image main built: the summary shows what grew', async () => {
      const { stdout, summary: markdown } = await runLocalAction(
        {
          INPUT_IMAGE: prTag,
          INPUT_POLICY: policy,
          INPUT_BASELINE: mainTag,
          'INPUT_NEW-ONLY': 'true'
        },
        work
      )

      const errors = parseWorkflowCommands(stdout).filter((c) => c.command === 'error')
      expect(errors.some((c) => c.message.includes('/usr/local/bin/bash'))).toBe(true)
      expect(errors.some((c) => c.message.includes('/sbin/apk'))).toBe(false)
      const summary = renderedText(markdown)
      expect(summary).toContain('Compared with the baseline')
      expect(summary).toContain('Base image unchanged')
      expect(summary).toMatch(/Largest files added \(1\)/)
      expect(summary).toMatch(/New shells \(1\): \/usr\/local\/bin\/bash/)
    }, 600_000)
  }
)
