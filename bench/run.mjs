#!/usr/bin/env node
// `npm run bench`: generates the archives of issues 6 and 18 (cached under bench/out), runs our CLI and the
// floors and peers side by side on them, and writes the results with the machine's description to
// docs/benchmarks.md.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, statfsSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { commandsFor } from './lib/commands.mjs'
import { measureDocker } from './lib/docker-bench.mjs'
import { measureRegistry } from './lib/registry-bench.mjs'
import { archiveKey, ensureArchive } from './lib/generate-archive.mjs'
import { evaluateGoals } from './lib/goals.mjs'
import { describeMachine } from './lib/machine.mjs'
import { GNU_TIME, interleavedRuns, runTimed, summarise } from './lib/measure.mjs'
import { renderReport } from './lib/report.mjs'
import { SCENARIOS, scenarioParams } from './lib/scenarios.mjs'

const HELP = `Usage: npm run bench -- [options]

  --quick              small archives (64 MiB / 10,000 files ...) for development
  --scenarios a,b,...  which archives (default: all): ${Object.entries(SCENARIOS)
    .map(([id, s]) => `\n                         ${id}: ${s.title}`)
    .join('')}
  --tools LIST         which commands (default: all): ours,cat,tar,gzip,snyk
  --runs N             timed runs per command (default 3); the median is reported
  --peer-runs N        runs of snyk-docker-plugin outside archive (a) (default 1; it is slow)
  --timeout S          kill a command after S seconds (default 900)
  --cli PATH           our CLI (default dist/cli.js)
  --out FILE           where to write the Markdown (default docs/benchmarks.md for a complete full run,
                       bench/out/benchmarks-<quick|partial>.md otherwise)
  --no-docker          skip the action-on-a-Docker-engine goal (otherwise: the engine DOCKER_HOST points at,
                       else a private dockerd from .ci/docker-up.sh, stopped afterwards; archives (a) and (s)
                       are loaded into it, which takes about 2 minutes with the vfs storage driver)
  --no-registry        skip the registry goal (archive (a) pushed to a local docker-registry, gated from
                       it against skopeo copy of it to an OCI layout; needs docker-registry and skopeo)
  --docker-runs N      timed runs of each Docker command (default: 7, or --runs if more; the engine's
                       export time varies by a second or more from run to run)
  --generate-only      only generate (or find cached) archives
  --note TEXT          a line printed at the top of the report (e.g. that it is a development run)
  --render FILE        only write the Markdown again from a run's results (bench/out/last-results.json),
                       with this version of the report's text; --out and --note apply
  --compare FILE       with --render: an earlier run's results on the same code, shown beside it goal by
                       goal ("Both runs")
  -h, --help`

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const outDir = join(repoRoot, 'bench', 'out')
const log = (message) => process.stderr.write(`[bench] ${message}\n`)

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    scenarios: { type: 'string', default: Object.keys(SCENARIOS).join(',') },
    tools: { type: 'string', default: 'ours,cat,tar,gzip,snyk' },
    runs: { type: 'string', default: '3' },
    'peer-runs': { type: 'string', default: '1' },
    timeout: { type: 'string', default: '900' },
    cli: { type: 'string', default: 'dist/cli.js' },
    out: { type: 'string' },
    'no-docker': { type: 'boolean', default: false },
    'no-registry': { type: 'boolean', default: false },
    'docker-runs': { type: 'string' },
    'generate-only': { type: 'boolean', default: false },
    note: { type: 'string' },
    render: { type: 'string' },
    compare: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false }
  }
})
if (args.help) {
  console.log(HELP)
  process.exit(0)
}
if (args.render) {
  const results = JSON.parse(readFileSync(resolve(args.render), 'utf8'))
  if (args.note !== undefined) results.note = args.note
  const outFile = resolve(args.out ?? join(repoRoot, 'docs', 'benchmarks.md'))
  const earlier = args.compare ? JSON.parse(readFileSync(resolve(args.compare), 'utf8')) : undefined
  writeFileSync(outFile, renderReport(results, earlier))
  console.log(`wrote ${relative(repoRoot, outFile)} from ${args.render}`)
  process.exit(0)
}
const scenarioIds = args.scenarios.split(',').filter(Boolean)
const tools = new Set(args.tools.split(',').filter(Boolean))
const runs = Number(args.runs)
const peerRuns = Number(args['peer-runs'])
const timeoutSeconds = Number(args.timeout)
const dockerRuns = Number(args['docker-runs'] ?? Math.max(7, runs))
if (![runs, peerRuns, timeoutSeconds, dockerRuns].every((n) => Number.isInteger(n) && n > 0)) {
  console.error('--runs, --peer-runs, --docker-runs and --timeout take positive integers')
  process.exit(2)
}
if (!existsSync(GNU_TIME)) {
  console.error(`${GNU_TIME} not found: install GNU time (Debian: apt-get install time)`)
  process.exit(2)
}
mkdirSync(outDir, { recursive: true })

