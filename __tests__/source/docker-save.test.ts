// dockerSave against a stand-in `docker` (a shell script): the bytes arrive whole through the named
// pipe, failures carry docker's reason, and nothing hangs or is left behind when the read stops early.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Readable } from 'node:stream'
import { dockerSave } from '../../src/source/docker/save.js'
import { digestOf } from './support/digest.js'
import { DockerError, PolicyError } from '../../src/common/errors.js'
import { scan } from '../../src/pipeline/scan.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'

let work: string
let fakeDocker: string
let payload: string

beforeAll(() => {
  work = mkdtempSync(path.join(tmpdir(), 'docker-save-test-'))
  // More than a pipe's capacity and a slab, and not a multiple of either.
  payload = path.join(work, 'payload.bin')
  writeFileSync(payload, randomBytes(3 * 1024 * 1024 + 12345))
  // Spawned children see the real environment, not Jest's copy: the payload path is written in.
  fakeDocker = path.join(work, 'docker')
  writeFileSync(
    fakeDocker,
    [
      '#!/bin/sh',
      '[ "$1" = save ] || exit 64',
      'case "$2" in',
      `  ok) exec cat '${payload}' ;;`,
      '  missing) echo "Error: No such image: missing" >&2; exit 1 ;;',
      `  cut) head -c 100000 '${payload}'; echo "Error: unexpected EOF" >&2; exit 1 ;;`,
      '  endless) exec cat /dev/zero ;;',
      'esac',
      'exit 65'
    ].join('\n') + '\n'
  )
  chmodSync(fakeDocker, 0o755)
})

afterAll(() => {
  rmSync(work, { recursive: true, force: true })
})

const sha256OfFile = async (file: string) => {
  const { createReadStream } = await import('node:fs')
  return (await digestOf(createReadStream(file))).sha256
}

describe('dockerSave', () => {
  it('streams every byte docker writes and settles when docker exits 0', async () => {
    const save = dockerSave('ok', fakeDocker)
    const got = await digestOf(save.stdout)
    await expect(save.exited).resolves.toBeUndefined()
    expect(got.bytes).toBe(3 * 1024 * 1024 + 12345)
    expect(got.sha256).toBe(await sha256OfFile(payload))
  })

  it("rejects with docker's reason when the image is missing, and the stream ends", async () => {
    const save = dockerSave('missing', fakeDocker)
    const got = await digestOf(save.stdout)
    expect(got.bytes).toBe(0)
    await expect(save.exited).rejects.toThrow(/image "missing" is not in the local Docker engine/)
  })

  it('ends the stream and rejects when docker fails part-way', async () => {
    const save = dockerSave('cut', fakeDocker)
    const got = await digestOf(save.stdout)
    expect(got.bytes).toBe(100000)
    await expect(save.exited).rejects.toThrow(/failed with exit code 1: Error: unexpected EOF/)
  })

  it('says docker is missing when the command does not exist, without hanging the reader', async () => {
    const save = dockerSave('ok', path.join(work, 'no-such-docker'))
    const got = await digestOf(save.stdout)
    expect(got.bytes).toBe(0)
    await expect(save.exited).rejects.toThrow(/docker is not installed or not on PATH/)
  })

  it('stops docker when the reader gives up early', async () => {
    const save = dockerSave('endless', fakeDocker)
    let seen = 0
    for await (const chunk of save.stdout) {
      seen += chunk.length
      if (seen > 4 * 1024 * 1024) break
    }
    save.kill()
    await expect(save.exited).rejects.toThrow(DockerError)
    await new Promise((resolve) => setImmediate(resolve))
    // Through the CLI, the output is the child's stdout stream.
    expect((save.stdout as Readable).destroyed).toBe(true)
  })

  it('refuses a reference that docker would read as an option', () => {
    expect(() => dockerSave('--output=/etc/passwd', fakeDocker)).toThrow(DockerError)
  })
})

describe('scan of a docker source', () => {
  it('fails on a bad policy and stops the docker save it started', async () => {
    process.env.IPG_DOCKER = fakeDocker
    try {
      await expect(
        scan({
          source: { kind: 'docker', reference: 'endless' },
          policyPath: path.join(work, 'no-policy.yml')
        })
      ).rejects.toThrow(PolicyError)
    } finally {
      delete process.env.IPG_DOCKER
    }
  })
})

describeWithFixtures('scan of a docker source', () => {
  it('reads the image docker save writes', async () => {
    process.env.IPG_DOCKER = path.join(work, 'docker-cat')
    writeFileSync(process.env.IPG_DOCKER, `#!/bin/sh\nexec cat '${fixture('busybox-musl.docker20.tar')}'\n`)
    chmodSync(process.env.IPG_DOCKER, 0o755)
    try {
      const { platforms, unreadable } = await scan({ source: { kind: 'docker', reference: 'busybox:musl' } })
      expect(platforms).toHaveLength(1)
      expect(unreadable).toEqual([])
      const [{ image }] = platforms
      expect(image.layers.length).toBeGreaterThan(0)
      expect(image.fs.lstat('/bin/busybox')).toBeDefined()
    } finally {
      delete process.env.IPG_DOCKER
    }
  })
})
