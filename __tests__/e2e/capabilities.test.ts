// File capabilities as a real engine writes them and the kernel grants them: the engine unpacks a layer
// with security.capability (docker cp, as from a build context), commits it, saves the image, and the
// gate's reading must name exactly the capabilities the kernel raises when the container runs the file
// as a non-root user (CapPrm/CapEff of /proc/self/status).
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createReadStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { buildTar } from '../../__fixtures__/tar.js'
import { CAPABILITY_NAMES, decodeCapabilities } from '../../src/analysis/capabilities.js'
import { readImage } from '../../src/image/read.js'
import type { Image } from '../../src/image/types.js'
import { evaluate, loadPolicyText } from '../../src/policy/index.js'
import { docker, dockerEnv, removeImages, saveImage, uniqueTag } from './support/docker.js'
import { describeE2E } from './support/engine.js'

/** BusyBox runs the applet its name says: each copy is named cat, so it prints its own status. */
const FILES: { dir: string; hex: string }[] = [
  // v2, effective: cap_kill,cap_net_bind_service,cap_net_raw+ep (bits 5, 10, 13).
  { dir: 'opt/ep', hex: '0100000220240000000000000000000000000000' },
  // v2, not effective: cap_chown+p (bit 0), permitted but not raised.
  { dir: 'opt/p', hex: '0000000201000000000000000000000000000000' }
]

/** Capability names of a /proc status mask (hex), ascending. */
function namesOf(mask: string): string[] {
  const bits = BigInt(`0x${mask}`)
  return CAPABILITY_NAMES.filter((_, number) => (bits >> BigInt(number)) & 1n)
}

describeE2E('file capabilities written by a real engine', [], () => {
  let work: string
  let tag: string
  let image: Image

  beforeAll(async () => {
    work = await mkdtemp(path.join(os.tmpdir(), 'ipg-e2e-caps-'))
    tag = uniqueTag('capabilities')
    const busybox = execFileSync(
      'docker',
      ['run', '--rm', '--network', 'none', 'busybox:musl', 'cat', '/bin/busybox'],
      {
        env: dockerEnv(),
        maxBuffer: 16 * 1024 * 1024
      }
    )
    const container = (await docker(['create', 'busybox:musl', 'true'])).trim()
    try {
      // tar-stream writes PAX values as UTF-8 text: the values above are ASCII bytes.
      const layer = await buildTar(
        FILES.flatMap(({ dir, hex }) => [
          { name: `${dir}/`, type: 'directory' as const },
          {
            name: `${dir}/cat`,
            content: busybox,
            mode: 0o755,
            pax: { 'SCHILY.xattr.security.capability': Buffer.from(hex, 'hex').toString('latin1') }
          }
        ])
      )
      execFileSync('docker', ['cp', '-', `${container}:/`], { env: dockerEnv(), input: layer })
      await docker(['commit', container, tag])
    } finally {
      await docker(['rm', '--force', container])
    }
    const archive = path.join(work, 'caps.tar')
    await saveImage(tag, archive)
    image = await readImage({ kind: 'stream', stream: createReadStream(archive), name: 'caps.tar' })
  }, 300_000)

  afterAll(async () => {
    await removeImages([tag])
    if (work) await rm(work, { recursive: true, force: true })
  })

  it.each(FILES.map(({ dir }) => dir))('/%s/cat: the capabilities the kernel grants at exec', async (dir) => {
    const status = await docker([
      'run',
      '--rm',
      '--network',
      'none',
      '--user',
      '1000',
      tag,
      `/${dir}/cat`,
      '/proc/self/status'
    ])
    const mask = (field: string) => new RegExp(`^${field}:\\s*([0-9a-f]+)$`, 'm').exec(status)?.[1] ?? ''
    const value = image.fs.stat(`/${dir}/cat`)?.inode.capability
    const decoded = value && decodeCapabilities(value)
    if (!decoded || !decoded.ok) throw new Error(`the gate reads no capabilities on /${dir}/cat`)
    const permitted = decoded.capabilities.filter((c) => c.permitted).map((c) => c.name)
    expect(namesOf(mask('CapPrm'))).toEqual(permitted)
    expect(namesOf(mask('CapEff'))).toEqual(permitted.filter(() => decoded.capabilities[0].effective))
    expect(permitted.length).toBeGreaterThan(0)
  })

  it('no-capabilities reports both files, as setcap would write them', async () => {
    const policy = await loadPolicyText('version: 1\nrules:\n  no-capabilities: true\n', 'policy.yml')
    const evaluation = evaluate(image, policy, { now: new Date() })
    expect(evaluation.violations.map((v) => v.message)).toEqual([
      'file capabilities cap_kill,cap_net_bind_service,cap_net_raw+ep: /opt/ep/cat',
      'file capabilities cap_chown+p: /opt/p/cat'
    ])
  })
})
