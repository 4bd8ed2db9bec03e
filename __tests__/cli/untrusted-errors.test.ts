// Error messages quote archive members, manifest fields and references: one printable line on stderr.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runCli } from '../../src/cli/run.js'
import { recordingIo } from '../../__fixtures__/io.js'
import { buildImage, dockerOciArchive, sha256 } from '../../__fixtures__/archive.js'
import { buildTar, header, tar } from '../../__fixtures__/tar.js'

/** Raw characters that would act on a terminal or end a log line. */
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ipg-untrusted-errors-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function run(archive: Buffer, args: string[] = []): Promise<string> {
  const file = path.join(dir, `a${Math.random().toString(36).slice(2)}.tar`)
  await writeFile(file, archive)
  const io = recordingIo(dir)
  expect(await runCli(['check', '--archive', file, ...args], io)).toBe(2)
  return io.err()
}

function expectOnePrintableLine(stderr: string): void {
  expect(stderr.endsWith('\n')).toBe(true)
  const body = stderr.slice(0, -1)
  expect(body).not.toMatch(CONTROL)
  expect(body.split('\n')).toHaveLength(1)
  expect(body.startsWith('image-policy-gate: ')).toBe(true)
  expect(body).not.toContain('##[')
}

describe('error messages on hostile archives', () => {
  it('a layer the manifest names but the archive lacks, with a hostile path', async () => {
    const config = Buffer.from(
      JSON.stringify({
        os: 'linux',
        architecture: 'amd64',
        rootfs: { type: 'layers', diff_ids: [sha256(Buffer.alloc(0))] }
      })
    )
    const layerPath = 'evil\n::error file=README.md::injected\u202e/layer.tar'
    const archive = await buildTar([
      { name: 'config.json', content: config },
      {
        name: 'manifest.json',
        content: JSON.stringify([{ Config: 'config.json', RepoTags: ['a:1'], Layers: [layerPath] }])
      }
    ])
    const stderr = await run(archive)
    expectOnePrintableLine(stderr)
    expect(stderr).toContain('evil\\n::error file=README.md::injected\\u202e/layer.tar')
  })

  it('an image that is not in the archive: the tags it lists are escaped', async () => {
    const image = await buildImage({
      layers: [[{ name: 'a', content: 'x' }]],
      tags: ['ok:1\n::stop-commands::tok', 'x\x1b]0;title\x07:2']
    })
    const stderr = await run(await dockerOciArchive([image]), ['--image', 'missing\r:1'])
    expectOnePrintableLine(stderr)
    expect(stderr).toContain('ok:1\\n::stop-commands::tok')
    expect(stderr).toContain('x\\x1b]0;title\\x07:2')
    expect(stderr).toContain('missing\\r:1')
  })

  it('a layer entry of an unsupported type with a hostile name', async () => {
    const layer = tar(header({ name: 'bad\x1b[2J\nname', typeflag: 'Z' }))
    const config = Buffer.from(
      JSON.stringify({
        os: 'linux',
        architecture: 'amd64',
        rootfs: { type: 'layers', diff_ids: [sha256(layer)] }
      })
    )
    const archive = await buildTar([
      { name: 'config.json', content: config },
      { name: 'layer.tar', content: layer },
      {
        name: 'manifest.json',
        content: JSON.stringify([{ Config: 'config.json', RepoTags: ['a:1'], Layers: ['layer.tar'] }])
      }
    ])
    const stderr = await run(archive)
    expectOnePrintableLine(stderr)
    expect(stderr).toContain('bad\\x1b[2J\\nname')
  })
})
