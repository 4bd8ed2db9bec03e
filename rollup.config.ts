// Bundles the action (dist/index.js) and the CLI (dist/cli.js) as ESM with all dependencies inlined,
// so `node dist/cli.js` and the runner's `node24` need no node_modules.
import commonjs from '@rollup/plugin-commonjs'
import json from '@rollup/plugin-json'
import nodeResolve from '@rollup/plugin-node-resolve'
import typescript from '@rollup/plugin-typescript'
import type { RollupOptions } from 'rollup'

const plugins = () => [
  typescript({ tsconfig: './tsconfig.json', include: ['src/**/*.ts'], noEmitOnError: true, outDir: 'dist' }),
  nodeResolve({ preferBuiltins: true, exportConditions: ['node'] }),
  commonjs(),
  json()
]

const config: RollupOptions[] = [
  {
    input: 'src/index.ts',
    output: { esm: true, file: 'dist/index.js', format: 'es', sourcemap: false, inlineDynamicImports: true },
    plugins: plugins()
  },
  {
    input: 'src/cli.ts',
    output: {
      esm: true,
      file: 'dist/cli.js',
      format: 'es',
      sourcemap: false,
      inlineDynamicImports: true,
      banner: '#!/usr/bin/env node'
    },
    plugins: plugins()
  }
]

export default config
