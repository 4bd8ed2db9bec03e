// SARIF that GitHub code scanning accepts: every fixture's SARIF, with and without a Dockerfile and a
// policy file, through Microsoft's validator with GitHub's rules, with zero errors and zero warnings.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { readdirSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runCli } from '../../src/cli/run.js'
import { recordingIo } from '../../__fixtures__/io.js'
import { buildImage, dockerOciArchive } from '../../__fixtures__/archive.js'
import { FIXTURES_DIR, fixturesPresent } from '../helpers/fixtures.js'
import { describeWithSarifValidator, validateSarif, type SarifFinding } from '../helpers/sarif-validator.js'

const repoRoot = path.resolve(import.meta.dirname, '../..')
const DOCKERFILE = '__fixtures__/e2e/violating/Dockerfile'
const POLICY = '__fixtures__/e2e/violating/policy.yml'
const IN_ACTIONS = { GITHUB_WORKFLOW_REF: 'octo/app/.github/workflows/ci.yml@refs/heads/main' }

interface Case {
  name: string
  args: string[]
  cwd?: string
  env?: Record<string, string>
}

function casesFor(archive: string, outsidePolicy: string): Case[] {
  const fromSubdir = path.join(repoRoot, '__tests__')
  return [
    { name: 'bundled policy, no Dockerfile, in Actions', args: ['--archive', archive], env: IN_ACTIONS },
    {
      name: 'strict policy and a Dockerfile',
      args: ['--archive', archive, '--policy', 'strict', '--dockerfile', DOCKERFILE]
    },
    { name: 'a policy file, no Dockerfile', args: ['--archive', archive, '--policy', POLICY] },
    {
      name: 'both, from a subdirectory',
      args: [
        '--archive',
        archive,
        '--policy',
        path.relative(fromSubdir, path.join(repoRoot, POLICY)),
        '--dockerfile',
        path.relative(fromSubdir, path.join(repoRoot, DOCKERFILE))
      ],
      cwd: fromSubdir
    },
    {
      name: 'a policy outside the repository and a Dockerfile',
      args: ['--archive', archive, '--policy', outsidePolicy, '--dockerfile', DOCKERFILE]
    }
  ]
}

describeWithSarifValidator("SARIF under GitHub's code-scanning rules", () => {
  let work: string
  let hostile: string
  let outsidePolicy: string
  const written: { file: string; what: string }[] = []

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'ipg-sarif-'))
    outsidePolicy = path.join(work, 'policy.yml')
    await writeFile(
      outsidePolicy,
      'version: 1\nrules:\n  no-shell: error\n  non-root-user: notice\n  size: { maxLayer: 1 }\n'
    )
    const elf = Buffer.concat([Buffer.from('\x7fELF'), Buffer.alloc(60)])
    const image = await buildImage({
      layers: [
        [
          { name: 'bin/sh\n::error::x', content: elf, mode: 0o755 },
          { name: 'bin/sh', content: elf, mode: 0o755 }
        ]
      ],
      history: [{ created_by: 'RUN [x](https://evil.example) \r\n' }],
      tags: ['.github/workflows/release.yml']
    })
    hostile = path.join(work, 'hostile.tar')
    await writeFile(hostile, await dockerOciArchive([image]))
    const archives = [
      hostile,
      ...(fixturesPresent
        ? readdirSync(FIXTURES_DIR)
            .filter((f) => f.endsWith('.tar'))
            .map((f) => path.join(FIXTURES_DIR, f))
        : [])
    ]
    for (const archive of archives) {
      for (const testCase of casesFor(archive, outsidePolicy)) {
        const file = path.join(work, `${written.length}.sarif`)
        const io = recordingIo(testCase.cwd ?? repoRoot, testCase.env ?? {})
        const code = await runCli(['check', ...testCase.args, '--format', 'sarif', '--output', file], io)
        if (code === 2) throw new Error(`${path.basename(archive)}, ${testCase.name}: ${io.err()}`)
        written.push({ file, what: `${path.basename(archive)}, ${testCase.name}` })
      }
    }
  }, 300_000)

  afterAll(async () => {
    if (work) await rm(work, { recursive: true, force: true })
  })

  it('covers every fixture, with and without a Dockerfile and a policy file', () => {
    expect(written.length).toBe((fixturesPresent ? 8 : 1) * 5)
  })

  it('has zero errors and zero warnings', async () => {
    const findings = await validateSarif(written.map((w) => w.file))
    const serious = findings
      .filter((f) => f.level === 'error' || f.level === 'warning')
      .map(
        (f: SarifFinding) =>
          `${written.find((w) => f.file.endsWith(path.basename(w.file)))?.what ?? f.file}: ${f.level} ${f.ruleId} ${f.message}`
      )
    expect(serious).toEqual([])
  }, 120_000)

  it('the validator does find what code scanning rejects (an image reference as a location, an absolute file URI, name = id)', async () => {
    const bad = path.join(work, 'bad.sarif')
    const result = (uri: string) => ({
      ruleId: 'size',
      ruleIndex: 0,
      message: { text: 'too big' },
      locations: [{ physicalLocation: { artifactLocation: { uri }, region: { startLine: 1 } } }]
    })
    await writeFile(
      bad,
      JSON.stringify({
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
          {
            tool: {
              driver: { name: 'x', rules: [{ id: 'size', name: 'size', shortDescription: { text: 's' } }] }
            },
            results: [result('my-app:ci'), result('file:///tmp/policy.yml')]
          }
        ]
      })
    )
    const ids = (await validateSarif([bad])).map((f) => f.ruleId)
    expect(ids).toEqual(expect.arrayContaining(['GH1005', 'GH1006', 'SARIF1001']))
  }, 120_000)

  it('with no file of the repository to sit on, refuses before reading the image', async () => {
    const io = recordingIo(repoRoot, {})
    expect(await runCli(['check', '--archive', hostile, '--format', 'sarif'], io)).toBe(2)
    expect(io.err()).toMatch(/^image-policy-gate: SARIF results need a file of the repository to sit on/)
  })
})
