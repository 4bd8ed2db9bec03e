// Every output format on an image whose names, reference, user, history and os-release try to become
// workflow commands, terminal control sequences, or Markdown that forges a verdict or a link.
import { describe, expect, it } from '@jest/globals'
import MarkdownIt from 'markdown-it'
import { evaluate, loadPolicyText, RULES } from '../../src/policy/index.js'
import { selectAnnotations } from '../../src/report/annotations.js'
import { buildInspectReport, renderInspectText } from '../../src/report/inspect.js'
import { buildJsonReport } from '../../src/report/json.js'
import { createLocator } from '../../src/report/locate.js'
import type { ReportInput } from '../../src/report/model.js'
import { buildSarif } from '../../src/report/sarif.js'
import { renderSummary } from '../../src/report/summary.js'
import { renderText } from '../../src/report/text.js'
import { parsePrintable, printable } from '../../src/common/printable.js'
import { executable, file, imageFromLayers } from '../../__fixtures__/image.js'
import { NOW } from '../../__fixtures__/policy.js'

const HOSTILE = {
  command: '/x\n::error file=README.md,line=1::injected by a file name/sh',
  stop: '/opt/x\n::stop-commands::tok\n',
  forge:
    '/srv/\r## ✅ image-policy-gate: passed\r[click](https://evil.example)![i](https://evil.example/i.png)/sh',
  escape: '/e\x1b[2J\x1b]0;owned\x07\x1b[1A/sh',
  bidi: '/rtl/exe\u202etxt.sh',
  separator: '/home/u\u2028/.docker/config.json',
  invalidUtf8: '/bad\udcff\udc80/sh',
  oldCommand: '/u\u2029x/##[error]old form/sh',
  cr: '/cr/innocent\r✓ fine/sh'
}

const REFERENCE = 'app:1\n::warning::from the reference'
const CREATED_BY =
  'RUN echo \r## ✅ passed [link](https://evil.example) ![i](https://evil.example/i.png) \x1b[2J'
const OS_RELEASE = 'PRETTY_NAME="Alpine ::error::os \x1b[31mred\u202e"\nID=alpine\n'
const USER = 'app\r::error::user'

/** The SGR colour codes the text report itself writes with `color: true`. */
const OUR_COLOURS = new RegExp(`${String.fromCharCode(27)}\\[\\d+m`, 'g')
/** Raw characters that would act on a terminal or end a log line. */
const CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u

async function hostileInput(): Promise<ReportInput> {
  const image = imageFromLayers(
    [
      [
        file('/etc/os-release', OS_RELEASE),
        executable(HOSTILE.command),
        executable(HOSTILE.forge),
        executable(HOSTILE.escape),
        executable(HOSTILE.invalidUtf8),
        executable(HOSTILE.oldCommand),
        executable(HOSTILE.cr),
        file(HOSTILE.stop, 'x', { mode: 0o4755 }),
        file(HOSTILE.bidi, 'x', { mode: 0o4755 }),
        file(HOSTILE.separator, '{}')
      ]
    ],
    {
      user: USER,
      history: [{ createdBy: CREATED_BY, emptyLayer: false }],
      labels: { 'org.example.note': 'a\n::error::label' }
    },
    { reference: REFERENCE, repoTags: [REFERENCE, '.github/workflows/release.yml'] }
  )
  image.layers[0].historyIndex = 0
  image.layers[0].createdBy = CREATED_BY
  const policy = await loadPolicyText(
    [
      'version: 1',
      'rules:',
      '  no-shell: error',
      '  no-setuid: error',
      '  forbidden-paths: ["**/.docker/config.json"]',
      '  non-root-user: warning',
      '  size: { maxLayer: 1 }'
    ].join('\n'),
    'policy.yml'
  )
  const evaluation = evaluate(image, policy, { now: NOW })
  return {
    image,
    evaluation,
    failOn: 'error',
    locate: createLocator(evaluation, undefined, 'policy.yml'),
    rules: RULES,
    policyPath: 'policy.yml',
    toolVersion: '0.1.0'
  }
}

/** Lines a runner would read as a workflow command (either form), after .NET's TrimStart. */
function commandLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => /^[\s\x85]*::/.test(line) || line.includes('##['))
}

