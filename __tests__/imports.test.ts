// src/ imports go one way: no module reaches itself again through its imports (`import type` counted,
// it ties the files as much for a reader). Imports are read by TypeScript's own pre-processor.
import { expect, it } from '@jest/globals'
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

const root = path.resolve(import.meta.dirname, '..')

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
}

/** Each file's relative imports, as the files they name. */
function importGraph(files: string[]): Map<string, string[]> {
  const known = new Set(files)
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(readFileSync(path.join(root, file), 'utf8'), true, true)
      const targets = importedFiles
        .map((imported) => imported.fileName)
        .filter((name) => name.startsWith('.'))
        .map((name) => path.join(path.dirname(file), name.replace(/\.js$/, '.ts')))
      return [file, targets.filter((target) => known.has(target))]
    })
  )
}

/** Every import circle, each as the files around it. */
function circles(graph: Map<string, string[]>): string[] {
  const found: string[] = []
  const state = new Map<string, 'open' | 'done'>()
  const stack: string[] = []
  const visit = (file: string) => {
    state.set(file, 'open')
    stack.push(file)
    for (const target of graph.get(file) ?? []) {
      if (state.get(target) === 'open')
        found.push([...stack.slice(stack.indexOf(target)), target].join(' -> '))
      else if (!state.has(target)) visit(target)
    }
    stack.pop()
    state.set(file, 'done')
  }
  for (const file of graph.keys()) if (!state.has(file)) visit(file)
  return found
}

it('finds a circle where there is one', () => {
  const graph = new Map([
    ['a.ts', ['b.ts']],
    ['b.ts', ['c.ts']],
    ['c.ts', ['a.ts']],
    ['d.ts', ['a.ts']]
  ])
  expect(circles(graph)).toEqual(['a.ts -> b.ts -> c.ts -> a.ts'])
})

it('src/ has no import circles', () => {
  const graph = importGraph(sources(path.join(root, 'src')))
  expect(graph.get(path.join('src', 'source', 'registry', 'client.ts'))).toContain(
    path.join('src', 'source', 'registry', 'auth.ts')
  )
  expect(circles(graph)).toEqual([])
})
