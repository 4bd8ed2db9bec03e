// Runs snyk-docker-plugin's static scan on a docker save archive and prints what it found, to prove it
// read the layers (the OS comes from /etc/os-release inside the base layer).
// Usage: node bench/snyk-scan.mjs <docker-archive|oci-archive> FILE

import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)
const { scan } = require('snyk-docker-plugin')

const [kind, file] = process.argv.slice(2)
if (!['docker-archive', 'oci-archive'].includes(kind) || !file) {
  console.error('usage: node snyk-scan.mjs <docker-archive|oci-archive> FILE')
  process.exit(2)
}
const result = await scan({ path: `${kind}:${file}` })
const facts = result.scanResults.flatMap((r) => r.facts)
const fact = (type) => facts.find((f) => f.type === type)?.data
const os = fact('depGraph')?.pkgManager?.repositories?.[0]
const layers = fact('imageLayers') ?? []
const rootFs = fact('rootFs') ?? []
console.log(
  JSON.stringify({ os, imageLayers: layers.length, rootFsLayers: rootFs.length, imageId: fact('imageId') })
)
if (!os || os.alias === 'unknown:0.0') process.exit(1)
