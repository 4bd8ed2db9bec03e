// The bundled CLI and action reading from a real registry (distribution 2.8) and from OCI layout
// directories: --source registry, auto (the engine when it has the image, the registry otherwise),
// daemon; HTTPS with a certificate the process is told to trust; the action's registry-token never
// sent to a registry other than ghcr.io; credentials from a docker config.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { fixture } from '../helpers/fixtures.js'
import { type RunningRegistry, push, signingKey, startProxy, startRegistry } from '../helpers/registry.js'
import { hasTool } from '../helpers/tools.js'
import { docker, dockerEnv, removeImages } from './support/docker.js'
import { describeE2E } from './support/engine.js'
import { distAction, distCli, node, repoRoot } from './support/paths.js'
import { runAction } from './support/run-action.js'

const run = promisify(execFile)

interface Report {
  image: { layout: string; reference: string; manifestDigest?: string }
  violations: { rule: string; path?: string; message: string }[]
}

async function cli(args: string[], env: NodeJS.ProcessEnv = dockerEnv()) {
  try {
    const { stdout, stderr } = await run(node, [distCli, ...args], {
      cwd: repoRoot,
      env,
      maxBuffer: 64 << 20
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string }
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' }
  }
}

const violations = (stdout: string) =>
  (JSON.parse(stdout) as Report).violations.map((v) => `${v.rule} ${v.path ?? ''} ${v.message}`).sort()

const tools = ['docker-registry', 'skopeo', 'htpasswd', 'openssl']
const missingTools = tools.filter((tool) => !hasTool(tool))
if (missingTools.length > 0 && process.env.CI === 'true')
  throw new Error(`CI=true but ${missingTools.join(', ')} is missing (.ci/install-tools.sh)`)

describeE2E(
  'the CLI and the action on a real registry',
  missingTools.length === 0 ? [distCli, distAction] : ['/missing/tools'],
  () => {
    let registry: RunningRegistry
    let work: string
    let fromArchive: string[]

    beforeAll(async () => {
      work = await mkdtemp(path.join(os.tmpdir(), 'ipg-e2e-registry-'))
      registry = await startRegistry()
      await push(`docker-archive:${fixture('app-alpine.docker26.tar')}`, `${registry.host}/app:1`)
      const archive = await cli([
        'check',
        '--archive',
        fixture('app-alpine.docker26.tar'),
        '--format',
        'json'
      ])
      // The baseline every read below is held against: it must be the failing check it is.
      if (archive.code !== 1) throw new Error(`check of the archive exited ${archive.code}, not 1`)
      fromArchive = violations(archive.stdout)
    }, 120_000)
    afterAll(async () => {
      await removeImages([`${registry.host}/app:9`])
      await registry.stop()
      await rm(work, { recursive: true, force: true })
    })

    it('check --source registry: the same violations as the archive, layout "registry"', async () => {
      const result = await cli([
        'check',
        '--image',
        `${registry.host}/app:1`,
        '--source',
        'registry',
        '--format',
        'json'
      ])
      expect(result.code).toBe(1)
      expect(result.stderr).toBe('')
      expect(violations(result.stdout)).toEqual(fromArchive)
      expect((JSON.parse(result.stdout) as Report).image).toMatchObject({
        layout: 'registry',
        reference: `${registry.host}/app:1`
      })
    })

    it('--source auto: an image the engine lacks is read from its registry, and the log says so', async () => {
      const result = await cli(['check', '--image', `${registry.host}/app:1`, '--format', 'json'])
      expect(result.code).toBe(1)
      expect(result.stderr).toBe(
        `note: ${registry.host}/app:1 is not in the local Docker engine: reading it from its registry (source: auto)\n`
      )
      expect(violations(result.stdout)).toEqual(fromArchive)
    })

    it('--source auto: an image the engine has is read from the engine (the registry does not have it)', async () => {
      await docker(['load', '-i', fixture('app-alpine.docker26.tar')])
      await docker(['tag', 'app:alpine', `${registry.host}/app:9`])
      const result = await cli(['check', '--image', `${registry.host}/app:9`, '--format', 'json'])
      expect(result.stderr).toBe(
        `note: Reading ${registry.host}/app:9 from the local Docker engine (source: auto)\n`
      )
      expect(result.code).toBe(1)
      expect(violations(result.stdout)).toEqual(fromArchive)
      // Not in the registry: --source registry says so in one line.
      const fromRegistry = await cli(['check', '--image', `${registry.host}/app:9`, '--source', 'registry'])
      expect(fromRegistry.code).toBe(2)
      expect(fromRegistry.stderr).toMatch(/manifest 9 not found \(HTTP 404\)/)
    })

    it('--source daemon: an image the engine lacks is one line, exit 2', async () => {
      const result = await cli(['check', '--image', `${registry.host}/app:1`, '--source', 'daemon'])
      expect(result.code).toBe(2)
      expect(result.stderr).toMatch(/is not in the local Docker engine/)
    })

    it('--source auto with no engine at all reads from the registry; a DOCKER_HOST that is dead is an error', async () => {
      const { DOCKER_HOST: _host, ...withoutHost } = process.env
      void _host
      // No DOCKER_HOST, no docker config (HOME elsewhere), and no engine at the default socket.
      if (!existsSync('/var/run/docker.sock')) {
        const result = await cli(['check', '--image', `${registry.host}/app:1`, '--format', 'json'], {
          ...withoutHost,
          HOME: work,
          DOCKER_CONFIG: path.join(work, 'no-config')
        })
        // Only where no engine listens at the default socket: there --source auto falls back.
        // eslint-disable-next-line jest/no-conditional-expect
        expect(result.stderr).toMatch(
          /is not in a local Docker engine \(none is running\): reading it from its registry/
        )
        // eslint-disable-next-line jest/no-conditional-expect
        expect(violations(result.stdout)).toEqual(fromArchive)
      }
      const dead = await cli(['check', '--image', `${registry.host}/app:1`], {
        ...process.env,
        DOCKER_HOST: `unix://${path.join(work, 'no-engine.sock')}`
      })
      expect(dead.code).toBe(2)
      expect(dead.stderr).toMatch(
        /the Docker daemon is not reachable at DOCKER_HOST=unix:\/\/.*no-engine\.sock \(ENOENT\)/
      )
    })

    it('check --archive DIR: an OCI layout directory written by skopeo', async () => {
      const layout = path.join(work, 'layout')
      await run('skopeo', [
        'copy',
        '-q',
        `docker-archive:${fixture('app-alpine.docker26.tar')}`,
        `oci:${layout}:app`
      ])
      const result = await cli(['check', '--archive', layout, '--format', 'json'])
      expect(result.code).toBe(1)
      expect(violations(result.stdout)).toEqual(fromArchive)
      expect((JSON.parse(result.stdout) as Report).image.layout).toBe('oci')
    })

    it('HTTPS: a registry whose certificate the process trusts (NODE_EXTRA_CA_CERTS), and one it does not', async () => {
      const { keyPem, certPem } = await signingKey(['-addext', 'subjectAltName=IP:127.0.0.1'])
      await writeFile(path.join(work, 'tls.key'), keyPem)
      await writeFile(path.join(work, 'tls.crt'), certPem)
      const secure = await startRegistry({
        tls: { certificate: path.join(work, 'tls.crt'), key: path.join(work, 'tls.key') }
      })
      try {
        await run('skopeo', [
          'copy',
          '-q',
          '--preserve-digests',
          '--dest-cert-dir',
          work,
          '--dest-no-creds',
          `docker-archive:${fixture('busybox-musl.docker20.tar')}`,
          `docker://${secure.host}/busybox:1`
        ]).catch(async () => {
          await run('skopeo', [
            'copy',
            '-q',
            '--preserve-digests',
            '--dest-tls-verify=false',
            '--dest-no-creds',
            `docker-archive:${fixture('busybox-musl.docker20.tar')}`,
            `docker://${secure.host}/busybox:1`
          ])
        })
        const trusted = await cli(
          ['check', '--image', `${secure.host}/busybox:1`, '--source', 'registry', '--format', 'json'],
          {
            ...process.env,
            NODE_EXTRA_CA_CERTS: path.join(work, 'tls.crt')
          }
        )
        expect(trusted.stderr).toBe('')
        expect((JSON.parse(trusted.stdout) as Report).violations.map((v) => v.rule)).toContain('no-shell')
        const untrusted = await cli(
          ['check', '--image', `${secure.host}/busybox:1`, '--source', 'registry'],
          process.env
        )
        expect(untrusted.code).toBe(2)
        expect(untrusted.stderr.trim().split('\n')).toHaveLength(1)
        // Not a fall back to plain HTTP: the registry speaks TLS, its certificate is what is wrong.
        expect(untrusted.stderr).toBe(
          `image-policy-gate: the TLS certificate of registry ${secure.host} is not trusted (DEPTH_ZERO_SELF_SIGNED_CERT): give its CA in NODE_EXTRA_CA_CERTS\n`
        )
      } finally {
        await secure.stop()
      }
    })

    it('the action with source: registry', async () => {
      const result = await runAction({
        workDir: work,
        inputs: { image: `${registry.host}/app:1`, source: 'registry' },
        env: { DOCKER_HOST: dockerEnv().DOCKER_HOST }
      })
      expect(result.exitCode).toBe(1)
      expect(result.outputs.result).toBe('fail')
      expect(result.stdout).toContain(`Reading ${registry.host}/app:1 from its registry`)
      const report = JSON.parse(await readFile(result.outputs.report, 'utf8')) as Report
      expect(report.image.layout).toBe('registry')
      expect(violations(JSON.stringify(report))).toEqual(fromArchive)
    })

    it("the action's registry-token never goes to a registry other than ghcr.io; a docker login does", async () => {
      const user = { user: 'gate', password: 'E2e-Pass-4' }
      const locked = await startRegistry({ htpasswd: user })
      const proxy = await startProxy(locked.host, () => ({ kind: 'forward' }))
      try {
        await push(`docker-archive:${fixture('busybox-musl.docker20.tar')}`, `${locked.host}/busybox:1`, user)
        const token = 'ghs_registry_token_must_not_leak'
        const denied = await runAction({
          workDir: work,
          inputs: { image: `${proxy.host}/busybox:1`, source: 'registry', 'registry-token': token },
          env: { DOCKER_CONFIG: path.join(work, 'no-docker-config') }
        })
        expect(denied.exitCode).toBe(1)
        expect(denied.outputs.result).toBeUndefined()
        expect(denied.stdout).toMatch(
          /::error::repository busybox on registry .*: not authorized \(HTTP 401\)/
        )
        expect(proxy.requests.length).toBeGreaterThan(0)
        expect(proxy.requests.every((request) => request.authorization === undefined)).toBe(true)
        expect(denied.stdout + denied.stderr).not.toContain(token)

        const config = path.join(work, 'docker-config')
        await rm(config, { recursive: true, force: true })
        await import('node:fs/promises').then((fs) => fs.mkdir(config))
        await writeFile(
          path.join(config, 'config.json'),
          JSON.stringify({
            auths: { [proxy.host]: { auth: Buffer.from(`${user.user}:${user.password}`).toString('base64') } }
          })
        )
        const allowed = await runAction({
          workDir: work,
          inputs: { image: `${proxy.host}/busybox:1`, source: 'registry', 'registry-token': token },
          env: { DOCKER_CONFIG: config }
        })
        expect(allowed.outputs.result).toBe('fail')
        const authorized = proxy.requests.filter((request) => request.authorization !== undefined)
        expect(authorized.length).toBeGreaterThan(0)
        expect(authorized.every((request) => request.authorization?.startsWith('Basic '))).toBe(true)
        expect(
          authorized.every(
            (request) =>
              !Buffer.from((request.authorization ?? '').slice(6), 'base64')
                .toString()
                .includes(token)
          )
        ).toBe(true)
      } finally {
        await proxy.stop()
        await locked.stop()
      }
    })
  }
)
