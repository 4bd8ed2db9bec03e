// Where violations land with a Dockerfile (issue 13 §3): the layer's instruction, the USER that set a
// root user, the LABEL a required label belongs to, the RUN that deleted wasted bytes; and, with a
// Dockerfile that is not the image's, nowhere on it: the policy lines, and the mismatch said once.
import { describe, expect, it } from '@jest/globals'
import { mapDockerfile } from '../../src/dockerfile/map.js'
import { buildJsonReport } from '../../src/report/json.js'
import { renderSummary } from '../../src/report/summary.js'
import { renderText } from '../../src/report/text.js'
import type { Violation } from '../../src/policy/types.js'
import { dir, makeImage, program, whiteout } from '../../__fixtures__/image.js'
import { makeInput, POLICY, RULE_LOCATIONS } from '../../__fixtures__/report.js'

const { default: MarkdownIt } = await import('markdown-it')
/** The summary as GitHub shows it: CommonMark and GFM tables, HTML allowed. */
const rendered = (markdown: string) => new MarkdownIt({ html: true }).render(markdown)

// What the builders record for DOCKERFILE on an Alpine base.
const image = makeImage({
  reference: 'example/app:1.0',
  user: 'app',
  layers: [
    {
      createdBy: 'ADD alpine-minirootfs.tar.gz / # buildkit',
      entries: [
        dir('/bin'),
        program('/bin/busybox', 800_000),
        dir('/etc'),
        program('/etc/big.cache', 2_000_000)
      ]
    },
    { createdBy: 'RUN /bin/sh -c rm /etc/big.cache # buildkit', entries: [whiteout('/etc/big.cache')] },
    // As the legacy builder records a COPY: the summary should show the Dockerfile's words instead.
    {
      createdBy: '/bin/sh -c #(nop) COPY file:9a4bde686463641c in /srv/hello ',
      entries: [dir('/srv'), program('/srv/hello', 1_500_000)]
    }
  ],
  emptyAfter: [
    { after: 0, createdBy: 'LABEL org.opencontainers.image.title=app' },
    { after: 1, createdBy: 'LABEL org.opencontainers.image.source=' },
    { after: 2, createdBy: 'USER app' }
  ]
})
const DOCKERFILE = [
  'FROM alpine', // 1
  'LABEL org.opencontainers.image.title=app', // 2
  'RUN rm /etc/big.cache', // 3
  'LABEL org.opencontainers.image.source=""', // 4
  'COPY hello /srv/hello', // 5
  'USER app' // 6
].join('\n')
const matched = mapDockerfile('Dockerfile', DOCKERFILE, image.config.history, image.layers)
const other = mapDockerfile(
  'Dockerfile',
  'FROM alpine\nRUN apk add curl\nUSER app\n',
  image.config.history,
  image.layers
)

const violations: Violation[] = [
  { rule: 'no-shell', severity: 'error', message: 'shell', path: '/bin/busybox', layer: 0 },
  { rule: 'non-root-user', severity: 'error', message: 'User "app" maps to uid 0' },
  {
    rule: 'required-labels',
    severity: 'error',
    message: 'label org.opencontainers.image.source is empty',
    label: 'org.opencontainers.image.source'
  },
  {
    rule: 'required-labels',
    severity: 'error',
    message: 'label org.opencontainers.image.revision is missing',
    label: 'org.opencontainers.image.revision'
  },
  { rule: 'size', severity: 'error', message: 'wasted', hiddenBy: 1 },
  { rule: 'size', severity: 'error', message: 'image too big' }
]
const ruleLocations = {
  ...RULE_LOCATIONS,
  'non-root-user': { file: POLICY, line: 7, column: 3 },
  'required-labels': { file: POLICY, line: 8, column: 3 }
}
const evaluation = {
  violations,
  rulesEvaluated: ['no-shell', 'non-root-user', 'required-labels', 'size'],
  ruleLocations,
  expiringWaivers: [],
  evaluatedAt: new Date('2026-06-01T12:00:00Z')
}

describe('placing violations on a matching Dockerfile', () => {
  const input = makeInput(violations, { image, dockerfile: matched, evaluation })
  const places = violations.map((violation) => {
    const located = input.locate(violation)
    return `${located.location?.file}:${located.location?.line} ${located.instruction ?? ''}`.trim()
  })

  it('puts each rule on the instruction that caused it', () => {
    expect(matched.mismatch).toBeUndefined()
    expect(places).toEqual([
      'Dockerfile:1 FROM alpine',
      'Dockerfile:6 USER app',
      // The LABEL that sets it (empty); for a missing one, the last LABEL, where it would be added.
      'Dockerfile:4 LABEL org.opencontainers.image.source=""',
      'Dockerfile:4 LABEL org.opencontainers.image.source=""',
      // The RUN that deleted the wasted bytes.
      'Dockerfile:3 RUN rm /etc/big.cache',
      `${POLICY}:3`
    ])
  })

  it('writes the place into the JSON report', () => {
    const report = buildJsonReport(input)
    expect(report.violations.find((v) => v.rule === 'non-root-user')?.dockerfile).toEqual({
      file: 'Dockerfile',
      line: 6,
      instruction: 'USER app'
    })
    expect(report.violations.find((v) => v.message === 'image too big')).not.toHaveProperty('dockerfile')
  })

  it('names layers by their Dockerfile instruction in the summary, and links the line on GitHub', () => {
    const linked = makeInput(violations, {
      image,
      dockerfile: matched,
      evaluation,
      sourceLink: (location) => `https://github.com/o/r/blob/abc1234/${location.file}#L${location.line}`
    })
    const html = rendered(renderSummary(linked))
    expect(html).toMatch(
      /<td>1<\/td>\s*<td>[^<]*<\/td>\s*<td>[^<]*<\/td>\s*<td><code>RUN rm \/etc\/big\.cache<\/code><\/td>/
    )
    expect(html).toContain(
      '<a href="https://github.com/o/r/blob/abc1234/Dockerfile#L6">Dockerfile:6</a> <code>USER app</code>'
    )
  })
})

describe('a Dockerfile that is not the image’s', () => {
  const input = makeInput(violations, { image, dockerfile: other, evaluation })

  it('places nothing on it: every violation stays on its policy line', () => {
    expect(other.mismatch?.message).toMatch(
      /^Dockerfile does not match the image's history \(line 2 RUN apk add curl is not in it\)/
    )
    for (const violation of violations) expect(input.locate(violation).source).toBe('policy')
    expect(buildJsonReport(input).violations.some((v) => 'dockerfile' in v)).toBe(false)
    // Layers keep their history: the Dockerfile says nothing about them.
    expect(rendered(renderSummary(input))).toContain('<code>COPY file:9a4bde686463641c in /srv/hello</code>')
  })

  it('says so once in the text report', () => {
    const text = renderText(input, { color: false })
    expect(text.split('\n').filter((line) => line.includes('does not match'))).toEqual([
      `Dockerfile: ${other.mismatch?.message}`
    ])
    expect(text).not.toMatch(/^\s+at Dockerfile:/m)
  })
})
