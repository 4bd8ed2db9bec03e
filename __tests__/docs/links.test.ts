// Every relative link in the project's Markdown leads somewhere: to a file or folder that exists and, with
// a #fragment, to a heading (or an <a id>) of that page; every repository path the text names in code
// (`src/…`, `__tests__/…`) exists. Moving a section or a source file breaks a link here, not for the reader.
import { describe, expect, it } from '@jest/globals'
import MarkdownIt, { type Token } from 'markdown-it'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'

const root = path.resolve(import.meta.dirname, '../..')
const markdown = new MarkdownIt({ html: true })

function* walk(tokens: Token[]): Generator<Token> {
  for (const token of tokens) {
    yield token
    if (token.children) yield* walk(token.children)
  }
}

/** GitHub's heading ids (github-slugger): lower case, punctuation dropped, spaces as hyphens. */
function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-')
}

/** The fragments a page answers to: heading ids (repeats get -1, -2, … as on GitHub) and HTML ids. */
function anchorsOf(source: string): Set<string> {
  const anchors = new Set<string>()
  const seen = new Map<string, number>()
  const tokens = markdown.parse(source, {})
  for (const [index, token] of tokens.entries()) {
    if (token.type === 'heading_open') {
      const base = slug(
        (tokens[index + 1].children ?? [])
          .filter((child) => child.type === 'text' || child.type === 'code_inline')
          .map((child) => child.content)
          .join('')
      )
      const count = seen.get(base) ?? 0
      seen.set(base, count + 1)
      anchors.add(count === 0 ? base : `${base}-${count}`)
    }
  }
  for (const token of walk(tokens)) {
    if (token.type !== 'html_inline' && token.type !== 'html_block') continue
    for (const match of token.content.matchAll(/\b(?:id|name)="([^"]+)"/g)) anchors.add(match[1])
  }
  return anchors
}

/** Links of `file` that lead nowhere, as "target: why". */
function brokenLinks(file: string): string[] {
  const source = readFileSync(file, 'utf8')
  const problems: string[] = []
  for (const token of walk(markdown.parse(source, {}))) {
    const href = token.type === 'link_open' ? String(token.attrGet('href') ?? '') : ''
    if (href === '' || /^[a-z][a-z0-9+.-]*:/i.test(href)) continue
    const [target, fragment] = href.split('#', 2) as [string, string | undefined]
    const resolved = target === '' ? file : path.resolve(path.dirname(file), decodeURI(target))
    if (!existsSync(resolved)) {
      problems.push(`${href}: no such file`)
      continue
    }
    if (fragment === undefined) continue
    if (!resolved.endsWith('.md')) problems.push(`${href}: a fragment on a file that is not Markdown`)
    else if (!anchorsOf(readFileSync(resolved, 'utf8')).has(fragment))
      problems.push(`${href}: no such heading`)
  }
  return problems
}

/** Repository paths named in code spans, written from the repository root; globs and placeholders aside. */
const REPOSITORY_PATH = /^(?:src|__tests__|\.ci|policies|docs|examples|scripts)\/[^\s*<>{}…]*$/

/** Repository paths that `file`'s code spans name and that do not exist. */
function missingPaths(file: string, repositoryRoot: string): string[] {
  const missing: string[] = []
  for (const token of walk(markdown.parse(readFileSync(file, 'utf8'), {}))) {
    if (token.type !== 'code_inline' || !REPOSITORY_PATH.test(token.content)) continue
    if (!existsSync(path.join(repositoryRoot, token.content))) missing.push(token.content)
  }
  return missing
}

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => path.join(entry.parentPath, entry.name))
}

const files = [
  ...['README.md', 'CONTRIBUTING.md', 'SECURITY.md'].map((name) => path.join(root, name)),
  ...markdownFiles(path.join(root, 'docs'))
]

describe('Markdown links', () => {
  it.each(files.map((file) => path.relative(root, file)))('%s: every relative link resolves', (name) => {
    expect(brokenLinks(path.join(root, name))).toEqual([])
  })

  it.each(files.map((file) => path.relative(root, file)))(
    '%s: every repository path it names exists',
    (name) => {
      expect(missingPaths(path.join(root, name), root)).toEqual([])
    }
  )

  it('finds a missing file, a missing heading, a fragment on a non-Markdown file and a missing path', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ipg-links-'))
    try {
      writeFileSync(path.join(dir, 'data.json'), '{}')
      writeFileSync(
        path.join(dir, 'other.md'),
        '# Other page\n\n## Twice\n\n## Twice\n\n<a id="kept"></a>Text.\n\n### `check`, as Docker does\n'
      )
      writeFileSync(
        path.join(dir, 'page.md'),
        [
          '# Page',
          '[fine](other.md#other-page) [second](other.md#twice-1) [html](other.md#kept)',
          '[code](other.md#check-as-docker-does) [self](#page) [web](https://example.com/x#y)',
          '| a | b |',
          '| --- | --- |',
          '| [in a table](missing.md) | [wrong](other.md#nowhere) |',
          '',
          '[json](data.json#x) `[not a link](gone.md)`'
        ].join('\n')
      )
      writeFileSync(
        path.join(dir, 'paths.md'),
        'In `src/present.ts`, not `src/gone.ts`; `src/**/*.ts` and `docs/rules/<id>.md` and `src/…` are patterns.\n'
      )
      mkdirSync(path.join(dir, 'src'))
      writeFileSync(path.join(dir, 'src/present.ts'), '')
      expect(missingPaths(path.join(dir, 'paths.md'), dir)).toEqual(['src/gone.ts'])
      expect(brokenLinks(path.join(dir, 'page.md'))).toEqual([
        'missing.md: no such file',
        'other.md#nowhere: no such heading',
        'data.json#x: a fragment on a file that is not Markdown'
      ])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
