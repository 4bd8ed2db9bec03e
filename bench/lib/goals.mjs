// The goals of issue 18, evaluated on one run's results, every ratio between commands of that run. A goal
// whose inputs were not measured is "n/a".

/** Peak RSS limits: (a) 100,000 files, (c) 500,000 tiny files. */
const RSS_LIMIT_MIB = { a: 100, c: 150 }
/** The scale point: time within 10 % of linear in the entries, memory at most this much per extra entry. */
const LINEAR_TOLERANCE = 1.1
const BYTES_PER_EXTRA_ENTRY = 128
/** (d) "flat": the 4 GiB archive's peak RSS within 10 % (and 16 MiB) of the 1 GiB one with the same entries. */
const FLAT_TOLERANCE = { ratio: 1.1, slackMiB: 16 }
const MiB = 2 ** 20

const scenarioOf = (results, id) => results.scenarios.find((s) => s.id === id)
const get = (results, scenario, command) =>
  scenarioOf(results, scenario)?.commands.find((c) => c.id === command)?.summary

const seconds = (summary) => summary?.medianSeconds

function ratioGoal(goal, target, numerator, denominator, compare) {
  const value = numerator / denominator
  if (!Number.isFinite(value)) return { goal, target, measured: 'n/a', met: null }
  return { goal, target, measured: `${value.toFixed(2)}×`, met: compare(value) }
}

/**
 * A goal beside the floor under it: `floor` is the same ratio for the pipe alone (`cat FILE | cat`), which
 * no reader of stdin can beat. A floor past the target makes the goal unreachable on this machine.
 */
function withFloor(row, floor) {
  if (!Number.isFinite(floor) || row.met === null) return row
  return {
    ...row,
    measured: `${row.measured} (the 1 MiB pipe alone, \`cat FILE | cat\`: ${floor.toFixed(2)}×)`
  }
}

const peakOf = (results, id, commands = ['ours-file', 'ours-stdin']) =>
  Math.max(...commands.map((c) => get(results, id, c)?.peakRssMiB ?? NaN))

export function evaluateGoals(results) {
  const rows = []
  const oursFileA = seconds(get(results, 'a', 'ours-file'))
  const oursStdinA = seconds(get(results, 'a', 'ours-stdin'))
  rows.push(
    ratioGoal(
      '(a) from a file vs GNU tar listing every layer (`tar -xOf FILE LAYER | tar -t` each)',
      '≤ 1.00×',
      oursFileA,
      seconds(get(results, 'a', 'tar-layers')),
      (v) => v <= 1.0
    ),
    ratioGoal(
      '(a) from stdin vs `cat FILE | tar -t` (every byte through a 1 MiB pipe)',
      '≤ 1.50×',
      oursStdinA,
      seconds(get(results, 'a', 'tar-pipe')),
      (v) => v <= 1.5
    ),
    withFloor(
      ratioGoal('(a) from stdin vs our own file path', '≤ 1.30×', oursStdinA, oursFileA, (v) => v <= 1.3),
      seconds(get(results, 'a', 'pipe')) / oursFileA
    )
  )
  const snykA = Math.min(
    ...['snyk-oci-archive', 'snyk-docker-archive']
      .map((id) => seconds(get(results, 'a', id)) ?? NaN)
      .filter(Number.isFinite)
  )
  rows.push(
    ratioGoal(
      '(a) snyk-docker-plugin (its faster mode) vs ours, as a file',
      '≥ 10×',
      snykA,
      oursFileA,
      (v) => v >= 10
    )
  )
  for (const id of ['a', 'c']) {
    const rss = peakOf(results, id)
    rows.push({
      goal: `(${id}) peak RSS, file and stdin`,
      target: `≤ ${RSS_LIMIT_MIB[id]} MiB`,
      measured: Number.isFinite(rss) ? `${rss.toFixed(0)} MiB` : 'n/a',
      met: Number.isFinite(rss) ? rss <= RSS_LIMIT_MIB[id] : null
    })
  }
  const gzipB = seconds(get(results, 'b', 'gzip-seq'))
  rows.push(
    ratioGoal(
      '(b) gzip layers from a file vs sequential `gzip -dc` of its layers',
      '≤ 0.50×',
      seconds(get(results, 'b', 'ours-file')),
      gzipB,
      (v) => v <= 0.5
    ),
    ratioGoal(
      '(b) gzip layers from stdin vs sequential `gzip -dc` of its layers',
      '≤ 0.70×',
      seconds(get(results, 'b', 'ours-stdin')),
      gzipB,
      (v) => v <= 0.7
    )
  )
  rows.push(...scaleGoals(results))
  for (const command of ['ours-file', 'ours-stdin']) {
    const small = get(results, 'a', command)?.peakRssMiB
    const large = get(results, 'd', command)?.peakRssMiB
    const ok = Number.isFinite(small) && Number.isFinite(large)
    rows.push({
      goal: `(d) 4× the bytes, same entries: peak RSS stays flat (${command === 'ours-file' ? 'file' : 'stdin'})`,
      target: '(d) ≤ 1.1 × (a) + 16 MiB',
      measured: ok ? `${small.toFixed(0)} → ${large.toFixed(0)} MiB` : 'n/a',
      met: ok ? large <= small * FLAT_TOLERANCE.ratio + FLAT_TOLERANCE.slackMiB : null
    })
  }
  rows.push(...dockerGoals(results.docker))
  rows.push(...registryGoals(results.registry))
  return rows
}

