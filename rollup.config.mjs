// Bundles the action (dist/index.js) and the CLI (dist/cli.js) as ESM with all dependencies inlined,
// so `node dist/cli.js` and the runner's `node24` need no node_modules. Both entry points are tiny and
// import the rest dynamically (see src/runtime/heap.ts), so rollup splits the code into chunks next to them in
// dist/, shared between the two. Chunk names carry no hash, and the build first removes the .js files an
// earlier build left there, so `npm run package` writes the same dist/ from the same sources.
import { readdirSync, rmSync } from 'node:fs'
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import nodeResolve from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'

const OUT_DIR = 'dist'

/** Removes dist/*.js from an earlier build: chunks that no longer exist must not linger. */
const cleanOutDir = () => ({
  name: 'clean-out-dir',
  buildStart() {
    let names = []
    try {
      names = readdirSync(OUT_DIR)
    } catch {
      return
    }
    for (const name of names) if (name.endsWith('.js')) rmSync(`${OUT_DIR}/${name}`)
  }
})

/**
 * @actions/core imports its OIDC client, and with it @actions/http-client and undici (most of the action's
 * code), only for core.getIDToken(), which the action never calls. Give core.js a stand-in whose
 * getIDToken() loads the real client on demand, so that code sits in a chunk nobody loads. It rests on
 * one line of @actions/core (lib/core.js importing ./oidc-utils.js): the build fails when that line is
 * gone, and __tests__/bundle.test.ts fails when http-client code reaches the bundle anyway.
 */
const lazyOidcClient = () => {
  const STAND_IN = '\0lazy-oidc-client'
  let realPath
  let coreSeen = false
  return {
    name: 'lazy-oidc-client',
    buildStart() {
      realPath = undefined
      coreSeen = false
    },
    async resolveId(source, importer) {
      if (!importer || !/@actions[\\/]core[\\/]lib[\\/]core\.js$/.test(importer)) return null
      coreSeen = true
      if (source !== './oidc-utils.js') return null
      realPath = (await this.resolve(source, importer, { skipSelf: true }))?.id
      return realPath ? STAND_IN : null
    },
    load(id) {
      if (id !== STAND_IN) return null
      return [
        'export class OidcClient {',
        '  static async getIDToken(audience) {',
        `    const { OidcClient } = await import(${JSON.stringify(realPath)})`,
        '    return OidcClient.getIDToken(audience)',
        '  }',
        '}'
      ].join('\n')
    },
    buildEnd(error) {
      if (error || !coreSeen || realPath) return
      this.error(
        'lazy-oidc-client: @actions/core/lib/core.js no longer imports ./oidc-utils.js: update the plugin, or its OIDC client and @actions/http-client land in the bundle'
      )
    }
  }
}

/**
 * Writes every character outside ASCII (in strings, regular expressions, comments) as a \uXXXX escape.
 * Node.js reads an all-ASCII module as one-byte text; one `…` in a message makes it decode and compile
 * the whole ~1 MB chunk as two-byte text, ~10 ms and 1 MB more on every run. Refuses a String.raw
 * template, where an escape would not mean the same character.
 */
const asciiOnly = () => ({
  name: 'ascii-only',
  renderChunk(code, chunk) {
    if (!/[\u0080-\uffff]/.test(code)) return null
    if (code.includes('String.raw`')) this.error(`${chunk.fileName}: String.raw with non-ASCII text`)
    return {
      // Code units one by one (no u flag): a character beyond the BMP becomes its two surrogate escapes.
      code: code.replace(
        /[\u0080-\uffff]/g,
        (unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`
      ),
      map: null
    }
  }
})

/**
 * Chunks that several others share are named by the module that says what they hold: rollup would
 * name them after whichever of their modules comes first, a name that moves with any import.
 */
const SHARED_CHUNK_NAMES = [
  ['src/pipeline/scan.ts', 'scan'],
  ['src/pipeline/request.ts', 'request']
]

/** @param {import('rollup').PreRenderedChunk} chunk */
const chunkFileName = (chunk) => {
  const named = chunk.isDynamicEntry
    ? undefined
    : SHARED_CHUNK_NAMES.find(([module]) => chunk.moduleIds.some((id) => id.endsWith(`/${module}`)))
  return `chunk-${named ? named[1] : '[name]'}.js`
}

/** @type {import('rollup').WarningHandlerWithDefault} */
const onwarn = (warning, warn) => {
  // @actions/* ship TypeScript's down-levelled helpers that test `this` at module scope; harmless in ESM.
  if (warning.code === 'THIS_IS_UNDEFINED') return
  warn(warning)
}

/** @type {import('rollup').RollupOptions} */
const config = {
  input: { index: 'src/action/index.ts', cli: 'src/cli/index.ts' },
  output: {
    dir: OUT_DIR,
    format: 'es',
    sourcemap: false,
    entryFileNames: '[name].js',
    // Chunks sit beside the entries, one level below the install root (src/pipeline/install-root.ts).
    chunkFileNames: chunkFileName,
    banner: (chunk) => (chunk.isEntry && chunk.name === 'cli' ? '#!/usr/bin/env node' : '')
  },
  plugins: [
    cleanOutDir(),
    lazyOidcClient(),
    typescript({
      tsconfig: './tsconfig.json',
      include: ['src/**/*.ts'],
      noEmitOnError: true,
      outDir: OUT_DIR
    }),
    nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
    commonjs(),
    json(),
    asciiOnly()
  ],
  onwarn
}

export default config