const toolOf = (id) =>
  id.startsWith('ours')
    ? 'ours'
    : id.startsWith('snyk')
      ? 'snyk'
      : id.startsWith('tar-')
        ? 'tar'
        : id === 'gzip-seq'
          ? 'gzip'
          : id === 'pipe'
            ? 'cat'
            : id

/** The archives the Docker goal loads into the engine: (a), and a smaller image start-up cannot hide in. */
const DOCKER_SCENARIOS = ['a', 's']
/** Free space kept for everyone else on the disk when a scale point is generated. */
const DISK_MARGIN_BYTES = 10 * 2 ** 30

/**
 * A scenario's parameters; one that may shrink (the scale point) is halved until generating it leaves
 * DISK_MARGIN_BYTES free (unless it is cached already).
 */
function fittingParams(id) {
  for (let halvings = 0; ; halvings++) {
    const params = scenarioParams(id, args.quick, halvings)
    if (!params.fitsDisk || halvings >= 6) return params
    if (existsSync(join(outDir, `${archiveKey(params)}.tar`))) return params
    const { bavail, bsize } = statfsSync(outDir)
    if (2.2 * params.contentBytes + DISK_MARGIN_BYTES <= bavail * bsize) return params
    log(`${id}: ${(params.contentBytes / 2 ** 30).toFixed(1)} GiB does not fit the free disk: halving it`)
  }
}

const cliPath = resolve(repoRoot, args.cli)
const haveCli = existsSync(cliPath)
if (tools.has('ours') && !haveCli)
  log(`${relative(repoRoot, cliPath)} not found (run npm run package): skipping our CLI`)
const snykDir = join(repoRoot, 'bench', 'node_modules', 'snyk-docker-plugin')
if (tools.has('snyk') && !args['generate-only'] && !existsSync(snykDir)) {
  // The peer lives in the bench's own package.json (with the shescape override this registry needs).
  log('installing the bench dependencies: npm ci in bench/')
  spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: join(repoRoot, 'bench'), stdio: 'inherit' })
}
const haveSnyk = existsSync(snykDir)
if (tools.has('snyk') && !haveSnyk)
  log('snyk-docker-plugin not installed (cd bench && npm install): skipping it')

const snykVersion = haveSnyk
  ? JSON.parse(
      readFileSync(join(repoRoot, 'bench', 'node_modules', 'snyk-docker-plugin', 'package.json'), 'utf8')
    ).version
  : 'not installed'
const results = {
  generatedAt: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
  quick: args.quick,
  ...(args.note ? { note: args.note } : {}),
  machine: describeMachine(process.execPath, snykVersion),
  options: { runs, peerRuns, timeoutSeconds, dockerRuns },
  loadAverage: { start: loadavg()[0], end: NaN },
  scenarios: [],
  docker: { status: 'n/a', reason: 'skipped (--no-docker)' },
  registry: { status: 'n/a', reason: 'skipped (--no-registry)' }
}

for (const id of scenarioIds) {
  const scenario = fittingParams(id)
  // The scenario's commands as defined now (a cached archive's metadata keeps its own copy).
  const meta = { ...(await ensureArchive(scenario, outDir, log)), scenario }
  if (args['generate-only']) {
    console.log(
      `${id}: ${meta.archivePath} (${(meta.archiveBytes / 2 ** 20).toFixed(0)} MiB, ${meta.totals.entries} entries)`
    )
    continue
  }
  const commands = commandsFor(meta, {
    repoRoot,
    node: process.execPath,
    cli: relative(repoRoot, cliPath)
  }).filter(
    (c) =>
      tools.has(toolOf(c.id)) && (toolOf(c.id) !== 'ours' || haveCli) && (toolOf(c.id) !== 'snyk' || haveSnyk)
  )
  log(`${scenario.title}: warming the page cache`)
  await runTimed(`cat '${meta.archivePath}' > /dev/null`, { timeoutSeconds, cwd: repoRoot })
  const runsOf = (c) => (c.peer && id !== 'a' ? Math.min(runs, peerRuns) : runs)
  const raw = await interleavedRuns(commands, {
    rounds: runs,
    runsOf,
    timeoutSeconds,
    cwd: repoRoot,
    label: id,
    log
  })
  results.scenarios.push({
    id,
    title: scenario.title,
    meta,
    commands: commands.map(({ id: cid, label, display, okExitCodes }) => ({
      id: cid,
      label,
      display,
      summary: summarise(raw.get(cid), okExitCodes)
    }))
  })
}
if (args['generate-only']) process.exit(0)

