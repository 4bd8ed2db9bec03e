// Every platform of a multi-platform image in one run, on real inputs: an OCI layout skopeo assembled
// into an index with a BuildKit-style attestation manifest, the same layout as an oci-archive, the same
// image pushed to a real registry, and a containerd-store `docker save` that lacks a platform's blobs.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runCli } from '../../src/cli/run.js'
import type { JsonPlatformsReport, JsonReport } from '../../src/report/json.js'
import { recordingIo } from '../../__fixtures__/io.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'
import { type RunningRegistry, multiPlatformLayout, push, startRegistry } from '../helpers/registry.js'
import { describeWithSarifValidator, validateSarif } from '../helpers/sarif-validator.js'
import { describeWithTools } from '../helpers/tools.js'
import { sha256 } from '../../__fixtures__/archive.js'

const repoRoot = path.resolve(import.meta.dirname, '../..')

async function check(argv: string[]) {
  const io = recordingIo(repoRoot, {})
  const code = await runCli(['check', ...argv], io)
  return { code, out: io.out(), err: io.err() }
}

async function jsonOf(argv: string[]): Promise<{ code: number; report: unknown; err: string }> {
  const { code, out, err } = await check([...argv, '--format', 'json'])
  return { code, report: code === 2 ? undefined : JSON.parse(out), err }
}

/** A platform's violations as `rule path` lines, sorted: what two sources must agree on. */
function violationsOf(report: JsonReport): string[] {
  return report.violations.map((violation) => `${violation.rule} ${violation.path ?? ''}`).sort()
}

/** Pushes a manifest of the layout and the blobs it names by the distribution API, as buildx does. */
async function pushManifest(host: string, repository: string, layout: string, digest: string): Promise<void> {
  const blob = (named: string) => readFile(path.join(layout, 'blobs', 'sha256', named.slice(7)))
  const bytes = await blob(digest)
  const manifest = JSON.parse(bytes.toString('utf8')) as {
    mediaType: string
    config: { digest: string }
    layers: { digest: string }[]
  }
  for (const named of [manifest.config.digest, ...manifest.layers.map((layer) => layer.digest)]) {
    const started = await fetch(`http://${host}/v2/${repository}/blobs/uploads/`, { method: 'POST' })
    const location = new URL(started.headers.get('location') ?? '', `http://${host}`)
    location.searchParams.set('digest', named)
    const put = await fetch(location, { method: 'PUT', body: await blob(named) })
    expect(put.status).toBe(201)
  }
  const put = await fetch(`http://${host}/v2/${repository}/manifests/${digest}`, {
    method: 'PUT',
    headers: { 'content-type': manifest.mediaType },
    body: bytes
  })
  expect(put.status).toBe(201)
}