describe('untrusted text in every output', () => {
  it('the policy finds every hostile name (so the outputs below really carry them)', async () => {
    const input = await hostileInput()
    const paths = input.evaluation.violations.map((v) => v.path)
    for (const name of Object.values(HOSTILE)) expect(paths).toContain(name)
  })

  it('text report: no raw control character, no command line, every name visibly escaped', async () => {
    const input = await hostileInput()
    for (const color of [false, true]) {
      const text = renderText(input, { color })
      const withoutOurColours = text.replace(OUR_COLOURS, '')
      expect(withoutOurColours.replace(/\n/g, '')).not.toMatch(CONTROL)
      expect(commandLines(text)).toEqual([])
    }
    const text = renderText(input, { color: false })
    for (const name of Object.values(HOSTILE)) expect(text).toContain(printable(name))
    expect(text).toContain('/x\\n::error file=README.md,line=1::injected by a file name/sh')
    expect(text).toContain('/rtl/exe\\u202etxt.sh')
    expect(text).toContain('/bad\\xff\\x80/sh')
    expect(text).toContain(printable(REFERENCE))
    expect(text).toContain(printable(USER))
  })

  it('inspect text: the same', async () => {
    const { image } = await hostileInput()
    const text = renderInspectText(buildInspectReport(image))
    expect(text.replace(/\n/g, '')).not.toMatch(CONTROL)
    expect(commandLines(text)).toEqual([])
    expect(text).toContain(printable(HOSTILE.command))
    expect(text).toContain('Alpine ::error::os \\x1b[31mred\\u202e')
  })

  it('annotations: messages hold no raw control character besides their own line breaks', async () => {
    const input = await hostileInput()
    const { annotations } = selectAnnotations(
      input.evaluation.violations,
      input.locate,
      '/repo',
      'the summary'
    )
    expect(annotations.length).toBeGreaterThan(3)
    for (const annotation of annotations) {
      expect(annotation.message.replace(/\n/g, '')).not.toMatch(CONTROL)
      expect(annotation.title).not.toMatch(CONTROL)
    }
  })

  it('job summary: one verdict heading, no link, no image, no forged row', async () => {
    const input = await hostileInput()
    const summary = renderSummary(input)
    expect(summary).not.toContain('\r')
    const markdown = new MarkdownIt({ html: true, linkify: true })
    const tokens = markdown.parse(summary, {})
    const headings = tokens.filter((t, i) => t.type === 'heading_open' && tokens[i + 1].content !== undefined)
    const texts = headings.map((h) => tokens[tokens.indexOf(h) + 1].content)
    expect(texts.filter((t) => t.includes('image-policy-gate'))).toEqual(['❌ image-policy-gate: failed'])
    const html = markdown.render(summary)
    expect(html).not.toMatch(/<a |<img /)
    expect(html).not.toContain('evil.example/i.png"')
    // Every row of the violations table has its six cells.
    const table = summary.split('\n').filter((line) => line.startsWith('| ') && line.includes('<code>'))
    expect(table.length).toBeGreaterThan(5)
    const rows = tokens.filter((t) => t.type === 'tr_open')
    expect(rows.length).toBe(summary.split('\n').filter((line) => /^\|(?!---)/.test(line)).length)
  })

  it('JSON and SARIF keep the exact strings', async () => {
    const input = await hostileInput()
    const report = JSON.parse(JSON.stringify(buildJsonReport(input))) as ReturnType<typeof buildJsonReport>
    const jsonPaths = report.violations.map((v) => v.path)
    for (const name of Object.values(HOSTILE)) expect(jsonPaths).toContain(name)
    expect(report.image.reference).toBe(REFERENCE)
    const sarif = JSON.parse(
      JSON.stringify(buildSarif(input, { sourceRoot: '/repo', category: 'hostile' }))
    ) as ReturnType<typeof buildSarif>
    const sarifPaths = (sarif.runs[0].results ?? []).map((r) => r.properties?.path as string | undefined)
    for (const name of Object.values(HOSTILE)) expect(sarifPaths).toContain(name)
  })

  it('the printable forms in the text report read back as the exact names', async () => {
    const text = renderText(await hostileInput(), { color: false })
    for (const name of Object.values(HOSTILE)) {
      const shown = printable(name)
      expect(text).toContain(shown)
      expect(parsePrintable(shown)).toBe(name)
    }
  })
})
