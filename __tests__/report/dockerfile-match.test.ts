// Dockerfile matching on content (issue 13 §3): a layer is placed on the instruction whose recorded
// content it carries, and a Dockerfile the image was not built from places nothing and says so once.
// Histories: __fixtures__/history/*.json were written by real builds of __fixtures__/history/Dockerfile.* (the
// legacy builder of Docker 20.10, with and without --target, and podman/buildah); the BuildKit ones are
// what moby/buildkit's dockerfile2llb writes (commitToHistory: "RUN <args> # buildkit", COPY with
// --chown/--chmod but never --from, bare metadata), as real BuildKit images show it (official redis:
// "RUN /bin/sh -c set -eux; \tgroupadd -r -g 999 redis; … # buildkit").
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { mapDockerfile } from '../../src/dockerfile/map.js'
import { describeCreatedBy, readCreatedBy } from '../../src/dockerfile/history.js'
import type { HistoryEntry, Layer } from '../../src/image/types.js'

const here = path.join(import.meta.dirname, '../../__fixtures__/history')
const read = (name: string) => readFileSync(path.join(here, name), 'utf8')

interface RecordedHistory {
  history: { created_by?: string; empty_layer?: boolean; comment?: string }[]
}

function historyOf(name: string): HistoryEntry[] {
  return (JSON.parse(read(name)) as RecordedHistory).history.map((h) => ({
    ...(h.created_by !== undefined ? { createdBy: h.created_by } : {}),
    ...(h.comment !== undefined ? { comment: h.comment } : {}),
    emptyLayer: h.empty_layer === true
  }))
}

function layersOf(history: HistoryEntry[]): Layer[] {
  return history
    .flatMap((h, i) => (h.emptyLayer ? [] : [i]))
    .map((historyIndex, index) => ({
      index,
      compression: 'none',
      compressedSize: 0,
      uncompressedSize: 0,
      contentSize: 0,
      entryCount: 0,
      archivePath: `${index}/layer.tar`,
      historyIndex
    }))
}

/** Line of each layer's instruction, 0 for "not placed". */
function linesOf(dockerfile: string, history: HistoryEntry[]): number[] {
  const layers = layersOf(history)
  const map = mapDockerfile('Dockerfile', dockerfile, history, layers)
  return layers.map((layer) => map.locateLayer(layer.index)?.location.line ?? 0)
}

const lineOf = (dockerfile: string, start: string) =>
  dockerfile.split('\n').findIndex((line) => line.startsWith(start)) + 1

const legacyDockerfile = read('Dockerfile.legacy')

/** The same Dockerfile built by BuildKit: the history its dockerfile2llb writes. */
const buildkitHistory: HistoryEntry[] = [
  { comment: 'Imported from -', emptyLayer: false },
  ...[
    ['ARG VERSION=1.2', true],
    ['ARG EMPTY', true],
    ['ENV APP=/app OTHER=x y', true],
    ['ENV LEGACY=legacy value', true],
    ['LABEL org.example.a=b c d=e', true],
    ['WORKDIR /srv', false],
    ['WORKDIR /srv/rel', false],
    ['COPY a.txt ./ # buildkit', false],
    ['COPY a.txt b.txt /multi/ # buildkit', false],
    ['COPY dir /dir/ # buildkit', false],
    ['COPY /out.txt /from-build.txt # buildkit', false],
    ['COPY --chown=1:1 a.txt /app/a.txt # buildkit', false],
    ['ADD t.tar /t/ # buildkit', false],
    ['RUN |1 VERSION=1.2 /bin/sh -c echo $VERSION &&     echo two       three # buildkit', false],
    ['SHELL [/bin/sh -eu -c]', true],
    ['RUN |1 VERSION=1.2 /bin/sh -eu -c echo shell # buildkit', false],
    ['EXPOSE map[443/udp:{} 80/tcp:{}]', true],
    ['VOLUME [/data]', true],
    ['STOPSIGNAL SIGTERM', true],
    [`HEALTHCHECK &{["CMD-SHELL" "echo ok"] "5s" "0s" "0s" "0s" '\\x00'}`, true],
    ['USER 1000:1000', true],
    ['ENTRYPOINT ["/bin/echo" "x"]', true],
    ['CMD ["/bin/sh" "-eu" "-c" "echo shell form"]', true]
  ].map(([createdBy, emptyLayer]) => ({
    createdBy: createdBy as string,
    comment: 'buildkit.dockerfile.v0',
    emptyLayer: emptyLayer as boolean
  }))
]

