// Renders one run's results as Markdown (docs/benchmarks.md).

import { readFileSync } from 'node:fs'
import { evaluateGoals } from './goals.mjs'

/** Hand-written sections (how to rerun, how the reader spends its time), the same in every run's report. */
const NOTES = new URL('../report-notes.md', import.meta.url)

const MiB = 2 ** 20
const fmtSeconds = (s) => (Number.isFinite(s) ? (s < 10 ? s.toFixed(2) : s.toFixed(1)) + ' s' : '—')
const fmtRatio = (r) => (Number.isFinite(r) ? r.toFixed(2) + '×' : '—')
const fmtMiB = (m) => (Number.isFinite(m) ? m.toFixed(0) + ' MiB' : '—')
const fmtCount = (n) => n.toLocaleString('en-US')
/** Text for a table cell: a `|` would end the cell, even inside backticks. */
const cell = (text) => String(text).replaceAll('|', '\\|')
const verdict = (met) => (met === null ? 'n/a' : met ? '**met**' : '**missed**')

function scenarioTable(scenario) {
  const byId = Object.fromEntries(scenario.commands.map((c) => [c.id, c.summary]))
  const tarLayers = byId['tar-layers']?.medianSeconds
  const tarPipe = byId['tar-pipe']?.medianSeconds
  const cat = byId['cat']?.medianSeconds
  const lines = [
    '| command | median wall | range | CPU user+sys | peak RSS | × tar per layer | × `cat \\| tar -t` | × cat | runs |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|'
  ]
  for (const c of scenario.commands) {
    const s = c.summary
    const failed = s.okRuns < s.runs ? ` (failed: ${s.failure ?? 'exit ' + s.exitCodes.join('/')})` : ''
    lines.push(
      `| ${cell(c.label + failed)} | ${fmtSeconds(s.medianSeconds)} | ${fmtSeconds(s.minSeconds)} – ${fmtSeconds(s.maxSeconds)} | ` +
        `${fmtSeconds(s.medianCpuSeconds)} | ${fmtMiB(s.peakRssMiB)} | ${fmtRatio(s.medianSeconds / tarLayers)} | ` +
        `${fmtRatio(s.medianSeconds / tarPipe)} | ${fmtRatio(s.medianSeconds / cat)} | ${s.okRuns}/${s.runs} |`
    )
  }
  return lines.join('\n')
}

function archiveRow(scenario) {
  const m = scenario.meta
  const t = m.totals
  return (
    `| ${scenario.title} | ${(m.archiveBytes / MiB).toFixed(0)} MiB | ${(t.uncompressedSize / MiB).toFixed(0)} MiB | ` +
    `${m.layers.length} | ${fmtCount(t.entries)} | ${fmtCount(t.files)} | ${fmtCount(t.links)} | ${fmtCount(t.dirs)} | ` +
    `${fmtCount(t.whiteouts)} | \`${m.key}\` |`
  )
}

/** Two runs on the same code, goal by goal, and the timing goals' ratios taken on CPU time as well. */
function bothRunsSection(earlier, results) {
  const load = (r) => `${r.loadAverage.start.toFixed(1)} → ${r.loadAverage.end.toFixed(1)}`
  const out = ['## Both runs', '']
  out.push(
    `Two complete runs of \`npm run bench\` on the same code, one after the other; this page's other tables are ` +
      `the second's. 1-minute load average from start to end: run 1 ${load(earlier)}, run 2 ${load(results)}.`,
    ''
  )
  out.push(
    `| goal | target | run 1 (${earlier.generatedAt}) | run 2 (${results.generatedAt}) |`,
    '|---|---|---|---|'
  )
  const before = new Map(evaluateGoals(earlier).map((g) => [g.goal, g]))
  const shown = (g) => (g ? `${g.measured} ${g.met === null ? 'n/a' : g.met ? 'met' : '**missed**'}` : '—')
  for (const g of evaluateGoals(results))
    out.push(
      `| ${cell(g.goal)} | ${cell(g.target)} | ${cell(shown(before.get(g.goal)))} | ${cell(shown(g))} |`
    )
  out.push('')
  const cpu = (r, scenario, id) =>
    r.scenarios.find((s) => s.meta.scenario.id === scenario)?.commands.find((c) => c.id === id)?.summary
      .medianCpuSeconds
  const pairs = [
    ['(a) from a file vs GNU tar listing every layer', 'a', 'ours-file', 'tar-layers'],
    ['(a) from stdin vs `cat FILE | tar -t`', 'a', 'ours-stdin', 'tar-pipe'],
    ['(a) from stdin vs our own file path', 'a', 'ours-stdin', 'ours-file'],
    ['(a) the 1 MiB pipe alone (`cat FILE | cat`) vs our own file path', 'a', 'pipe', 'ours-file'],
    ['(a) snyk-docker-plugin oci-archive vs ours, as a file', 'a', 'snyk-oci-archive', 'ours-file', true]
  ]
  out.push('| the same ratio, of median CPU time (user+sys) | run 1 | run 2 |', '|---|--:|--:|')
  for (const [label, scenario, a, b] of pairs) {
    const ratio = (r) => fmtRatio(cpu(r, scenario, a) / cpu(r, scenario, b))
    out.push(`| ${cell(label)} | ${ratio(earlier)} | ${ratio(results)} |`)
  }
  out.push('')
  return out
}