if (args['no-docker']) log('docker: skipped (--no-docker)')
else if (!haveCli) results.docker = { status: 'n/a', reason: `${relative(repoRoot, cliPath)} not built` }
else {
  // The images of scenarios (a) and (s): the goal compares against `docker save` of each, not against tar.
  const images = []
  for (const id of DOCKER_SCENARIOS) {
    const params = scenarioParams(id, args.quick)
    images.push({ id, title: params.title, meta: await ensureArchive(params, outDir, log) })
  }
  results.docker = await measureDocker(images, {
    repoRoot,
    node: process.execPath,
    cli: relative(repoRoot, cliPath),
    runs: dockerRuns,
    timeoutSeconds,
    log
  })
}
if (args['no-registry']) log('registry: skipped (--no-registry)')
else if (!haveCli) results.registry = { status: 'n/a', reason: `${relative(repoRoot, cliPath)} not built` }
else {
  const params = scenarioParams('a', args.quick)
  results.registry = await measureRegistry(
    { title: params.title, meta: await ensureArchive(params, outDir, log) },
    { repoRoot, node: process.execPath, cli: relative(repoRoot, cliPath), runs, timeoutSeconds, log }
  )
}
results.loadAverage.end = loadavg()[0]

const complete =
  !args.quick &&
  Object.keys(SCENARIOS).every((id) => scenarioIds.includes(id)) &&
  ['ours', 'cat', 'tar', 'gzip', 'snyk'].every((t) => tools.has(t)) &&
  haveCli &&
  haveSnyk
const outFile = args.out
  ? resolve(args.out)
  : complete
    ? join(repoRoot, 'docs', 'benchmarks.md')
    : join(outDir, `benchmarks-${args.quick ? 'quick' : 'partial'}.md`)
mkdirSync(dirname(outFile), { recursive: true })
writeFileSync(outFile, renderReport(results))
writeFileSync(join(outDir, 'last-results.json'), JSON.stringify(results, null, 2) + '\n')

const ratioTo = (summary, base, name) =>
  Number.isFinite(base) ? `  ${(summary.medianSeconds / base).toFixed(2)}× ${name}` : ''
for (const s of results.scenarios) {
  console.log(`\n${s.title}`)
  const median = (id) => s.commands.find((x) => x.id === id)?.summary.medianSeconds
  for (const c of s.commands) {
    const m = c.summary
    console.log(
      `  ${c.id.padEnd(20)} ${m.medianSeconds.toFixed(3).padStart(8)} s  ${m.peakRssMiB.toFixed(0).padStart(5)} MiB` +
        ratioTo(m, median('tar-layers'), 'tar per layer') +
        ratioTo(m, median('tar-pipe'), 'cat | tar -t') +
        (m.okRuns < m.runs ? '  FAILED: ' + m.failure : '')
    )
  }
}
if (results.docker.status === 'measured') {
  console.log(
    `\nDocker engine ${results.docker.engine.serverVersion} (${results.docker.engine.storageDriver})`
  )
  for (const image of results.docker.images) {
    console.log(`  ${image.archive.title}`)
    const save = image.commands.find((c) => c.id === 'docker-save').summary.medianSeconds
    for (const c of image.commands) {
      const m = c.summary
      console.log(
        `    ${c.id.padEnd(18)} ${m.medianSeconds.toFixed(3).padStart(8)} s  ${m.peakRssMiB.toFixed(0).padStart(5)} MiB` +
          `  ${(m.medianSeconds / save).toFixed(2)}× docker save${m.okRuns < m.runs ? '  FAILED: ' + m.failure : ''}`
      )
    }
  }
} else console.log(`\nDocker: n/a (${results.docker.reason})`)
console.log('\nGoals:')
for (const g of evaluateGoals(results)) {
  console.log(
    `  ${g.met === null ? 'n/a ' : g.met ? 'MET ' : 'MISS'}  ${g.goal}: ${g.measured} (target ${g.target})`
  )
}
console.log(`\nwrote ${relative(repoRoot, outFile)}`)
