// The commands compared on each archive. Each is one `sh -c` line, shown verbatim in docs/benchmarks.md.
// The baselines are the fastest honest ways GNU tar lists the same archive: no `-v`, no process per
// member, one `tar -xOf | tar -t` pair per layer from a file, every byte through one pipe from stdin,
// each pipe enlarged to 1 MiB as ours is.

import { relative } from 'node:path'

const quote = (s) => `'${String(s).replace(/'/g, `'\\''`)}'`

/**
 * The reader of each baseline's pipe first enlarges it to 1 MiB, as our CLI does on stdin
 * (src/source/pipe-capacity.ts): on a 64 KiB pipe GNU tar and cat would pay a cross-core wake-up every
 * 64 KiB that ours does not, a slowed-down baseline. `tar-pipe-64k` shows the pipe as a shell leaves it.
 */
const WIDEN_PIPE = 'perl -e "fcntl(STDIN, 1031, 1048576) or exit 1"'

/**
 * @param {object} meta the generated archive's metadata
 * @param {{repoRoot: string, node: string, cli: string}} context
 * @returns {{id: string, label: string, command: string, okExitCodes: number[], peer?: boolean}[]}
 */
export function commandsFor(meta, context) {
  const file = quote(relative(context.repoRoot, meta.archivePath))
  const node = context.node
  const layerNames = meta.layers.map((l) => `blobs/sha256/${l.digest.slice('sha256:'.length)}`)
  const gzip = meta.scenario.compression === 'gzip'
  // Past the default --max-entries the read is refused: a scale point beyond it says so on its command.
  const extra = meta.scenario.cliArgs?.length ? ' ' + meta.scenario.cliArgs.join(' ') : ''
  const commands = [
    {
      id: 'ours-file',
      label: 'image-policy-gate check, archive as a file',
      command: `${quote(node)} ${quote(context.cli)} check --archive ${file}${extra}`,
      // 1 = the default policy failed (this busybox image has a shell); 2 = could not read the archive.
      okExitCodes: [0, 1]
    },
    {
      id: 'ours-stdin',
      label: 'image-policy-gate check, archive on stdin',
      // A pipe, as from `docker save IMAGE |`: a redirected file would let a reader seek.
      command: `cat ${file} | ${quote(node)} ${quote(context.cli)} check --archive -${extra}`,
      okExitCodes: [0, 1]
    },
    {
      id: 'cat',
      label: '`cat FILE > /dev/null` (reading the file)',
      command: `cat ${file} > /dev/null`,
      okExitCodes: [0]
    },
    {
      id: 'tar-pipe',
      label: '`cat FILE | tar -t` (every byte through a 1 MiB pipe)',
      command: `cat ${file} | { ${WIDEN_PIPE}; tar -t > /dev/null; }`,
      okExitCodes: [0]
    },
    {
      id: 'tar-pipe-64k',
      label: '`cat FILE | tar -t` through the 64 KiB pipe a shell makes',
      command: `cat ${file} | tar -t > /dev/null`,
      okExitCodes: [0]
    },
    {
      id: 'pipe',
      label: '`cat FILE | cat > /dev/null` (the bytes through a 1 MiB pipe, nothing done with them)',
      // What moving the archive through a pipe costs by itself, below any reader of stdin.
      command: `cat ${file} | { ${WIDEN_PIPE}; cat > /dev/null; }`,
      okExitCodes: [0]
    },
    {
      id: 'tar-layers',
      label: `GNU tar listing every layer: \`tar -xOf FILE LAYER | tar -t${gzip ? 'z' : ''}\` for each`,
      // The outer tar seeks past the other members (FILE is a regular file); the inner one lists the
      // layer from the pipe, names only. A layer that fails to list fails the command.
      command:
        `for layer in ${layerNames.join(' ')}; do ` +
        `tar -xOf ${file} "$layer" | { ${WIDEN_PIPE}; tar -t${gzip ? 'z' : ''} > /dev/null; } || exit 1; done`,
      okExitCodes: [0]
    }
  ]
  if (gzip) {
    const layersDir = relative(context.repoRoot, meta.layersDir)
    commands.push({
      id: 'gzip-seq',
      label: '`gzip -dc` of every layer, one after another',
      command: `for f in ${layersDir}/*.tar.gz; do gzip -dc "$f"; done > /dev/null`,
      okExitCodes: [0]
    })
  }
  if (!meta.scenario.noPeers) {
    for (const kind of ['oci-archive', 'docker-archive']) {
      commands.push({
        id: `snyk-${kind}`,
        label: `snyk-docker-plugin scan({ path: '${kind}:FILE' })`,
        command: `${quote(node)} bench/snyk-scan.mjs ${kind} ${file}`,
        okExitCodes: [0],
        peer: true
      })
    }
  }
  // What the docs show: `node` for the Node.js 24 binary, FILE for the archive, LAYER… for the blobs.
  const layersDir = meta.layersDir ? relative(context.repoRoot, meta.layersDir) : null
  for (const c of commands) {
    c.display = c.command
      .replaceAll(quote(node), 'node')
      .replaceAll(file, 'FILE')
      .replaceAll(quote(context.cli), context.cli)
      .replace(layerNames.join(' '), `<the ${layerNames.length} layer blobs>`)
    if (layersDir) c.display = c.display.replaceAll(layersDir, 'bench/out/KEY.layers')
  }
  return commands
}
