// The archives of issue 6. `--quick` shrinks each one for development; ratios stay comparable in kind.

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
  }
}

export function scenarioParams(id, quick) {
  const def = SCENARIOS[id]
  if (!def) throw new Error(`unknown scenario ${id} (known: ${Object.keys(SCENARIOS).join(', ')})`)
  const size = quick ? def.quick : def.full
  return {
    id,
    name: `${id}${quick ? '-quick' : ''}`,
    title: quick
      ? `${def.title} — quick: ${(size.contentBytes / MiB).toFixed(0)} MiB, ${size.files.toLocaleString('en-US')} files`
      : def.title,
    ...size,
    layers: 8,
    compression: def.compression,
    sigma: def.sigma,
    seed: 20240610
  }
}
