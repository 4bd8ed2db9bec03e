// The goals of issue 6, evaluated on one run's results. A goal whose inputs were not measured is "n/a".

const RSS_LIMIT_MIB = 150
/** "Flat": the 4 GiB archive's peak RSS within 10 % (and 16 MiB) of the 1 GiB one with the same entries. */
const FLAT_TOLERANCE = { ratio: 1.1, slackMiB: 16 }

const get = (results, scenario, command) =>
  results.scenarios.find((s) => s.id === scenario)?.commands.find((c) => c.id === command)?.summary

const seconds = (summary) => summary?.medianSeconds

function ratioGoal(goal, target, numerator, denominator, compare) {
  const value = numerator / denominator
  if (!Number.isFinite(value)) return { goal, target, measured: 'n/a', met: null }
  return { goal, target, measured: `${value.toFixed(2)}×`, met: compare(value) }
}

export function evaluateGoals(results) {
  const rows = []
  const tarA = seconds(get(results, 'a', 'tar-stream'))
  rows.push(
    ratioGoal(
      '(a) from stdin vs GNU tar streaming every layer',
      '≤ 1.20×',
      seconds(get(results, 'a', 'ours-stdin')),
      tarA,
      (v) => v <= 1.2
    )
  )
  rows.push(
    ratioGoal(
      '(a) from a file vs GNU tar streaming every layer',
      '≤ 0.50×',
      seconds(get(results, 'a', 'ours-file')),
      tarA,
      (v) => v <= 0.5
    )
  )
  const snykA = Math.min(
    ...['snyk-oci-archive', 'snyk-docker-archive']
      .map((id) => seconds(get(results, 'a', id)) ?? NaN)
      .filter(Number.isFinite)
  )
  rows.push(
    ratioGoal(
      '(a) as a file: snyk-docker-plugin (its faster mode) vs ours',
      '≥ 8×',
      snykA,
      seconds(get(results, 'a', 'ours-file')),
      (v) => v >= 8
    )
  )
  const gzipB = seconds(get(results, 'b', 'gzip-seq'))
  rows.push(
    ratioGoal(
      '(b) from a file vs sequential `gzip -dc` of its layers',
      '≤ 0.70×',
      seconds(get(results, 'b', 'ours-file')),
      gzipB,
      (v) => v <= 0.7
    )
  )
  rows.push(
    ratioGoal(
      '(b) from stdin vs sequential `gzip -dc` of its layers',
      '≤ 0.70×',
      seconds(get(results, 'b', 'ours-stdin')),
      gzipB,
      (v) => v <= 0.7
    )
  )
  for (const id of ['a', 'b', 'c']) {
    const rss = Math.max(...['ours-file', 'ours-stdin'].map((c) => get(results, id, c)?.peakRssMiB ?? NaN))
    rows.push({
      goal: `(${id}) peak RSS, file and stdin`,
      target: `≤ ${RSS_LIMIT_MIB} MiB`,
      measured: Number.isFinite(rss) ? `${rss.toFixed(0)} MiB` : 'n/a',
      met: Number.isFinite(rss) ? rss <= RSS_LIMIT_MIB : null
    })
  }
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
  rows.push(dockerGoal(results.docker))
  return rows
}

function dockerGoal(docker) {
  const goal = 'through the action on a Docker engine vs `docker save IMAGE > /dev/null`'
  if (docker?.status !== 'measured')
    return { goal, target: '≤ 1.10×', measured: `n/a: ${docker?.reason ?? 'not run'}`, met: null }
  const of = (id) => docker.commands.find((c) => c.id === id)?.summary.medianSeconds
  return ratioGoal(goal, '≤ 1.10×', of('ours-action'), of('docker-save'), (v) => v <= 1.1)
}
