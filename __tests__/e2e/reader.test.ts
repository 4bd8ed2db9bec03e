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

interface InspectJson {
  user: string
  size: number
  hiddenBytes: number
  layout: string
  layers: { index: number; size: number; createdBy: string }[]
  shells: { path: string; layer: number; names: string[] }[]
  packageManagers: { path: string }[]
}

/** `created_by` as the legacy builder writes it, reduced to the instruction text. */
function instructionOf(createdBy: string): string {
  const text = createdBy.trim()
  if (text.startsWith('/bin/sh -c #(nop)')) return text.slice('/bin/sh -c #(nop)'.length).trim()
  if (text.startsWith('/bin/sh -c ')) return `RUN ${text.slice('/bin/sh -c '.length).trim()}`
  return text
}

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
  let engineSize: number

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'ipg-e2e-reader-'))
    archive = path.join(work, 'reader.tar')
    const context = await buildFixture('reader', tag)
    await rm(context, { recursive: true, force: true })
    await saveImage(tag, archive)
    saved = await savedImageFacts(archive)
    const [inspected] = JSON.parse(await docker(['image', 'inspect', tag])) as {
      Size: number
      RootFS: { Layers: string[] }
    }[]
    engineLayers = inspected.RootFS.Layers
    engineSize = inspected.Size
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

  it('inspect --format json: layers match the non-empty history, in order, with their created_by', async () => {
    const run = await runCli(['inspect', '--archive', archive, '--format', 'json'])
    expect(run.stderr).toBe('')
    expect(run.exitCode).toBe(0)
    const inspect = JSON.parse(run.stdout) as InspectJson
    const built = saved.history.filter((h) => !h.emptyLayer)
    expect(inspect.layers).toHaveLength(built.length)
    expect(inspect.layers.map((l) => l.index)).toEqual(built.map((_, i) => i))
    // The base was made by `docker import` and has no created_by (only a comment, which inspect may
    // show in its place); every layer built here has one, and the reader must pair them in order.
    expect(inspect.layers.slice(1).map((l) => instructionOf(l.createdBy))).toEqual(
      built.slice(1).map((h) => instructionOf(h.createdBy))
    )
    expect(built.slice(1).every((h) => h.createdBy !== '')).toBe(true)
    expect(instructionOf(inspect.layers[4].createdBy)).toBe('RUN rm /bin/sh /srv/scratch.bin')
    expect(inspect.layers[3].size).toBe(256 * 1024)
  })

  it('inspect --format json: size as the engine counts it, user, hidden bytes, whiteout applied', async () => {
    const run = await runCli(['inspect', '--archive', archive, '--format', 'json'])
    const inspect = JSON.parse(run.stdout) as InspectJson
    expect(inspect.size).toBe(engineSize)
    expect(inspect.user).toBe('app')
    expect(inspect.layout).toBe('docker-legacy')
    expect(inspect.hiddenBytes).toBeGreaterThanOrEqual(256 * 1024)
    // BusyBox is still a shell (it answers to ash), but the /bin/sh link is gone with its whiteout.
    const busybox = inspect.shells.find((s) => s.path === '/bin/busybox')
    expect(busybox?.layer).toBe(0)
    expect(busybox?.names).toContain('/bin/ash')
    expect(busybox?.names).not.toContain('/bin/sh')
    expect(inspect.packageManagers.map((p) => p.path)).toContain('/sbin/apk')
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
