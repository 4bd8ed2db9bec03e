// The archives of issues 6 and 18. `--quick` shrinks each one for development; ratios stay comparable in kind.

const GiB = 2 ** 30
const MiB = 2 ** 20

export const SCENARIOS = {
  a: {
    title: '(a) 1 GiB, 100,000 files, 8 uncompressed layers',
    full: { contentBytes: 1 * GiB, files: 100_000 },
    quick: { contentBytes: 64 * MiB, files: 10_000 },
    compression: 'none',
    sigma: 1.6
  },
  b: {
    title: '(b) as (a), gzip layers (containerd store)',
    full: { contentBytes: 1 * GiB, files: 100_000 },
    quick: { contentBytes: 64 * MiB, files: 10_000 },
    compression: 'gzip',
    sigma: 1.6
  },
  c: {
    title: '(c) 500,000 tiny files, 8 uncompressed layers',
    full: { contentBytes: 50_000_000, files: 500_000 },
    quick: { contentBytes: 5_000_000, files: 50_000 },
    compression: 'none',
    sigma: 0.8
  },
  d: {
    title: '(d) as (a) at 4 GiB (same 100,000 files): memory must stay flat',
    full: { contentBytes: 4 * GiB, files: 100_000 },
    quick: { contentBytes: 256 * MiB, files: 10_000 },
    compression: 'none',
    sigma: 1.6
  },
  e: {
    title: '(e) the scale point: 10 × (a), 10 GiB and 1,000,000 files',
    full: { contentBytes: 10 * GiB, files: 1_000_000 },
    quick: { contentBytes: 640 * MiB, files: 100_000 },
    compression: 'none',
    sigma: 1.6,
    // 1.1 million entries: past the default --max-entries (1,000,000), so the limit is raised.
    cliArgs: ['--max-entries', '2000000'],
    // snyk-docker-plugin would take minutes here, and its ratio is measured on (a).
    noPeers: true,
    // Shrunk (halving bytes and files together) when the disk cannot hold it twice over while it is made.
    fitsDisk: true
  },
  s: {
    title: '(s) a smaller image: 300 MB, 30,000 files, 8 uncompressed layers',
    full: { contentBytes: 300_000_000, files: 30_000 },
    quick: { contentBytes: 30_000_000, files: 3_000 },
    compression: 'none',
    sigma: 1.6
  }
}

/**
 * @param {string} id
 * @param {boolean} quick
 * @param {number} [halvings] how many times a scenario that may shrink to fit the disk is halved
 *   (bytes and files together)
 */
export function scenarioParams(id, quick, halvings = 0) {
  const def = SCENARIOS[id]
  if (!def) throw new Error(`unknown scenario ${id} (known: ${Object.keys(SCENARIOS).join(', ')})`)
  const full = quick ? def.quick : def.full
  const size = {
    contentBytes: Math.round(full.contentBytes / 2 ** halvings),
    files: Math.round(full.files / 2 ** halvings)
  }
  const describe = () =>
    `${(size.contentBytes / GiB).toFixed(1)} GiB, ${size.files.toLocaleString('en-US')} files`
  return {
    id,
    name: `${id}${quick ? '-quick' : ''}`,
    title: quick
      ? `${def.title} — quick: ${(size.contentBytes / MiB).toFixed(0)} MiB, ${size.files.toLocaleString('en-US')} files`
      : halvings
        ? `${def.title} — shrunk to ${describe()} to fit the disk`
        : def.title,
    ...size,
    layers: 8,
    compression: def.compression,
    sigma: def.sigma,
    seed: 20240610,
    ...(def.cliArgs ? { cliArgs: def.cliArgs } : {}),
    ...(def.noPeers ? { noPeers: true } : {}),
    ...(def.fitsDisk ? { fitsDisk: true } : {})
  }
}
