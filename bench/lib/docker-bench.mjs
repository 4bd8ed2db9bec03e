// The goal through the action: on a real Docker engine against `docker save IMAGE > /dev/null`. Loads
// bench archives into the engine, then times the three commands round-robin on each image.

import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { acquireEngine, dockerCli } from './docker-engine.mjs'
import { interleavedRuns, runTimed, summarise } from './measure.mjs'

const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`

/** Loads the archive unless the engine already has it under the tag named after its cache key. */
function ensureImage(host, meta, log) {
  const tag = `ipg-bench/${meta.key}:latest`
  if (dockerCli(host, ['image', 'inspect', tag]).ok) {
    log(`docker: ${tag} is already loaded`)
    return { tag, loadSeconds: null }
  }
  log(`docker: loading ${meta.archivePath} (vfs copies every layer: this takes a while)`)
  const started = process.hrtime.bigint()
  const load = dockerCli(host, ['load', '-i', meta.archivePath], { timeoutSeconds: 1800 })
  const loadSeconds = Number(process.hrtime.bigint() - started) / 1e9
  const loaded = /^Loaded image: (.+)$/m.exec(load.stdout)?.[1]
  if (!load.ok || !loaded) throw new Error(`docker load -i ${meta.archivePath} failed: ${load.error}`)
  const tagged = dockerCli(host, ['tag', loaded, tag])
  if (!tagged.ok) throw new Error(`docker tag ${loaded} ${tag} failed: ${tagged.error}`)
  log(`docker: loaded as ${loaded} in ${loadSeconds.toFixed(1)} s, tagged ${tag}`)
  return { tag, loadSeconds }
}

/** The commands, exactly as a workflow step runs them: the runner sets INPUT_* and the GITHUB_* files. */
function dockerCommands(image, context, scratch) {
  const node = quote(context.node)
  const actionEntry = join(dirname(context.cli), 'index.js')
  const actionEnv = {
    // What the runner passes for `with: { image: IMAGE }` plus action.yml's defaults.
    INPUT_IMAGE: image,
    INPUT_POLICY: '',
    INPUT_DOCKERFILE: '',
    INPUT_PLATFORM: '',
    INPUT_ARCHIVE: '',
    INPUT_SARIF: '',
    'INPUT_FAIL-ON': 'error',
    INPUT_SUMMARY: 'true',
    INPUT_ANNOTATIONS: 'true',
    'INPUT_VERIFY-DIGESTS': 'false',
    GITHUB_OUTPUT: join(scratch, 'github-output'),
    GITHUB_STEP_SUMMARY: join(scratch, 'step-summary.md'),
    RUNNER_TEMP: scratch
  }
  return [
    {
      id: 'docker-save',
      label: '`docker save IMAGE > /dev/null`',
      command: `docker save ${quote(image)} > /dev/null`,
      display: 'docker save IMAGE > /dev/null',
      okExitCodes: [0]
    },
    {
      id: 'ours-action',
      label: 'the action: `node dist/index.js` with `INPUT_IMAGE=IMAGE`',
      command: `${node} ${quote(actionEntry)}`,
      display: `INPUT_IMAGE=IMAGE INPUT_FAIL-ON=error … GITHUB_OUTPUT=… GITHUB_STEP_SUMMARY=… node ${actionEntry}`,
      env: actionEnv,
      // 1 = the default policy failed (the bench image has a shell).
      okExitCodes: [0, 1]
    },
    {
      id: 'ours-cli-image',
      label: 'the CLI: `check --image IMAGE`',
      command: `${node} ${quote(context.cli)} check --image ${quote(image)}`,
      display: `node ${context.cli} check --image IMAGE`,
      okExitCodes: [0, 1]
    }
  ]
}

/**
 * @param {{id: string, title: string, meta: object}[]} images the archives to load and time, in turn
 * @param {{repoRoot: string, node: string, cli: string, runs: number, timeoutSeconds: number,
 *   log: Function}} context
 * @returns {Promise<object>} results.docker: {status: 'measured', engine, images: [...]} or {status: 'n/a', reason}
 */
export async function measureDocker(images, context) {
  const { log } = context
  const acquired = acquireEngine(context.repoRoot, log)
  if (acquired.unavailable) {
    log(`docker: ${acquired.unavailable}: the goal is n/a`)
    return { status: 'n/a', reason: acquired.unavailable }
  }
  const scratch = mkdtempSync(join(tmpdir(), 'bench-action-'))
  try {
    const measured = []
    for (const { id, title, meta } of images) {
      const { tag, loadSeconds } = ensureImage(acquired.host, meta, log)
      const hostEnv = acquired.host ? { DOCKER_HOST: acquired.host } : {}
      const commands = dockerCommands(tag, context, scratch)
      for (const c of commands) c.env = { ...hostEnv, ...c.env }
      log(`docker ${id}: one untimed docker save (page cache, engine warm-up)`)
      await runTimed(commands[0].command, { timeoutSeconds: context.timeoutSeconds, env: hostEnv })
      const raw = await interleavedRuns(commands, {
        rounds: context.runs,
        timeoutSeconds: context.timeoutSeconds,
        cwd: context.repoRoot,
        label: `docker ${id}`,
        log
      })
      measured.push({
        id,
        archive: { key: meta.key, title, bytes: meta.archiveBytes, entries: meta.totals.entries },
        loadSeconds,
        commands: commands.map(({ id: cid, label, display, okExitCodes }) => ({
          id: cid,
          label,
          display,
          summary: summarise(raw.get(cid), okExitCodes)
        }))
      })
    }
    return { status: 'measured', engine: acquired.engine, startedByBench: acquired.started, images: measured }
  } catch (error) {
    log(`docker: ${error.message}`)
    return { status: 'n/a', reason: error.message.split('\n')[0] }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
    acquired.stop()
  }
}
