// package.json's dependencies are exactly what the shipped code imports: the packages src/ loads at run
// time (rollup inlines them into dist/). A package only the tests, the build or a type needs belongs in
// devDependencies; the README's Dependencies section says why each is where it is.
import { expect, it } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '..')
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>
  devDependencies: Record<string, string>
}

/** Packages a source file loads at run time: static and dynamic imports, not `import type`. */
function runtimeImports(source: string): string[] {
  const specifiers = [
    ...source.matchAll(/^import\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms),
    ...source.matchAll(/^export\s+(?!type\s)[^;]*?from\s+'([^']+)'/gms),
    ...source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)
  ].map((match) => match[1])
  return specifiers
    .filter((specifier) => !specifier.startsWith('.') && !specifier.startsWith('node:'))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/')
    )
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name))
}

it('dependencies are exactly the packages src/ imports at run time', () => {
  const imported = new Set(
    sources(path.join(root, 'src')).flatMap((file) => runtimeImports(readFileSync(file, 'utf8')))
  )
  expect([...imported].sort()).toEqual(Object.keys(manifest.dependencies).sort())
})

it('reads imports as the bundler does: types and relative paths are not packages', () => {
  const source = [
    "import type { ErrorObject } from 'ajv'",
    "import { parse } from 'yaml'",
    'import {',
    '  DockerfileParser,',
    '  type Instruction',
    "} from 'dockerfile-ast'",
    "import * as core from '@actions/core/lib/core.js'",
    "export { thing } from 'picomatch'",
    "const later = await import('tar-stream')",
    "import { a } from './a.js'",
    "import { b } from 'node:fs'"
  ].join('\n')
  expect(runtimeImports(source)).toEqual([
    'yaml',
    'dockerfile-ast',
    '@actions/core',
    'picomatch',
    'tar-stream'
  ])
})
