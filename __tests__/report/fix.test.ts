// The fix on each violation, as every report shows it, on the real fixture archives: what it says for a
// file of the base image, a RUN, a COPY and a COPY --from with a matching Dockerfile, and without one;
// that it reaches text, JSON, annotations, SARIF and the summary; that names from the image stay escaped.
import { describe, expect, it } from '@jest/globals'
import { scan } from '../../src/pipeline/scan.js'
import { prepareReport } from '../../src/pipeline/report-input.js'
import type { DockerfileSource } from '../../src/pipeline/request.js'
import { mapDockerfile } from '../../src/dockerfile/map.js'
import { buildJsonReport } from '../../src/report/json.js'
import { renderText } from '../../src/report/text.js'
import { renderSummary } from '../../src/report/summary.js'
import { buildSarif } from '../../src/report/sarif.js'
import { selectAnnotations } from '../../src/report/annotations.js'
import { fixString, violationFix } from '../../src/report/fix.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'
import { makeInput } from '../../__fixtures__/report.js'
import { dir, executable, file, imageFromLayers, multiCall, whiteout } from '../../__fixtures__/image.js'
import { check } from '../../__fixtures__/policy.js'
import type { HistoryEntry } from '../../src/image/types.js'

const NOW = new Date('2026-06-01T12:00:00Z')

/** Markdown without its fenced code blocks, whose text is shown as it is. */
const withoutFences = (markdown: string) => markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '')

async function report(archive: string, policy: string, dockerfile?: DockerfileSource) {
  const { platforms } = await scan({
    source: { kind: 'file', path: fixture(archive) },
    policyPath: policy,
    now: NOW
  })
  expect(platforms).toHaveLength(1)
  return (await prepareReport(platforms[0], 'error', dockerfile)).input
}

const fixOf = (input: Awaited<ReturnType<typeof report>>, rule: string) => {
  const violation = input.evaluation.violations.find((v) => v.rule === rule)
  if (!violation) throw new Error(`no ${rule} violation`)
  return violationFix(violation, input)
}

// The Dockerfile app-alpine.docker20.tar was built from (legacy builder), as a person writes it.
const APP_DOCKERFILE = [
  'FROM alpine:3.20',
  'RUN addgroup -S app && adduser -S -G app app && mkdir -p /srv && echo "console.log(1)" > /srv/index.js',
  'COPY hello /srv/hello',
  'USER app',
  'WORKDIR /srv',
  'CMD ["/srv/hello"]'
].join('\n')

