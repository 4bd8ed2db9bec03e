// The built bundle is plain ASCII (rollup.config.mjs, asciiOnly): Node.js then reads and compiles each chunk
// as one-byte text instead of decoding ~1 MB of it as two-byte text on every run. And it holds none of
// @actions/http-client (rollup.config.mjs, lazyOidcClient): a change of @actions/core that the plugin no
// longer catches shows here.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { builtEntry, repoRoot } from './cli/support/entry-run.js'

const built = builtEntry('cli.js')
const describeBuilt = built ? describe : describe.skip

describeBuilt('dist/', () => {
  const chunks = readdirSync(path.join(repoRoot, 'dist')).filter((name) => name.endsWith('.js'))

  it.each(chunks)('%s is ASCII only', (name) => {
    const text = readFileSync(path.join(repoRoot, 'dist', name), 'latin1')
    const firstNonAscii = text.search(/[\u0080-\uffff]/)
    expect(firstNonAscii === -1 ? '' : text.slice(Math.max(0, firstNonAscii - 40), firstNonAscii + 10)).toBe(
      ''
    )
  })

  it('holds no @actions/http-client code: the OIDC client and undici stay out', () => {
    // undici's own error symbol, which http-client brings in; the action never asks for an OIDC token.
    const undiciErrors = path.join(repoRoot, 'node_modules/undici/lib/core/errors.js')
    expect(readFileSync(undiciErrors, 'utf8')).toContain("Symbol.for('undici.error.UND_ERR')")
    const withClient = chunks.filter((name) =>
      readFileSync(path.join(repoRoot, 'dist', name), 'latin1').includes("Symbol.for('undici.error.UND_ERR')")
    )
    expect(withClient).toEqual([])
  })
})