describe('the legacy builder (Docker 20.10), every instruction kind', () => {
  const history = historyOf('legacy-1.json')
  // The legacy builder commits a layer for a WORKDIR that creates its directory, as BuildKit does, and
  // marks a RUN that changed nothing (both RUNs here) as an empty layer: still matched, on its command.
  const expected = [
    'FROM busybox:musl AS final',
    'WORKDIR /srv',
    'WORKDIR rel',
    'COPY a.txt ./',
    'COPY a.txt b.txt /multi/',
    'COPY dir /dir/',
    'COPY --from=build /out.txt',
    'COPY --chown=1:1 a.txt',
    'ADD t.tar /t/'
  ].map((start) => lineOf(legacyDockerfile, start))

  it('places each layer on the instruction that wrote it (base layers on the final FROM)', () => {
    expect(linesOf(legacyDockerfile, history)).toEqual(expected)
  })

  it('shows an instruction as written, flags included, a multi-line RUN shortened to one line', () => {
    const layers = layersOf(history)
    const map = mapDockerfile('Dockerfile', legacyDockerfile, history, layers)
    expect(map.mismatch).toBeUndefined()
    expect(map.locateLayer(6)?.instruction).toBe('COPY --from=build /out.txt /from-build.txt')
    expect(map.locateLayer(7)?.instruction).toBe('COPY --chown=1:1 a.txt $APP/a.txt')
    const buildkit = mapDockerfile('Dockerfile', legacyDockerfile, buildkitHistory, layersOf(buildkitHistory))
    // Continuation lines joined (the comment line inside dropped, as Docker's parser does).
    expect(buildkit.locateLayer(9)?.instruction).toBe('RUN echo $VERSION && echo two three')
    const long = `FROM alpine\nRUN apk add --no-cache \\\n${Array.from({ length: 30 }, (_, i) => `      package-${i} \\`).join('\n')}\n      last\n`
    const packages = [...Array.from({ length: 30 }, (_, i) => `package-${i}`), 'last'].join(' ')
    const run: HistoryEntry[] = [
      { comment: 'Imported from -', emptyLayer: false },
      { createdBy: `RUN /bin/sh -c apk add --no-cache ${packages} # buildkit`, emptyLayer: false }
    ]
    const shown = mapDockerfile('Dockerfile', long, run, layersOf(run)).locateLayer(1)?.instruction ?? ''
    expect(shown).toMatch(/^RUN apk add --no-cache package-0 package-1 .* …$/)
    expect(shown.length).toBeLessThanOrEqual(100)
    expect(map.user).toMatchObject({
      location: { line: lineOf(legacyDockerfile, 'USER') },
      instruction: 'USER 1000:1000'
    })
    expect(map.label('d')?.location.line).toBe(lineOf(legacyDockerfile, 'LABEL'))
  })

  it('reads the legacy forms: --chown glued to the hash, build args before the shell', () => {
    const chown = history.find((h) => h.createdBy?.includes('--chown'))?.createdBy
    expect(chown).toMatch(/COPY --chown=1:1file:[0-9a-f]{64} in \/app\/a\.txt $/)
    expect(readCreatedBy(chown).copy).toEqual({
      flags: new Map([['chown', '1:1']]),
      hashKind: 'file',
      dest: '/app/a.txt'
    })
    expect(describeCreatedBy(chown)).toMatch(/^COPY --chown=1:1 file:[0-9a-f]{64} in \/app\/a\.txt$/)
    expect(readCreatedBy('|1 VERSION=1.2 /bin/sh -c echo shell')).toMatchObject({
      keyword: 'RUN',
      commandLine: '/bin/sh -c echo shell',
      text: 'echo shell'
    })
  })

  it('--target build: matches the stage the image was built from, its FROM taking the base layers', () => {
    const target = historyOf('legacy-build-1.json')
    const layers = layersOf(target)
    const map = mapDockerfile('Dockerfile', legacyDockerfile, target, layers)
    expect(map.mismatch).toBeUndefined()
    expect(map.stage).toMatchObject({ name: 'build', last: false })
    expect(layers.map((layer) => map.locateLayer(layer.index)?.location.line)).toEqual([
      lineOf(legacyDockerfile, 'FROM ${BASE} AS build'),
      lineOf(legacyDockerfile, 'RUN echo build'),
      lineOf(legacyDockerfile, 'RUN ["/bin/sh"')
    ])
    expect(map.locateLayer(0)?.fromBaseImage).toBe(true)
  })
})