/** (e) against (a): as many times the time as the entries (within 10 %), and memory per extra entry. */
function scaleGoals(results) {
  const a = scenarioOf(results, 'a')
  const e = scenarioOf(results, 'e')
  const factor = a && e ? e.meta.totals.entries / a.meta.totals.entries : NaN
  const rows = []
  for (const [command, how] of [
    ['ours-file', 'file'],
    ['ours-stdin', 'stdin']
  ]) {
    const goal = `(e) scale point: time grows linearly with the entries (${how})`
    const value = seconds(get(results, 'e', command)) / seconds(get(results, 'a', command))
    rows.push(
      Number.isFinite(value) && Number.isFinite(factor)
        ? {
            goal,
            target: `≤ ${LINEAR_TOLERANCE} × the entries' factor`,
            measured: `${value.toFixed(2)}× (a)'s time for ${factor.toFixed(2)}× its entries`,
            met: value <= factor * LINEAR_TOLERANCE
          }
        : { goal, target: `≤ ${LINEAR_TOLERANCE} × the entries' factor`, measured: 'n/a', met: null }
    )
  }
  const goal = '(e) scale point: peak RSS per entry beyond (a)'
  const target = `≤ ${BYTES_PER_EXTRA_ENTRY} bytes per entry`
  const extraEntries = a && e ? e.meta.totals.entries - a.meta.totals.entries : NaN
  const perEntry = ((peakOf(results, 'e') - peakOf(results, 'a')) * MiB) / extraEntries
  rows.push(
    Number.isFinite(perEntry) && extraEntries > 0
      ? {
          goal,
          target,
          measured: `${perEntry.toFixed(0)} bytes (${peakOf(results, 'a').toFixed(0)} → ${peakOf(results, 'e').toFixed(0)} MiB)`,
          met: perEntry <= BYTES_PER_EXTRA_ENTRY
        }
      : { goal, target, measured: 'n/a', met: null }
  )
  return rows
}

function dockerGoals(docker) {
  const goal = (title) =>
    `through the action on a Docker engine vs \`docker save IMAGE > /dev/null\`: ${title}`
  if (docker?.status !== 'measured')
    return [
      {
        goal: goal('(a) and (s)'),
        target: '≤ 1.10×',
        measured: `n/a: ${docker?.reason ?? 'not run'}`,
        met: null
      }
    ]
  return docker.images.map((image) => {
    const of = (id) => image.commands.find((c) => c.id === id)?.summary.medianSeconds
    return ratioGoal(
      goal(image.archive.title),
      '≤ 1.10×',
      of('ours-action'),
      of('docker-save'),
      (v) => v <= 1.1
    )
  })
}

function registryGoals(registry) {
  const time = '(a) from a local registry vs `skopeo copy docker://REF oci:DIR` of it'
  const memory = "(a) from a local registry: peak RSS vs our file path's"
  if (registry?.status !== 'measured') {
    const measured = `n/a: ${registry?.reason ?? 'not run'}`
    return [
      { goal: time, target: '≤ 1.00×', measured, met: null },
      { goal: memory, target: '≤ 1.05×', measured, met: null }
    ]
  }
  const of = (id) => registry.commands.find((c) => c.id === id)?.summary
  return [
    ratioGoal(
      time,
      '≤ 1.00×',
      of('ours-registry')?.medianSeconds,
      of('skopeo-copy')?.medianSeconds,
      (v) => v <= 1.0
    ),
    ratioGoal(
      memory,
      '≤ 1.05×',
      of('ours-registry')?.peakRssMiB,
      of('ours-file')?.peakRssMiB,
      (v) => v <= 1.05
    )
  ]
}