describeWithFixtures('fixes on the fixture archives', () => {
  it('a shell from the base image: that FROM line, and a multi-stage build onto distroless', async () => {
    const input = await report('app-alpine.docker20.tar', 'strict', {
      path: 'Dockerfile',
      content: APP_DOCKERFILE
    })
    const shell = fixOf(input, 'no-shell')
    expect(shell.text).toBe(
      'Remove /bin/busybox (BusyBox: ash, sh) and its 304 links. It comes with the base image, Dockerfile:1 (FROM alpine:3.20). Build in a builder stage and copy only your program onto a base without it (for a glibc program, cc-debian12):'
    )
    // Built on the stage's own FROM, copying the program the image runs.
    expect(shell.snippet).toEqual([
      'FROM alpine:3.20 AS build',
      'FROM gcr.io/distroless/static-debian12',
      'COPY --from=build /srv/hello /srv/hello'
    ])
    expect(shell.waiver).toBe(
      '- { rule: no-shell, path: "/bin/busybox", reason: "TODO: why this is acceptable (ticket, owner)", expires: 2026-07-01 }'
    )
    expect(fixOf(input, 'no-package-manager').text).toMatch(
      /^Remove the package manager \/sbin\/apk\. It comes with the base image, Dockerfile:1 \(FROM alpine:3\.20\)\. /
    )
    // No Dockerfile line inside parentheses, in any fix.
    for (const violation of input.evaluation.violations)
      expect(violationFix(violation, input).text).not.toMatch(/\([^()]*\(/)
    const labels = fixOf(input, 'required-labels')
    expect(labels.text).toContain("docker/metadata-action's `labels` output")
    expect(labels.text).toContain('Add to the stage at Dockerfile:1, after its last RUN:')
  })

  it('without a Dockerfile: the layer, and the base guessed from os-release', async () => {
    const input = await report('app-alpine.docker26.tar', 'strict')
    const shell = fixOf(input, 'no-shell')
    expect(shell.text).toContain('It comes with the base image, layer 0. Build in a builder stage')
    expect(shell.snippet[0]).toBe('FROM alpine:3.20 AS build')
    const distroless = fixOf(input, 'distroless')
    expect(distroless.text).toBe(
      'Build in a builder stage and copy only your program onto a distroless base.'
    )
    expect(distroless.snippet).toHaveLength(3)
  })

  it('the distroless fixture passes the no-shell rules: nothing to fix there', async () => {
    const input = await report('distroless-static.containerd.tar', 'default')
    expect(input.evaluation.violations.filter((v) => v.rule === 'no-shell')).toEqual([])
  })
})

// A BuildKit build whose every step leaves something to fix; BuildKit records no --from.
const bk = (createdBy: string, emptyLayer = false): HistoryEntry => ({ createdBy, emptyLayer })
const HISTORY = [
  bk('ADD rootfs.tar / # buildkit'),
  bk('RUN /bin/sh -c apk add bash shadow # buildkit'),
  bk('COPY /bin/busybox /usr/local/bin/toolbox # buildkit'),
  bk('COPY . /app # buildkit'),
  bk('RUN /bin/sh -c rm /app/.env # buildkit'),
  bk('USER root', true)
]
const DOCKERFILE = [
  'FROM debian:12',
  'RUN apk add bash shadow',
  'COPY --from=busybox:1.36 /bin/busybox /usr/local/bin/toolbox',
  'COPY . /app',
  'RUN rm /app/.env',
  'USER root'
].join('\n')
const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n'
const HOSTILE = '/app/x\n::error::pwned\u202e|<b>'

function built() {
  return imageFromLayers(
    [
      [
        dir('/bin'),
        executable('/bin/ls'),
        dir('/etc'),
        file('/etc/passwd', 'root:x:0:0::/root:/bin/sh\nnonroot:x:65532:65532::/home/nonroot:/sbin/nologin\n')
      ],
      [
        executable('/bin/bash'),
        dir('/usr'),
        dir('/usr/bin'),
        executable('/usr/bin/passwd', { mode: 0o4755 })
      ],
      [dir('/usr/local'), dir('/usr/local/bin'), multiCall('/usr/local/bin/toolbox', ['sh', 'ash', 'ls'])],
      [dir('/app'), file('/app/.env', 'TOKEN=1\n'), file('/app/id_rsa', KEY), file(HOSTILE, 'x')],
      [whiteout('/app/.env')]
    ],
    { user: 'root', history: HISTORY, cmd: ['/app/server'] }
  )
}

async function builtReport() {
  const image = built()
  const evaluation = await check(
    image,
    'rules:\n  no-shell: true\n  no-setuid: true\n  no-secrets: true\n  non-root-user: true\n  forbidden-paths: ["/app/x*"]\n  size: { maxWasted: 1B }\n'
  )
  const dockerfile = mapDockerfile('Dockerfile', DOCKERFILE, image.config.history, image.layers)
  expect(dockerfile.mismatch).toBeUndefined()
  return makeInput(evaluation.violations, { image, evaluation, dockerfile })
}

describe('fixes at the Dockerfile line that caused them', () => {
  const fixFor = async (rule: string, path?: string) => {
    const input = await builtReport()
    const violation = input.evaluation.violations.find(
      (v) => v.rule === rule && (path === undefined || v.path === path)
    )
    if (!violation) throw new Error(`no ${rule} ${path ?? ''}`)
    return violationFix(violation, input)
  }

  it('a shell a RUN installed: that RUN', async () => {
    expect((await fixFor('no-shell', '/bin/bash')).text).toBe(
      'Remove the shell /bin/bash. It is added by Dockerfile:2 (RUN apk add bash shadow): remove it in that same RUN, or do that work in a builder stage and copy out only what runs.'
    )
  })

  it('BusyBox under another name: the COPY --from and the image it copies from', async () => {
    expect((await fixFor('no-shell', '/usr/local/bin/toolbox')).text).toBe(
      'Remove /usr/local/bin/toolbox (BusyBox under another name: ash, sh). It is copied from busybox:1.36 by Dockerfile:3 (COPY --from=busybox:1.36 /bin/busybox /usr/local/bin/toolbox): copy only the files you need from there.'
    )
  })

  it('setuid: chmod appended to the RUN that made it', async () => {
    const fix = await fixFor('no-setuid')
    expect(fix.text).toBe(
      'Clear the setuid bit of /usr/bin/passwd, or remove it if nothing needs it. Append `&& chmod u-s /usr/bin/passwd` to Dockerfile:2 (RUN apk add bash shadow).'
    )
    expect(fix.snippet).toEqual([])
  })

  it('a secret deleted later: still in its layer, rotate it, and the COPY that put it there', async () => {
    const fix = await fixFor('no-secrets', '/app/.env')
    expect(fix.text).toContain(
      'Rotate this credential and rebuild without /app/.env: it ships in layer 3 even though a later layer deletes it'
    )
    expect(fix.text).toContain('RUN --mount=type=secret')
    // The writing step, then the deleting one, each by its Dockerfile line.
    expect(fix.text).toContain(
      'It is copied by Dockerfile:4 (COPY . /app): keep it out of that COPY (a narrower source, or .dockerignore). It is deleted by Dockerfile:5 (RUN rm /app/.env), which leaves it in layer 3.'
    )
    expect(fix.text).not.toMatch(/layer 4|Layer 4/)
  })

  it('a secret deleted later, without a Dockerfile: the deleting history step', async () => {
    const input = await builtReport()
    const violation = input.evaluation.violations.find(
      (v) => v.rule === 'no-secrets' && v.path === '/app/.env'
    )
    if (!violation) throw new Error('no no-secrets /app/.env')
    // Each layer as a reader gives it: its history step's created_by.
    for (const layer of input.image.layers) layer.createdBy = HISTORY[layer.index].createdBy
    const { dockerfile: _matched, ...withoutDockerfile } = input
    const fix = violationFix(violation, { ...withoutDockerfile, locate: () => ({ source: 'none' }) })
    expect(fix.text).toContain(
      'It is copied by layer 3 (COPY . /app): keep it out of that COPY (a narrower source, or .dockerignore). It is deleted by layer 4 (RUN rm /app/.env), which leaves it in layer 3.'
    )
  })

  it('a forbidden file deleted later: the deleting RUN by its line', async () => {
    const image = built()
    const evaluation = await check(
      image,
      'rules:\n  forbidden-paths: { paths: ["/app/.env"], includeHidden: true }\n'
    )
    const dockerfile = mapDockerfile('Dockerfile', DOCKERFILE, image.config.history, image.layers)
    const fix = violationFix(
      evaluation.violations[0],
      makeInput(evaluation.violations, { image, evaluation, dockerfile })
    )
    expect(fix.text).toBe(
      'Keep /app/.env out of layer 3: deleting it in a later layer leaves it in the image. The policy forbids "/app/.env". It is copied by Dockerfile:4 (COPY . /app): keep it out of that COPY (a narrower source, or .dockerignore). It is deleted by Dockerfile:5 (RUN rm /app/.env), which leaves it in layer 3.'
    )
  })

  it('a Dockerfile line holding a credential is redacted in the fix as at its location', async () => {
    const token = 'ghp_' + 'a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8'
    const image = imageFromLayers(
      [
        [dir('/bin'), executable('/bin/ls')],
        [dir('/usr'), dir('/usr/bin'), executable('/usr/bin/passwd', { mode: 0o4755 })]
      ],
      {
        history: [
          bk('ADD rootfs.tar / # buildkit'),
          bk(`RUN /bin/sh -c curl -H "Authorization: token ${token}" x | sh # buildkit`)
        ]
      }
    )
    const evaluation = await check(image, 'rules:\n  no-setuid: true\n')
    const dockerfile = mapDockerfile(
      'Dockerfile',
      `FROM debian:12\nRUN curl -H "Authorization: token ${token}" x | sh\n`,
      image.config.history,
      image.layers
    )
    expect(dockerfile.mismatch).toBeUndefined()
    const input = makeInput(evaluation.violations, { image, evaluation, dockerfile })
    const fix = violationFix(evaluation.violations[0], input)
    expect(fix.text).toContain('Append `&& chmod u-s /usr/bin/passwd` to Dockerfile:2 (RUN curl')
    expect(fix.text).not.toContain(token)
  })

  it('wasted bytes: the RUN that wrote and the one that deleted', async () => {
    const fix = await fixFor('size')
    expect(fix.text).toContain('layer 3 writes it, layer 4 deletes it')
    expect(fix.text).toContain(
      'Layer 3: Dockerfile:4 (COPY . /app); layer 4: Dockerfile:5 (RUN rm /app/.env).'
    )
  })

  it('root: the USER line changed to the image’s own non-root user', async () => {
    const fix = await fixFor('non-root-user')
    expect(fix.text).toBe(
      "Run as the image's own non-root user nonroot (uid 65532 in its /etc/passwd); make what it must write owned by it (COPY --chown=nonroot). Change Dockerfile:6 (USER root) to:"
    )
    expect(fix.snippet).toEqual(['USER nonroot'])
    expect(fix.waiver).toBe(
      '- { rule: non-root-user, reason: "TODO: why this is acceptable (ticket, owner)", expires: 2026-07-01 }'
    )
  })

  it('a setuid file a COPY brought: --chmod on that COPY', async () => {
    const image = imageFromLayers(
      [
        [dir('/bin'), executable('/bin/ls')],
        [dir('/app'), executable('/app/helper', { mode: 0o6750 })]
      ],
      { history: [bk('ADD rootfs.tar / # buildkit'), bk('COPY helper /app/helper # buildkit')] }
    )
    const evaluation = await check(image, 'rules:\n  no-setuid: true\n')
    const dockerfile = mapDockerfile(
      'Dockerfile',
      'FROM debian:12\nCOPY helper /app/helper\n',
      image.config.history,
      image.layers
    )
    const fix = violationFix(
      evaluation.violations[0],
      makeInput(evaluation.violations, { image, evaluation, dockerfile })
    )
    expect(fix.text).toBe(
      'Clear the setuid and setgid bit of /app/helper, or remove it if nothing needs it. Add `--chmod=0750` to Dockerfile:2 (COPY helper /app/helper), or a RUN after it:'
    )
    expect(fix.snippet).toEqual(['RUN chmod u-s,g-s /app/helper'])
  })
})

describe('every output shows the fix, names from the image escaped', () => {
  it('text: under the violation, the lines to paste, the waiver', async () => {
    const text = renderText(await builtReport(), { color: false })
    expect(text).toContain(
      '       fix: Remove the shell /bin/bash. It is added by Dockerfile:2 (RUN apk add bash shadow)'
    )
    expect(text).toContain('         USER nonroot\n')
    expect(text).toContain('       waive: - { rule: no-shell, path: "/bin/bash", reason: ')
    // The hostile name: escaped in the fix, quoted in the waiver; no line a runner would act on.
    expect(text).toContain('fix: Remove /app/x\\n::error::pwned\\u202e|<b>: the policy forbids')
    expect(text).toContain('path: "/app/x\\n::error::pwned\\u202e\\\\|<b>"')
    expect(text.split('\n').some((line) => /^\s*::/.test(line))).toBe(false)
    expect(text).not.toContain('\u202e')
  })

  it('JSON: fix on every violation, the waiver alone beside it', async () => {
    const json = buildJsonReport(await builtReport())
    for (const violation of json.violations) expect(violation.fix.trim()).not.toBe('')
    const hostile = json.violations.find((v) => v.path === HOSTILE)
    expect(hostile?.fix).toContain('Remove /app/x\\n::error::pwned\\u202e|<b>')
    expect(hostile?.fix.split('\n').at(-1)).toBe(
      `To waive it instead, under waivers: ${hostile?.waiver ?? ''}`
    )
    const root = json.violations.find((v) => v.rule === 'non-root-user')
    expect(root?.fix.split('\n')).toEqual([
      expect.stringContaining('Change Dockerfile:6 (USER root) to:'),
      '  USER nonroot',
      'To waive it instead, under waivers: - { rule: non-root-user, reason: "TODO: why this is acceptable (ticket, owner)", expires: 2026-07-01 }'
    ])
  })

  it('annotations: a compact Fix line with the lines to paste', async () => {
    const input = await builtReport()
    const { annotations } = selectAnnotations(
      input.evaluation.violations,
      input.locate,
      '.',
      'the job summary',
      (v) => violationFix(v, input)
    )
    const root = annotations.find((a) => a.title === 'non-root-user')
    expect(root?.message).toContain('\nFix: Run as the image')
    expect(root?.message).toContain('\nUSER nonroot')
    for (const annotation of annotations) {
      expect(annotation.message).not.toContain('waive')
      expect(annotation.message).not.toContain('\u202e')
    }
  })

  it('SARIF: the fix in the message text and markdown, and in properties', async () => {
    const log = buildSarif(await builtReport(), { sourceRoot: process.cwd(), category: 'test' })
    const results = log.runs[0].results ?? []
    const shell = results.find((r) => r.properties?.path === '/bin/bash')
    expect(shell?.message.text).toContain('\n\nRemove the shell /bin/bash. It is added by Dockerfile:2')
    expect(shell?.message.markdown).toContain(
      '**Fix:** Remove the shell \\/bin\\/bash\\. It is added by Dockerfile\\:2'
    )
    expect(shell?.message.markdown).toContain('```yaml\n- { rule: no-shell, path: "/bin/bash"')
    expect(shell?.properties?.fix).toBe((shell?.message.text ?? '').split('\n\n').slice(1).join('\n\n'))
    const hostile = results.find((r) => r.properties?.path === HOSTILE)
    expect(withoutFences(hostile?.message.markdown ?? '')).not.toContain('<b>')
  })

  it('summary: a Fix column and the waivers in one block to copy', async () => {
    const summary = renderSummary(await builtReport())
    expect(summary).toContain('| Rule | Severity | Path | Layer | Dockerfile | Message | Fix |')
    expect(summary).toContain('Change Dockerfile\\:6 \\(USER root\\) to\\:<br><code>USER nonroot</code>')
    expect(summary).toContain('```yaml\n- { rule: ')
    expect(withoutFences(summary)).not.toContain('<b>')
    expect(summary).not.toContain('\u202e')
  })

  it('a violation a rule gave no fix still gets one: its rule page and a waiver', () => {
    const input = makeInput([{ rule: 'size', severity: 'error', message: 'too big' }])
    expect(fixString(violationFix(input.evaluation.violations[0], input))).toMatch(
      /^See \S+\/docs\/rules\/size\.md for how to fix it\.\nTo waive it instead/
    )
  })
})