export function renderReport(results, earlier) {
  const m = results.machine
  const out = []
  out.push('# Benchmarks', '')
  out.push(
    `Written by \`npm run bench\`${results.quick ? ' --quick (small archives)' : ''} on ${results.generatedAt}; ` +
      'rerun it to refresh this file (see [How to rerun](#how-to-rerun)).',
    ''
  )
  if (results.note) out.push(`> **${results.note}**`, '')
  out.push('## Machine', '')
  out.push('| | |', '|---|---|')
  out.push(`| CPUs (\`nproc\`) | ${m.nproc} |`, `| CPU model | ${m.cpu} |`, `| memory | ${m.memoryGiB} GiB |`)
  out.push(
    `| kernel | ${m.kernel} |`,
    `| Node.js | ${m.node} |`,
    `| GNU tar | ${m.tar} |`,
    `| gzip | ${m.gzip} |`
  )
  out.push(`| GNU time | ${m.time} |`, `| snyk-docker-plugin | ${m.snykDockerPlugin} |`)
  const load = results.loadAverage
  out.push(
    `| 1-minute load average | ${load.start.toFixed(1)} at the start, ${load.end.toFixed(1)} at the end ` +
      '(other work on the machine slows the commands down: compare ratios within one run) |',
    ''
  )

  out.push('## Goals', '')
  out.push('| goal | target | measured | |', '|---|---|---|---|')
  for (const g of evaluateGoals(results))
    out.push(`| ${cell(g.goal)} | ${cell(g.target)} | ${cell(g.measured)} | ${verdict(g.met)} |`)
  out.push('')
  if (earlier) out.push(...bothRunsSection(earlier, results))

  out.push('## Archives', '')
  out.push(
    '| archive | size | layers uncompressed | layers | tar entries | regular files | links | dirs | whiteouts | cache key (bench/out) |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|---|'
  )
  for (const s of results.scenarios) out.push(archiveRow(s))
  out.push('')

  out.push('## Results', '')
  out.push(
    'Median of the runs; wall time measured around the whole command, CPU and peak RSS from GNU time ' +
      '(peak RSS is the largest single process of the command, e.g. the Node.js process with all its threads).',
    ''
  )
  for (const s of results.scenarios) {
    out.push(`### ${s.title}`, '', scenarioTable(s), '')
    const ours = s.commands.find((c) => c.id === 'ours-file')
    if (ours?.summary.firstStdout) {
      const firstLines = ours.summary.firstStdout.trim().split('\n').slice(0, 6).join('\n')
      out.push(
        '<details><summary>first lines of our report</summary>',
        '',
        '```',
        firstLines,
        '```',
        '</details>',
        ''
      )
    }
  }

  out.push(...dockerSection(results.docker, results.options.dockerRuns))
  out.push(...registrySection(results.registry))

  out.push('## How it is measured', '')
  out.push(
    `- Each command runs ${results.options.runs} times (snyk-docker-plugin: ${results.options.runs} on (a), ` +
      `${results.options.peerRuns} elsewhere), round-robin, after one untimed \`cat\` that puts the archive in the page ` +
      `cache; a command that takes longer than ${results.options.timeoutSeconds} s is killed and reported as failed.`,
    '- Archives are generated deterministically (fixed seed) by `bench/lib/generate-archive.mjs` in the layout Docker 25+ ' +
      'writes: `blobs/sha256/…` first, in digest order, then `index.json`, `manifest.json`, `oci-layout` and ' +
      '(graphdriver store) `repositories`. The gzip archive (b) is laid out as the containerd image store writes it ' +
      '(`application/vnd.oci.image.layer.v1.tar+gzip` blobs, no `repositories`). File bodies are slices of a text-like ' +
      'pseudo-random pool (gzip -6 shrinks them about 1.7×). The base layer is busybox-style (`bin/busybox`, a fake ELF ' +
      'with the version string and applet table; `bin/*` applets as hard links, `usr/bin/*` and `sbin/*` as symlinks); ' +
      'later layers delete earlier files (`.wh.name`, one whole directory, the `usr/bin/wget` applet) and rewrite some.',
    '- The commands, exactly as run from the repository root (`FILE` is the archive under `bench/out/`):',
    ''
  )
  const example =
    results.scenarios.find((s) => s.meta.scenario.compression === 'gzip') ?? results.scenarios[0]
  const seen = new Set()
  for (const s of [results.scenarios[0], example].filter(Boolean)) {
    for (const c of s.commands) {
      if (seen.has(c.id)) continue
      seen.add(c.id)
      out.push(`  - ${c.label}: \`${c.display}\``)
    }
  }
  const limited = results.scenarios.filter((s) => s.meta.scenario.cliArgs?.length)
  for (const s of limited)
    out.push(
      `  - on ${s.title}, our two commands add \`${s.meta.scenario.cliArgs.join(' ')}\` (at full size, ` +
        '1,000,000 files make about 1.1 million tar entries, past the default limit of 1,000,000)'
    )
  out.push(
    '',
    '  The two GNU tar baselines are the fastest honest ways it lists the same archive: from a file, one ' +
      '`tar -xOf FILE LAYER` per layer (which seeks past the other members) piped into `tar -t` (names only, no ' +
      '`-v`; `-tz` for gzip layers), layer after layer; from a pipe, `cat FILE | tar -t`, which reads every byte ' +
      'of the archive through a pipe (10 KiB at a time, its default record) and lists its members. Every pipe of ' +
      'a baseline is first enlarged to 1 MiB by its reader (`perl -e "fcntl(STDIN, 1031, 1048576)"`), as our CLI ' +
      'enlarges its stdin: on the 64 KiB pipe a shell makes, tar and cat would pay a wake-up across cores every ' +
      '64 KiB that ours does not (`cat FILE | tar -t` on that pipe is shown for comparison). Below both, ' +
      '`cat FILE | cat > /dev/null` moves the bytes through such a pipe and does nothing with them: no reader of ' +
      "stdin can take less, so where it is already past a stdin goal's target, that goal cannot be met on " +
      'the machine (the goals table shows it beside the goal).',
    '- snyk-docker-plugin is scanned through its public `scan()` API (`bench/snyk-scan.mjs`), which prints the OS it ' +
      "found in the base layer's `/etc/os-release` to prove the layers were read. With a Docker 25+ archive its " +
      '`docker-archive:` mode finds no `*.tar` layers on its first pass and falls back to its other readers; its ' +
      '`oci-archive:` mode reads the archive twice (metadata, then layers). The faster of the two is used for the goal.',
    "- GNU time is Debian's `time` package (`apt-get install time`) at `/usr/bin/time`.",
    ''
  )
  out.push(readFileSync(NOTES, 'utf8').trimEnd(), '')
  return out.join('\n')
}

