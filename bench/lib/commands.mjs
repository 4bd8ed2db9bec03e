// The commands compared on each archive. Each is one `sh -c` line, shown verbatim in docs/benchmarks.md.

import { relative } from 'node:path'

const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`

/**
 * @param {object} meta the generated archive's metadata
 * @param {{repoRoot: string, node: string, cli: string}} context
 * @returns {{id: string, label: string, command: string, env?: object, okExitCodes: number[], peer?: boolean}[]}
 */
export function commandsFor(meta, context) {
  const file = quote(relative(context.repoRoot, meta.archivePath))
  const node = context.node
  const layerNames = meta.layers.map((l) => `blobs/sha256/${l.digest.slice('sha256:'.length)}`).join(' ')
  const gzip = meta.scenario.compression === 'gzip'
  const commands = [
    {
      id: 'ours-file',
      label: 'image-policy-gate check, archive as a file',
      command: `${quote(node)} ${quote(context.cli)} check --archive ${file}`,
      // 1 = the default policy failed (this busybox image has a shell); 2 = could not read the archive.
      okExitCodes: [0, 1]
    },
    {
      id: 'ours-stdin',
      label: 'image-policy-gate check, archive on stdin',
      // A pipe, as from `docker save IMAGE |`: a redirected file would let a reader seek.
      command: `cat ${file} | ${quote(node)} ${quote(context.cli)} check --archive -`,
      okExitCodes: [0, 1]
    },
    {
      id: 'cat',
      label: 'cat FILE > /dev/null (physical floor)',
      command: `cat ${file} > /dev/null`,
      okExitCodes: [0]
    },
    {
      id: 'tar-stream',
      label: 'GNU tar listing every layer as a stream',
      command: `cat ${file} | tar -xf - --to-command='sh bench/lib/tar-list-layer.sh' > /dev/null`,
      env: { BENCH_LAYERS: layerNames, BENCH_TAR_FLAGS: gzip ? '-z' : '' },
      okExitCodes: [0]
    }
  ]
  if (gzip) {
    const layersDir = relative(context.repoRoot, meta.layersDir)
    commands.push({
      id: 'gzip-seq',
      label: 'gzip -dc of every layer, one after another',
      command: `for f in ${layersDir}/*.tar.gz; do gzip -dc "$f"; done > /dev/null`,
      okExitCodes: [0]
    })
  }
  for (const kind of ['oci-archive', 'docker-archive']) {
    commands.push({
      id: `snyk-${kind}`,
      label: `snyk-docker-plugin scan({ path: '${kind}:FILE' })`,
      command: `${quote(node)} bench/snyk-scan.mjs ${kind} ${file}`,
      okExitCodes: [0],
      peer: true
    })
  }
  // What the docs show: `node` for the Node.js 24 binary, FILE for the archive.
  const layersDir = meta.layersDir ? relative(context.repoRoot, meta.layersDir) : null
  for (const c of commands) {
    c.display = c.command
      .replaceAll(quote(node), 'node')
      .replaceAll(file, 'FILE')
      .replaceAll(quote(context.cli), context.cli)
    if (layersDir) c.display = c.display.replaceAll(layersDir, 'bench/out/KEY.layers')
  }
  return commands
}
