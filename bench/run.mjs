#!/usr/bin/env node
// `npm run bench`: generates the issue-6 archives (cached under bench/out), runs our CLI and the floors and
// peers side by side on them, and writes the results with the machine's description to docs/benchmarks.md.

import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { commandsFor } from './lib/commands.mjs'
import { measureDocker } from './lib/docker-bench.mjs'
import { ensureArchive } from './lib/generate-archive.mjs'
import { evaluateGoals } from './lib/goals.mjs'
import { describeMachine } from './lib/machine.mjs'
import { GNU_TIME, interleavedRuns, runTimed, summarise } from './lib/measure.mjs'
import { renderReport } from './lib/report.mjs'
import { SCENARIOS, scenarioParams } from './lib/scenarios.mjs'

const HELP = `Usage: npm run bench -- [options]

  --quick              small archives (64 MiB / 10,000 files ...) for development
  --scenarios a,b,c,d  which archives (default: all): ${Object.entries(SCENARIOS)
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
                       else a private dockerd from .ci/docker-up.sh, stopped afterwards; archive (a) is loaded
                       into it, which takes about 2 minutes with the vfs storage driver)
  --docker-runs N      timed runs of each Docker command (default: 7, or --runs if more; the engine's
                       export time varies by a second or more from run to run)
  --generate-only      only generate (or find cached) archives
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
    'docker-runs': { type: 'string' },
    'generate-only': { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false }
  }
})
if (args.help) {
  console.log(HELP)
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
      : id === 'tar-stream'
        ? 'tar'
        : id === 'gzip-seq'
          ? 'gzip'
          : id

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
  machine: describeMachine(process.execPath, snykVersion),
  options: { runs, peerRuns, timeoutSeconds, dockerRuns },
  loadAverage: { start: loadavg()[0], end: NaN },
  scenarios: [],
  docker: { status: 'n/a', reason: 'skipped (--no-docker)' }
}

for (const id of scenarioIds) {
  const scenario = scenarioParams(id, args.quick)
  const meta = await ensureArchive(scenario, outDir, log)
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
    commands: commands.map(({ id: cid, label, display, env, okExitCodes }) => ({
      id: cid,
      label,
      display,
      env,
      summary: summarise(raw.get(cid), okExitCodes)
    }))
  })
}
if (args['generate-only']) process.exit(0)

if (args['no-docker']) log('docker: skipped (--no-docker)')
else if (!haveCli) results.docker = { status: 'n/a', reason: `${relative(repoRoot, cliPath)} not built` }
else {
  // The same image as scenario (a): the goal compares against `docker save` of it, not against tar.
  const params = scenarioParams('a', args.quick)
  const meta = await ensureArchive(params, outDir, log)
  results.docker = await measureDocker(meta, {
    title: params.title,
    repoRoot,
    node: process.execPath,
    cli: relative(repoRoot, cliPath),
    runs: dockerRuns,
    timeoutSeconds,
    log
  })
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

for (const s of results.scenarios) {
  console.log(`\n${s.title}`)
  for (const c of s.commands) {
    const tar = s.commands.find((x) => x.id === 'tar-stream')?.summary.medianSeconds
    const m = c.summary
    console.log(
      `  ${c.id.padEnd(20)} ${m.medianSeconds.toFixed(3).padStart(8)} s  ${m.peakRssMiB.toFixed(0).padStart(5)} MiB` +
        `  ${tar ? (m.medianSeconds / tar).toFixed(2) + '× tar' : ''}${m.okRuns < m.runs ? '  FAILED: ' + m.failure : ''}`
    )
  }
}
if (results.docker.status === 'measured') {
  console.log(
    `\nDocker engine ${results.docker.engine.serverVersion} (${results.docker.engine.storageDriver})`
  )
  const save = results.docker.commands.find((c) => c.id === 'docker-save').summary.medianSeconds
  for (const c of results.docker.commands) {
    const m = c.summary
    console.log(
      `  ${c.id.padEnd(20)} ${m.medianSeconds.toFixed(3).padStart(8)} s  ${m.peakRssMiB.toFixed(0).padStart(5)} MiB` +
        `  ${(m.medianSeconds / save).toFixed(2)}× docker save${m.okRuns < m.runs ? '  FAILED: ' + m.failure : ''}`
    )
  }
} else console.log(`\nDocker: n/a (${results.docker.reason})`)
console.log('\nGoals:')
for (const g of evaluateGoals(results)) {
  console.log(
    `  ${g.met === null ? 'n/a ' : g.met ? 'MET ' : 'MISS'}  ${g.goal}: ${g.measured} (target ${g.target})`
  )
}
console.log(`\nwrote ${relative(repoRoot, outFile)}`)