describeWithFixtures('several platforms', () => {
  describeWithTools(['skopeo'], 'an index of two platforms and an attestation', () => {
    let work: string
    let layout: string
    let archive: string
    let digests: Awaited<ReturnType<typeof multiPlatformLayout>>
    beforeAll(async () => {
      work = await mkdtemp(path.join(tmpdir(), 'ipg-platforms-'))
      layout = path.join(work, 'layout')
      digests = await multiPlatformLayout(
        layout,
        {
          amd64: `docker-archive:${fixture('alpine-3.20.docker26.tar')}`,
          arm64: `docker-archive:${fixture('busybox-musl.docker20.tar')}`
        },
        'multi'
      )
      archive = path.join(work, 'multi.oci.tar')
      execFileSync('skopeo', ['copy', '-q', '--all', `oci:${layout}:multi`, `oci-archive:${archive}:multi`])
    }, 60_000)
    afterAll(async () => {
      await rm(work, { recursive: true, force: true })
    })

    it('gates every platform when none is given, the attestation never as an image', async () => {
      const { code, report } = await jsonOf(['--archive', layout])
      const { results, summary } = report as JsonPlatformsReport
      expect(results.map((result) => result.image.platform)).toEqual(['linux/amd64', 'linux/arm64/v8'])
      expect(results.map((result) => result.image.manifestDigest)).toEqual([digests.amd64, digests.arm64])
      expect(summary.platforms).toEqual(['linux/amd64', 'linux/arm64/v8'])
      expect(summary.unreadable).toEqual([])
      // Alpine has a package manager and a shell, busybox a shell: both fail the default policy.
      expect(violationsOf(results[0])).toContain('no-package-manager /sbin/apk')
      expect(violationsOf(results[1]).some((line) => line.startsWith('no-shell '))).toBe(true)
      expect(summary.result).toBe('fail')
      expect(summary.failed).toEqual(['linux/amd64', 'linux/arm64/v8'])
      expect(summary.errors).toBe(results[0].summary.errors + results[1].summary.errors)
      expect(code).toBe(1)
    })

    it('--platform all and a comma list gate the same; one platform keeps the single report', async () => {
      const every = (await jsonOf(['--archive', layout])).report as JsonPlatformsReport
      const all = (await jsonOf(['--archive', layout, '--platform', 'all'])).report as JsonPlatformsReport
      const listed = (await jsonOf(['--archive', layout, '--platform', 'linux/arm64, linux/amd64']))
        .report as JsonPlatformsReport
      expect(all).toEqual(every)
      // A list gates in the order it names.
      expect(listed.summary.platforms).toEqual(['linux/arm64/v8', 'linux/amd64'])
      expect(listed.results[1]).toEqual(every.results[0])
      const one = (await jsonOf(['--archive', layout, '--platform', 'linux/arm64'])).report as JsonReport
      expect(one).not.toHaveProperty('results')
      expect(one.image.platform).toBe('linux/arm64/v8')
      expect(one).toEqual(every.results[1])
    })

    it('a platform the index lacks, or a list naming one, fails in one line', async () => {
      for (const platform of ['linux/s390x', 'linux/amd64,linux/s390x']) {
        const { code, err } = await check(['--archive', layout, '--platform', platform])
        expect(code).toBe(2)
        expect(err.trimEnd().split('\n')).toHaveLength(1)
        expect(err).toMatch(
          /no image for platform linux\/s390x in .*\(linux\/amd64\); .*\(linux\/arm64\/v8\)$/m
        )
      }
      const { code, err } = await check(['--archive', layout, '--platform', ','])
      expect(code).toBe(2)
      expect(err).toMatch(/--platform "," names no platform/)
    })

    it('the oci-archive of the layout gives the same reports', async () => {
      const fromLayout = (await jsonOf(['--archive', layout])).report as JsonPlatformsReport
      const fromArchive = (await jsonOf(['--archive', archive])).report as JsonPlatformsReport
      expect(fromArchive.summary.platforms).toEqual(fromLayout.summary.platforms)
      expect(fromArchive.results.map(violationsOf)).toEqual(fromLayout.results.map(violationsOf))
      expect(fromArchive.summary.errors).toBe(fromLayout.summary.errors)
    })

    it('text: a section per platform and the verdict of each', async () => {
      const { out } = await check(['--archive', layout])
      expect(out).toMatch(/^── linux\/amd64 \(platform 1 of 2\) ──$/m)
      expect(out).toMatch(/^── linux\/arm64\/v8 \(platform 2 of 2\) ──$/m)
      expect(out.trimEnd().split('\n').at(-1)).toMatch(
        /^FAIL: 2 platforms: linux\/amd64 fail \(\d+ errors?\), linux\/arm64\/v8 fail \(\d+ errors?\)$/
      )
    })

    it('attestations: each platform has what its index attaches, from the layout and the archive', async () => {
      const policy = path.join(work, 'attestations.yml')
      await writeFile(policy, 'version: 1\nrules:\n  attestations: [provenance, sbom]\n')
      for (const input of [layout, archive]) {
        const { report } = await jsonOf(['--archive', input, '--policy', policy])
        const { results } = report as JsonPlatformsReport
        // The attestation manifest names the amd64 image: its provenance counts there only.
        expect(results.map((result) => result.violations.map((violation) => violation.message))).toEqual([
          [expect.stringMatching(/^no SBOM attestation/)],
          [
            expect.stringMatching(/^no SLSA provenance attestation/),
            expect.stringMatching(/^no SBOM attestation/)
          ]
        ])
      }
      const legacy = (await jsonOf(['--archive', fixture('app-alpine.docker20.tar'), '--policy', policy]))
        .report as JsonReport
      expect(legacy.violations.map((violation) => violation.message)).toEqual([
        expect.stringMatching(/^no SLSA provenance .*: the image came from no index/),
        expect.stringMatching(/^no SBOM .*: the image came from no index/)
      ])
    })

    describeWithSarifValidator('SARIF', () => {
      it('one run per platform, each its own category, valid under GitHub rules', async () => {
        const file = path.join(work, 'multi.sarif')
        const dockerfile = '__fixtures__/e2e/violating/Dockerfile'
        const { code } = await check([
          '--archive',
          layout,
          '--format',
          'sarif',
          '--output',
          file,
          '--dockerfile',
          dockerfile
        ])
        expect(code).toBe(1)
        const log = JSON.parse(await readFile(file, 'utf8')) as {
          runs: { automationDetails: { id: string }; results: { properties: { platform?: string } }[] }[]
        }
        expect(log.runs.map((run) => run.automationDetails.id)).toEqual([
          expect.stringMatching(/\/linux_amd64\/$/),
          expect.stringMatching(/\/linux_arm64_v8\/$/)
        ])
        expect(new Set(log.runs[1].results.map((result) => result.properties.platform))).toEqual(
          new Set(['linux/arm64/v8'])
        )
        const serious = (await validateSarif([file])).filter(
          (finding) => finding.level === 'error' || finding.level === 'warning'
        )
        expect(serious).toEqual([])
      }, 120_000)
    })

    describeWithTools(['docker-registry'], 'from a real registry', () => {
      let registry: RunningRegistry
      beforeAll(async () => {
        registry = await startRegistry()
        await push(`oci:${layout}:multi`, `${registry.host}/multi:1`)
        // skopeo leaves the unknown/unknown manifest out of the push; buildx pushes it.
        await pushManifest(registry.host, 'multi', layout, digests.attestation)
      }, 60_000)
      afterAll(async () => {
        await registry.stop()
      })

      it('reads the attestations from the registry as from the layout', async () => {
        const policy = path.join(work, 'attestations.yml')
        await writeFile(policy, 'version: 1\nrules:\n  attestations: [provenance, sbom]\n')
        const { report } = await jsonOf([
          '--image',
          `${registry.host}/multi:1`,
          '--source',
          'registry',
          '--policy',
          policy
        ])
        const { results } = report as JsonPlatformsReport
        expect(results.map((result) => result.violations.length)).toEqual([1, 2])
        expect(results[0].violations[0].message).toMatch(/^no SBOM attestation/)
      })

      it('gates both platforms as the layout does', async () => {
        const fromLayout = (await jsonOf(['--archive', layout])).report as JsonPlatformsReport
        const { report } = await jsonOf(['--image', `${registry.host}/multi:1`, '--source', 'registry'])
        const fromRegistry = report as JsonPlatformsReport
        expect(fromRegistry.summary.platforms).toEqual(['linux/amd64', 'linux/arm64/v8'])
        expect(fromRegistry.results.map(violationsOf)).toEqual(fromLayout.results.map(violationsOf))
        const one = (
          await jsonOf([
            '--image',
            `${registry.host}/multi:1`,
            '--source',
            'registry',
            '--platform',
            'linux/amd64'
          ])
        ).report as JsonReport
        expect(one.image.platform).toBe('linux/amd64')
      })
    })
  })

  describe("a containerd-store save that lacks a platform's blobs (moby#49473)", () => {
    let work: string
    let absentManifest: string
    let absentLayer: string
    let layoutDir: string
    // An arm64 config (present) and manifest (present) whose one layer is absent.
    const armConfig = Buffer.from(
      JSON.stringify({
        architecture: 'arm64',
        os: 'linux',
        config: {},
        rootfs: { type: 'layers', diff_ids: [`sha256:${'ef'.repeat(32)}`] }
      })
    )
    const armManifest = (layer: string) =>
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: {
            mediaType: 'application/vnd.oci.image.config.v1+json',
            digest: sha256(armConfig),
            size: armConfig.length
          },
          layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: layer, size: 10 }]
        })
      )

    /** The fixture's save, its index.json pointing at an image index of amd64 (present) and `arm64`. */
    async function withArm64(name: string, arm64: { digest: string; bytes?: Buffer }): Promise<string> {
      const dir = path.join(work, name)
      await mkdir(dir)
      execFileSync('tar', ['-xf', fixture('app-distroless.containerd.tar'), '-C', dir])
      const blob = (digest: string) => path.join(dir, 'blobs', 'sha256', digest.slice(7))
      const original = JSON.parse(await readFile(path.join(dir, 'index.json'), 'utf8')) as {
        manifests: { digest: string; size: number; annotations: Record<string, string> }[]
      }
      const [amd64] = original.manifests
      if (arm64.bytes) {
        await writeFile(blob(arm64.digest), arm64.bytes)
        await writeFile(blob(sha256(armConfig)), armConfig)
      }
      const index = Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: [
            {
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              digest: amd64.digest,
              size: amd64.size,
              platform: { os: 'linux', architecture: 'amd64' }
            },
            {
              mediaType: 'application/vnd.oci.image.manifest.v1+json',
              digest: arm64.digest,
              size: arm64.bytes?.length ?? 500,
              platform: { os: 'linux', architecture: 'arm64' }
            }
          ]
        })
      )
      await writeFile(blob(sha256(index)), index)
      await writeFile(
        path.join(dir, 'index.json'),
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.index.v1+json',
          manifests: [
            {
              mediaType: 'application/vnd.oci.image.index.v1+json',
              digest: sha256(index),
              size: index.length,
              annotations: amd64.annotations
            }
          ]
        })
      )
      const tar = path.join(work, `${name}.tar`)
      execFileSync('tar', ['-cf', tar, '-C', dir, '.'])
      return tar
    }

    beforeAll(async () => {
      work = await mkdtemp(path.join(tmpdir(), 'ipg-missing-'))
      absentManifest = await withArm64('no-manifest', {
        digest: `sha256:${'ab'.repeat(32)}`
      })
      const manifest = armManifest(`sha256:${'cd'.repeat(32)}`)
      absentLayer = await withArm64('no-layer', { digest: sha256(manifest), bytes: manifest })
      // The same as a layout directory: no manifest.json, the arm64 layer absent.
      layoutDir = path.join(work, 'no-layer')
      await unlink(path.join(layoutDir, 'manifest.json'))
    })
    afterAll(async () => {
      await rm(work, { recursive: true, force: true })
    })

    it('gates the platform present and names the one it could not read', async () => {
      for (const [input, reason] of [
        [absentManifest, /manifest blobs\/sha256\/abab.* is not in the archive/],
        [absentLayer, /layer blobs\/sha256\/cdcd.* is not in the archive/],
        [layoutDir, /layer blobs\/sha256\/cdcd.* is not in the layout/]
      ] as const) {
        const { code, report, err } = await jsonOf(['--archive', input])
        const { results, summary } = report as JsonPlatformsReport
        expect(results.map((result) => result.image.platform)).toEqual(['linux/amd64'])
        expect(results[0].image.reference).toMatch(/app:distroless$/)
        expect(summary.platforms).toEqual(['linux/amd64'])
        expect(summary.unreadable).toEqual([
          expect.objectContaining({ platform: 'linux/arm64', reason: expect.stringMatching(reason) })
        ])
        expect(err).toMatch(/warning: linux\/arm64 was not gated: /)
        // The distroless app passes the default policy: the run passes on what it could read.
        expect(code).toBe(0)
      }
    })

    it('fails when the platform, or all, was asked for', async () => {
      for (const platform of ['all', 'linux/arm64', 'linux/amd64,linux/arm64']) {
        const { code, err } = await check(['--archive', absentLayer, '--platform', platform])
        expect(code).toBe(2)
        expect(err.trimEnd().split('\n')).toHaveLength(1)
        expect(err).toMatch(/cannot be read from the archive: /)
        expect(err).toMatch(
          /linux\/arm64.*layer .* is not in the archive \(docker save with the containerd image store writes only the platforms/
        )
      }
      const { code, report } = await jsonOf(['--archive', absentLayer, '--platform', 'linux/amd64'])
      expect(code).toBe(0)
      expect((report as JsonReport).image.platform).toBe('linux/amd64')
      expect(report).not.toHaveProperty('results')
    })
  })
})