describe('BuildKit', () => {
  it('places each layer of the same Dockerfile built by BuildKit (WORKDIR layers included)', () => {
    const expected = [
      'FROM busybox:musl AS final',
      'WORKDIR /srv',
      'WORKDIR rel',
      'COPY a.txt ./',
      'COPY a.txt b.txt /multi/',
      'COPY dir /dir/',
      'COPY --from=build /out.txt',
      'COPY --chown=1:1 a.txt',
      'ADD t.tar /t/',
      'RUN echo $VERSION',
      'RUN echo shell'
    ].map((start) => lineOf(legacyDockerfile, start))
    expect(linesOf(legacyDockerfile, buildkitHistory)).toEqual(expected)
  })

  it('matches a heredoc RUN and a COPY whose --chmod BuildKit records', () => {
    const dockerfile =
      'FROM alpine\nRUN <<EOF\nset -e\napk add curl\nEOF\nCOPY --chmod=755 run.sh /usr/local/bin/\n'
    const history: HistoryEntry[] = [
      { createdBy: 'ADD alpine-minirootfs.tar.gz / # buildkit', emptyLayer: false },
      { createdBy: 'RUN /bin/sh -c set -e\napk add curl # buildkit', emptyLayer: false },
      { createdBy: 'COPY --chmod=755 run.sh /usr/local/bin/ # buildkit', emptyLayer: false }
    ]
    expect(linesOf(dockerfile, history)).toEqual([1, 2, 6])
    const otherMode = history.map((h, i) =>
      i === 2 ? { ...h, createdBy: 'COPY --chmod=700 run.sh /usr/local/bin/ # buildkit' } : h
    )
    expect(linesOf(dockerfile, otherMode)).toEqual([0, 0, 0])
  })
})

describe('podman / buildah', () => {
  it('places each layer (buildah writes the legacy forms)', () => {
    const dockerfile = read('Dockerfile.podman')
    expect(linesOf(dockerfile, historyOf('podman.json'))).toEqual(
      ['FROM', 'RUN echo', 'COPY a.txt', 'COPY --chown'].map((start) => lineOf(dockerfile, start))
    )
  })
})

describe('a Dockerfile the image was not built from places nothing and says so once', () => {
  const legacy = historyOf('legacy-1.json')

  it('RUN lines with other commands do not match RUN layers (keywords alone are no match)', () => {
    const other = legacyDockerfile.replace('RUN echo shell', 'RUN rm -rf /root/.ssh')
    const layers = layersOf(legacy)
    const map = mapDockerfile('app/Dockerfile', other, legacy, layers)
    expect(layers.map((layer) => map.locateLayer(layer.index))).toEqual(layers.map(() => undefined))
    expect(map.user).toBeUndefined()
    expect(map.mismatch).toEqual({
      message: `app/Dockerfile does not match the image's history (line ${lineOf(other, 'RUN rm')} RUN rm -rf /root/.ssh is not in it): it is not the Dockerfile the image was built from, or not its last stage; nothing is placed on its lines`,
      location: { file: 'app/Dockerfile', line: lineOf(other, 'FROM busybox'), column: 1 }
    })
  })

  it('a COPY to another destination does not match', () => {
    const other = legacyDockerfile.replace('COPY dir /dir/', 'COPY dir /elsewhere/')
    expect(linesOf(other, legacy).every((line) => line === 0)).toBe(true)
    expect(linesOf(other, buildkitHistory).every((line) => line === 0)).toBe(true)
  })

  it('an image with a layer the Dockerfile does not make', () => {
    const fewer = legacyDockerfile.replace(/^ADD t\.tar .*\n/m, '')
    const map = mapDockerfile('Dockerfile', fewer, legacy, layersOf(legacy))
    expect(map.mismatch?.message).toMatch(
      /the image has a layer that no instruction of the stage makes \(\/bin\/sh -c #\(nop\) ADD file:/
    )
  })

  it('FROM scratch does not take the layers of a base image', () => {
    // BusyBox "at :1 FROM scratch": an image from busybox:musl is not FROM scratch + ENTRYPOINT.
    const busybox: HistoryEntry[] = [
      { createdBy: '/bin/sh -c #(nop) ADD file:6a31e6e6b1c2b0c8 in / ', emptyLayer: false },
      { createdBy: '/bin/sh -c #(nop)  ENTRYPOINT ["/bin/sh"]', emptyLayer: true }
    ]
    const map = mapDockerfile(
      'Dockerfile',
      'FROM scratch\nENTRYPOINT ["/bin/sh"]\n',
      busybox,
      layersOf(busybox)
    )
    expect(map.locateLayer(0)).toBeUndefined()
    expect(map.mismatch?.message).toMatch(/its last stage is FROM scratch, but the image has a layer before/)
  })

  it('the last stage does not match and no other stage proves itself', () => {
    // The case: an image built from another Dockerfile, checked with a distroless one.
    const distroless =
      'FROM golang AS build\nRUN go build -o /app .\n\nFROM distroless/static:nonroot\nCOPY --from=build /app /app\n'
    const map = mapDockerfile('Dockerfile', distroless, legacy, layersOf(legacy))
    expect(map.mismatch?.location.line).toBe(4)
    expect(map.stage).toBeUndefined()
  })
})