function dockerSection(docker, runs) {
  const out = ['## Through the action on a Docker engine', '']
  if (docker?.status !== 'measured') {
    out.push(`n/a: ${docker?.reason ?? 'not run'}.`, '')
    return out
  }
  const e = docker.engine
  out.push(
    `Docker engine ${e.serverVersion} (storage driver \`${e.storageDriver}\`, client ${e.clientVersion}` +
      `${docker.startedByBench ? ', a private dockerd started by `.ci/docker-up.sh` and stopped afterwards' : ''}). ` +
      `Each image is loaded with \`docker load\` (a later run against the same engine, \`DOCKER_HOST\`, reuses it); ` +
      `each command runs ${runs} times, round-robin, after one untimed \`docker save\`. ` +
      'Archive (a) is the size where `docker save` costs CI minutes; the smaller image (s) is where the ' +
      "gate's own start-up, merge and rules cannot hide behind the export. " +
      'The engine exports the image before it streams it (with a graphdriver store, Docker 20.10 writes every layer ' +
      'to a temporary directory first, so most of `docker save` passes before its first byte); our reader works ' +
      'while the bytes stream, so what it adds is mostly its own start-up and its streaming time, shared on the ' +
      'same CPUs with dockerd and the docker CLI.',
    ''
  )
  for (const image of docker.images) {
    const a = image.archive
    out.push(
      `### ${a.title}`,
      '',
      `\`${a.key}\`, ${(a.bytes / MiB).toFixed(0)} MiB, ${fmtCount(a.entries)} entries, loaded ` +
        `${image.loadSeconds === null ? 'by an earlier run' : `in ${fmtSeconds(image.loadSeconds)}`}.`,
      '',
      '| command | median wall | range | CPU user+sys (our process tree) | peak RSS | × docker save | runs |',
      '|---|--:|--:|--:|--:|--:|--:|'
    )
    const save = image.commands.find((c) => c.id === 'docker-save')?.summary.medianSeconds
    for (const c of image.commands) {
      const s = c.summary
      const failed = s.okRuns < s.runs ? ` (failed: ${s.failure ?? 'exit ' + s.exitCodes.join('/')})` : ''
      out.push(
        `| ${cell(c.label + failed)} | ${fmtSeconds(s.medianSeconds)} | ${fmtSeconds(s.minSeconds)} – ${fmtSeconds(s.maxSeconds)} | ` +
          `${fmtSeconds(s.medianCpuSeconds)} | ${fmtMiB(s.peakRssMiB)} | ${fmtRatio(s.medianSeconds / save)} | ${s.okRuns}/${s.runs} |`
      )
    }
    // Every round: the engine's export time swings by a second or more, which the medians hide.
    out.push(
      '',
      "Every run, round by round (wall seconds; the ratio is the round's own, against that round's `docker save`):",
      '',
      `| round | ${image.commands.map((c) => `\`${c.id}\``).join(' | ')} |`,
      `|--:|${image.commands.map(() => '--:').join('|')}|`
    )
    const saveRuns = image.commands.find((c) => c.id === 'docker-save')?.summary.wallSecondsByRun ?? []
    for (let round = 0; round < runs; round++) {
      const cells = image.commands.map((c) => {
        const wall = c.summary.wallSecondsByRun?.[round]
        if (wall === undefined) return '–'
        return c.id === 'docker-save'
          ? fmtSeconds(wall)
          : `${fmtSeconds(wall)} (${fmtRatio(wall / saveRuns[round])})`
      })
      out.push(`| ${round + 1} | ${cells.join(' | ')} |`)
    }
    out.push('')
  }
  const commands = docker.images[0]?.commands ?? []
  out.push('The commands, from the repository root (`IMAGE` is the loaded image):', '')
  for (const c of commands) out.push(`- ${c.label}: \`${c.display}\``)
  out.push(
    '',
    "CPU and peak RSS are GNU time's figures for the command's own processes (the docker CLI, our Node.js process); " +
      "dockerd's work is not in them.",
    ''
  )
  return out
}

