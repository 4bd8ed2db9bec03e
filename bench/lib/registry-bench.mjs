// The registry goal: gating archive (a)'s image straight from a local registry (Debian's docker-registry,
// distribution 2.8, on 127.0.0.1) against `skopeo copy docker://… oci:DIR` of the same image — the fetch a
// user would otherwise run before gating a layout — and against our own file path for memory.

import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { interleavedRuns, summarise } from './measure.mjs'

const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`

function freePort() {
  return new Promise((resolve) => {
    const server = createServer()
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

const has = (command) => spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0

async function startRegistry(dir, log) {
  const port = await freePort()
  writeFileSync(
    join(dir, 'config.yml'),
    [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: true',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${dir}/data`,
      'http:',
      `  addr: 127.0.0.1:${port}`,
      ''
    ].join('\n')
  )
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: 'ignore' })
  const host = `127.0.0.1:${port}`
  for (let tries = 0; tries < 100; tries++) {
    try {
      await fetch(`http://${host}/v2/`)
      log(`registry: docker-registry on ${host}`)
      return { host, stop: () => child.kill('SIGTERM') }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }
  child.kill('SIGKILL')
  throw new Error('docker-registry did not start')
}

/**
 * @param {{title: string, meta: object}} image archive (a)
 * @param {{repoRoot: string, node: string, cli: string, runs: number, timeoutSeconds: number, log: Function}} context
 */
export async function measureRegistry(image, context) {
  const { log } = context
  const missing = ['docker-registry', 'skopeo'].filter((tool) => !has(tool))
  if (missing.length > 0) return { status: 'n/a', reason: `${missing.join(', ')} not installed` }
  const dir = mkdtempSync(join(tmpdir(), 'bench-registry-'))
  let registry
  try {
    registry = await startRegistry(dir, log)
    const reference = `${registry.host}/bench-a:1`
    log(`registry: pushing ${image.meta.archivePath} (layers as they are, uncompressed)`)
    const pushed = spawnSync(
      'skopeo',
      [
        'copy',
        '-q',
        '--preserve-digests',
        '--dest-tls-verify=false',
        `docker-archive:${image.meta.archivePath}`,
        `docker://${reference}`
      ],
      { stdio: ['ignore', 'ignore', 'pipe'] }
    )
    if (pushed.status !== 0) throw new Error(`skopeo copy to the registry failed: ${pushed.stderr}`)
    const layout = join(dir, 'oci')
    const node = quote(context.node)
    const commands = [
      {
        id: 'skopeo-copy',
        label: '`skopeo copy docker://REF oci:DIR` (uncompressed layers kept as they are)',
        command: `rm -rf ${quote(layout)} && skopeo copy -q --src-tls-verify=false --dest-oci-accept-uncompressed-layers docker://${reference} oci:${quote(layout)}`,
        display:
          'skopeo copy --src-tls-verify=false --dest-oci-accept-uncompressed-layers docker://REF oci:DIR',
        okExitCodes: [0]
      },
      {
        id: 'ours-registry',
        label: 'the CLI: `check --image REF --source registry`',
        command: `${node} ${quote(context.cli)} check --image ${reference} --source registry`,
        display: `node ${context.cli} check --image REF --source registry`,
        // 1 = the default policy failed (the bench image has a shell).
        okExitCodes: [0, 1]
      },
      {
        id: 'ours-file',
        label: 'the CLI on the archive file: `check --archive FILE`',
        command: `${node} ${quote(context.cli)} check --archive ${quote(image.meta.archivePath)}`,
        display: `node ${context.cli} check --archive FILE`,
        okExitCodes: [0, 1]
      }
    ]
    const raw = await interleavedRuns(commands, {
      rounds: context.runs,
      timeoutSeconds: context.timeoutSeconds,
      cwd: context.repoRoot,
      label: 'registry',
      log
    })
    return {
      status: 'measured',
      title: image.title,
      commands: commands.map(({ id, label, display, okExitCodes }) => ({
        id,
        label,
        display,
        summary: summarise(raw.get(id), okExitCodes)
      }))
    }
  } catch (error) {
    log(`registry: ${error.message}`)
    return { status: 'n/a', reason: error.message.split('\n')[0] }
  } finally {
    registry?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}
