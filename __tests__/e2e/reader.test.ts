// The reader on images a real Docker engine built and saved: the CLI's picture of the merged
// filesystem must match what the engine wrote (whiteouts applied, hidden bytes, user, layers, history).
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { runCli, runCliOnDockerSave } from './support/cli.js'
import {
  buildFixture,
  docker,
  removeImages,
  saveImage,
  savedImageFacts,
  uniqueTag,
  type SavedImageFacts
} from './support/docker.js'
import { describeE2E } from './support/engine.js'
import { distCli, fixturesDir } from './support/paths.js'

interface CheckJson {
  image: {
    user: string
    layers: number
    hiddenBytes: number
    size: number
    layout: string
    repoTags: string[]
  }
  violations: { rule: string; severity: string; path?: string; layer?: number; message: string }[]
  summary: { result: string; errors: number }
}

const policy = path.join(fixturesDir, 'reader', 'policy.yml')

describeE2E('reader on an image built and saved by a real Docker engine', [distCli], () => {
  const tag = uniqueTag('reader')
  let work: string
  let archive: string
  let saved: SavedImageFacts
  let engineLayers: string[]

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'ipg-e2e-reader-'))
    archive = path.join(work, 'reader.tar')
    const context = await buildFixture('reader', tag)
    await rm(context, { recursive: true, force: true })
    await saveImage(tag, archive)
    saved = await savedImageFacts(archive)
    const [inspected] = JSON.parse(await docker(['image', 'inspect', tag])) as {
      RootFS: { Layers: string[] }
    }[]
    engineLayers = inspected.RootFS.Layers
  }, 600_000)

  afterAll(async () => {
    await removeImages([tag])
    if (work) await rm(work, { recursive: true, force: true })
  })

  it('the engine wrote what the Dockerfile asks: 5 layers, 4 empty history entries, USER app', () => {
    // Guards the fixture itself, so a reader assertion below never passes against the wrong image.
    expect(saved.layerCount).toBe(5)
    expect(engineLayers).toHaveLength(5)
    expect(saved.history.filter((h) => !h.emptyLayer)).toHaveLength(5)
    expect(saved.user).toBe('app')
  })

  it('check --format json sees the merged filesystem: whiteouts applied, files that remain present', async () => {
    const run = await runCli(['check', '--archive', archive, '--policy', policy, '--format', 'json'])
    expect(run.stderr).toBe('')
    const report = JSON.parse(run.stdout) as CheckJson
    const found = report.violations.map((v) => `${v.rule} ${v.path ?? ''}`.trim()).sort()
    // /bin/sh and /srv/scratch.bin were removed by the last RUN: forbidding them finds nothing,
    // requiring /bin/sh fails; /srv/index.js (COPY) is there.
    expect(found).toHaveLength(2)
    expect(report.violations.find((v) => v.rule === 'forbidden-paths')?.path).toBe('/srv/index.js')
    const required = report.violations.filter((v) => v.rule === 'required-paths')
    expect(required).toHaveLength(1)
    expect(required[0].message).toContain('/bin/sh')
    expect(report.violations.find((v) => v.rule === 'forbidden-paths')?.layer).toBe(1)
    expect(report.summary.result).toBe('fail')
    expect(run.exitCode).toBe(1)
  })

  it('check --format json reports the user, the layer count and the bytes hidden by later layers', async () => {
    const run = await runCli(['check', '--archive', archive, '--policy', policy, '--format', 'json'])
    const report = JSON.parse(run.stdout) as CheckJson
    expect(report.image.user).toBe('app')
    expect(report.image.layers).toBe(saved.history.filter((h) => !h.emptyLayer).length)
    expect(report.image.layers).toBe(engineLayers.length)
    // The 256 KiB scratch file was written by one layer and deleted by the next; adduser rewrote
    // /etc/passwd, /etc/group and /etc/shadow, hiding their base-layer versions.
    expect(report.image.hiddenBytes).toBeGreaterThanOrEqual(256 * 1024)
    expect(report.image.layout).toBe('docker-legacy')
    expect(report.image.repoTags).toContain(tag)
  })

  it('docker save IMAGE | check --archive - gives the same report as the saved file', async () => {
    const fromFile = await runCli(['check', '--archive', archive, '--policy', policy, '--format', 'json'])
    const piped = await runCliOnDockerSave(tag, [
      'check',
      '--archive',
      '-',
      '--policy',
      policy,
      '--format',
      'json'
    ])
    expect(piped.saveExitCode).toBe(0)
    expect(piped.stderr).toBe('')
    expect(piped.exitCode).toBe(fromFile.exitCode)
    expect(JSON.parse(piped.stdout)).toEqual(JSON.parse(fromFile.stdout))
  })
})