function registrySection(registry) {
  const out = ['## From a registry', '']
  if (registry?.status !== 'measured') {
    out.push(`n/a: ${registry?.reason ?? 'not run'}.`, '')
    return out
  }
  out.push(
    `${registry.title}, pushed with \`skopeo copy --preserve-digests\` to Debian's docker-registry (distribution 2.8) ` +
      'on 127.0.0.1, plain HTTP, on the same CPUs. The baseline is the fetch a user would otherwise run before gating ' +
      'a layout: `skopeo copy` of the image to an OCI layout directory, its uncompressed layers kept as they are. ' +
      'Ours streams every layer into the reader and checks every digest; the file path is our CLI on the archive.',
    '',
    '| command | median wall | range | CPU user+sys | peak RSS | × skopeo copy | runs |',
    '|---|--:|--:|--:|--:|--:|--:|'
  )
  const skopeo = registry.commands.find((c) => c.id === 'skopeo-copy')?.summary.medianSeconds
  for (const c of registry.commands) {
    const s = c.summary
    const failed = s.okRuns < s.runs ? ` (failed: ${s.failure ?? 'exit ' + s.exitCodes.join('/')})` : ''
    out.push(
      `| ${cell(c.label + failed)} | ${fmtSeconds(s.medianSeconds)} | ${fmtSeconds(s.minSeconds)} – ${fmtSeconds(s.maxSeconds)} | ` +
        `${fmtSeconds(s.medianCpuSeconds)} | ${fmtMiB(s.peakRssMiB)} | ${fmtRatio(s.medianSeconds / skopeo)} | ${s.okRuns}/${s.runs} |`
    )
  }
  out.push('', 'The commands (`REF` is the pushed image):', '')
  for (const c of registry.commands) out.push(`- ${c.label}: \`${c.display}\``)
  out.push('')
  return out
}
