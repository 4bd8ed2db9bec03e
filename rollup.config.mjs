// Bundles the action (dist/index.js) and the CLI (dist/cli.js) as ESM with all dependencies inlined,
// so `node dist/cli.js` and the runner's `node24` need no node_modules.
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import nodeResolve from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'

const plugins = () => [
  typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts'], noEmitOnError: true, outDir: 'dist' }),
  nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
  commonjs(),
  json()
]

/** @type {import('rollup').RollupOptions[]} */
const onwarn = (warning, warn) => {
  // @actions/* ship TypeScript's down-levelled helpers that test `this` at module scope; harmless in ESM.
  if (warning.code === 'THIS_IS_UNDEFINED') return
  warn(warning)
}

const config = [
  {
    input: 'src/index.ts',
    output: { file: 'dist/index.js', format: 'es', sourcemap: false, inlineDynamicImports: true },
    plugins: plugins(),
    onwarn
  },
  {
    input: 'src/cli.ts',
    output: {
      file: 'dist/cli.js',
      format: 'es',
      sourcemap: false,
      inlineDynamicImports: true,
      banner: '#!/usr/bin/env node'
    },
    plugins: plugins(),
    onwarn
  }
]

export default config
