// Summarises V8 CPU profiles (node --cpu-prof) by self time, per function, for finding what dominates.
// Usage: node bench/profile-summary.mjs [--top N] PROFILE.cpuprofile...

import { readFileSync } from 'node:fs'
import { relative } from 'node:path'
import { parseArgs } from 'node:util'

const { values, positionals } = parseArgs({
  options: { top: { type: 'string', default: '25' } },
  allowPositionals: true
})
if (positionals.length === 0) {
  console.error('usage: node bench/profile-summary.mjs [--top N] PROFILE.cpuprofile...')
  process.exit(2)
}

for (const file of positionals) {
  const profile = JSON.parse(readFileSync(file, 'utf8'))
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]))
  const selfMicros = new Map()
  // timeDeltas[i] is the time before sample i; attribute it to that sample's node.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i]
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
  }
  const byFunction = new Map()
  let total = 0
  for (const [id, micros] of selfMicros) {
    const frame = nodes.get(id).callFrame
    const where = frame.url
      ? `${relative(process.cwd(), frame.url.replace(/^file:\/\//, ''))}:${frame.lineNumber + 1}`
      : ''
    const key = `${frame.functionName || '(anonymous)'} ${where}`.trim()
    byFunction.set(key, (byFunction.get(key) ?? 0) + micros)
    total += micros
  }
  console.log(`\n${file}: ${(total / 1e6).toFixed(2)} s sampled`)
  const rows = [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(values.top))
  for (const [key, micros] of rows) {
    console.log(
      `${((100 * micros) / total).toFixed(1).padStart(5)} %  ${(micros / 1e3).toFixed(0).padStart(7)} ms  ${key}`
    )
  }
}
