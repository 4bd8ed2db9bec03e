// Layer → Dockerfile instruction mapping, on the history a real Docker 20.10 legacy build wrote
// (fixture archive) and on BuildKit's history forms.
import { describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { createReadStream } from 'node:fs'
import { extract } from 'tar-stream'
import { mapDockerfile, layerHistoryIndexes } from '../../src/dockerfile/map.js'
import { describeCreatedBy, parseCreatedBy } from '../../src/dockerfile/history.js'
import type { HistoryEntry, Layer } from '../../src/image/types.js'

const fixtures = path.resolve(import.meta.dirname, '../../../shared/fixtures/images')
const haveFixtures = existsSync(fixtures)
if (!haveFixtures && process.env.CI === 'true') throw new Error(`fixtures missing in CI: ${fixtures}`)
if (!haveFixtures) console.warn(`skipping fixture-based Dockerfile mapping tests: ${fixtures} is absent`)
const describeFixtures = haveFixtures ? describe : describe.skip

/** The config history of the first image in a `docker save` archive (manifest.json → Config). */
async function historyOf(archive: string): Promise<HistoryEntry[]> {
  const files = new Map<string, Buffer>()
  const tar = extract()
  const done = new Promise<void>((resolve, reject) => {
    tar.on('entry', (header, stream, next) => {
      const chunks: Buffer[] = []
      const keep = header.name.endsWith('.json') && !header.name.includes('/')
      stream.on('data', (chunk: unknown) => {
        if (keep) chunks.push(chunk as Buffer)
      })
      stream.on('end', () => {
        if (keep) files.set(header.name, Buffer.concat(chunks))
        next()
      })
    })
    tar.on('finish', resolve)
    tar.on('error', reject)
  })
  createReadStream(archive).pipe(tar)
  await done
  const manifest = JSON.parse(String(files.get('manifest.json'))) as { Config: string }[]
  const config = JSON.parse(String(files.get(manifest[0].Config))) as {
    history: { created_by?: string; empty_layer?: boolean }[]
  }
  return config.history.map((h) => ({ createdBy: h.created_by, emptyLayer: h.empty_layer === true }))
}

function layersFor(history: HistoryEntry[], withIndexes: boolean): Layer[] {
  const nonEmpty = history.flatMap((h, i) => (h.emptyLayer ? [] : [i]))
  return nonEmpty.map((historyIndex, index) => ({
    index,
    compression: 'none',
    compressedSize: 0,
    uncompressedSize: 0,
    contentSize: 0,
    entryCount: 0,
    archivePath: `${index}/layer.tar`,
    ...(withIndexes ? { historyIndex, createdBy: history[historyIndex].createdBy } : {})
  }))
}

describeFixtures('legacy builder history (Docker 20.10, app-alpine.docker20.tar)', () => {
  // The Dockerfile the fixture was built from, written as a person would (continuation lines,
  // a comment, an earlier stage that must be ignored).
  const dockerfile = [
    'FROM alpine:3.20 AS tools', // 1
    'RUN echo unrelated', // 2
    '', // 3
    '# the app', // 4
    'FROM alpine-base', // 5
    'RUN addgroup -S app && adduser -S -G app app \\', // 6
    '    && mkdir -p /srv && echo "console.log(1)" > /srv/index.js', // 7
    'COPY hello /srv/hello', // 8
    'USER app', // 9
    'WORKDIR /srv', // 10
    'CMD ["/srv/hello"]' // 11
  ].join('\n')

  it.each([true, false])(
    'maps base, RUN and COPY layers to their lines (reader historyIndex: %s)',
    async (withIndexes) => {
      const history = await historyOf(path.join(fixtures, 'app-alpine.docker20.tar'))
      const layers = layersFor(history, withIndexes)
      expect(layers).toHaveLength(3)
      const map = mapDockerfile('app/Dockerfile', dockerfile, history, layers)
      expect(map.warnings).toEqual([])
      expect(map.locateLayer(0)).toMatchObject({
        location: { file: 'app/Dockerfile', line: 5, column: 1 },
        fromBaseImage: true
      })
      expect(map.locateLayer(1)).toMatchObject({ location: { line: 6 }, fromBaseImage: false })
      expect(map.locateLayer(1)?.instruction).toMatch(/^RUN addgroup -S app/)
      expect(map.locateLayer(2)).toMatchObject({
        location: { line: 8 },
        instruction: 'COPY hello /srv/hello'
      })
    }
  )

  it('reads the legacy #(nop) forms', async () => {
    const history = await historyOf(path.join(fixtures, 'app-alpine.docker20.tar'))
    expect(history.map((h) => parseCreatedBy(h.createdBy).keyword)).toEqual([
      '',
      'RUN',
      'COPY',
      'USER',
      'WORKDIR',
      'CMD'
    ])
    expect(describeCreatedBy(history[2].createdBy)).toMatch(/^COPY file:[0-9a-f]+ in \/srv\/hello$/)
    expect(describeCreatedBy(history[5].createdBy)).toBe('CMD ["/srv/hello"]')
  })
})

describe('BuildKit history', () => {
  const bk = (createdBy: string, emptyLayer = false): HistoryEntry => ({ createdBy, emptyLayer })
  // What BuildKit writes for `FROM alpine:3.20` followed by the Dockerfile below.
  const history: HistoryEntry[] = [
    bk('ADD alpine-minirootfs-3.20.3-x86_64.tar.gz / # buildkit'),
    bk('CMD ["/bin/sh"]', true),
    bk('ARG VERSION=1.2', true),
    bk('RUN |1 VERSION=1.2 /bin/sh -c apk add --no-cache nodejs # buildkit'),
    bk('WORKDIR /app'),
    bk('COPY index.js ./ # buildkit'),
    bk('COPY /out/hello /usr/local/bin/hello # buildkit'),
    bk('USER node', true),
    bk('CMD ["/bin/sh"]', true)
  ]
  const dockerfile = `# syntax=docker/dockerfile:1
FROM golang:1.23 AS build
RUN go build -o /out/hello .

FROM alpine:3.20
ARG VERSION=1.2
RUN apk add --no-cache \\
      nodejs
WORKDIR /app
COPY --chown=node index.js ./
COPY --from=build /out/hello /usr/local/bin/hello
USER node
CMD ["/bin/sh"]
`
  const layers = layersFor(history, true)

  it('parses BuildKit forms', () => {
    expect(parseCreatedBy(history[3].createdBy)).toEqual({
      keyword: 'RUN',
      text: 'apk add --no-cache nodejs'
    })
    expect(parseCreatedBy(history[5].createdBy)).toEqual({ keyword: 'COPY', text: 'index.js ./' })
    expect(parseCreatedBy(history[4].createdBy)).toEqual({ keyword: 'WORKDIR', text: '/app' })
  })

  it('maps each layer to its instruction and the base layer to the final FROM', () => {
    const map = mapDockerfile('Dockerfile', dockerfile, history, layers)
    const lines = layers.map((l) => map.locateLayer(l.index)?.location.line)
    expect(lines).toEqual([5, 7, 9, 10, 11])
    expect(map.locateLayer(0)?.fromBaseImage).toBe(true)
  })

  it('ties a repeated instruction to the final stage, not to an identical base image entry', () => {
    const repeated: HistoryEntry[] = [
      bk('ADD rootfs.tar / # buildkit'),
      bk('RUN /bin/sh -c apk add curl # buildkit'),
      bk('CMD ["/bin/sh"]', true),
      bk('RUN /bin/sh -c apk add curl # buildkit')
    ]
    const map = mapDockerfile(
      'Dockerfile',
      'FROM base\nRUN apk add curl\n',
      repeated,
      layersFor(repeated, true)
    )
    expect(map.locateLayer(1)).toMatchObject({ location: { line: 1 }, fromBaseImage: true })
    expect(map.locateLayer(2)).toMatchObject({ location: { line: 2 }, fromBaseImage: false })
  })

  it('maps every layer to FROM when the final stage only names a base', () => {
    const map = mapDockerfile('Dockerfile', 'FROM alpine:3.20\n', history.slice(0, 2), layers.slice(0, 1))
    expect(map.locateLayer(0)).toMatchObject({ location: { line: 1 }, fromBaseImage: true })
  })

  it('gives up, saying so once, when the Dockerfile does not match the history', () => {
    const map = mapDockerfile('Dockerfile', 'FROM scratch\nENTRYPOINT ["/x"]\n', history, layers)
    expect(layers.map((layer) => map.locateLayer(layer.index))).toEqual(layers.map(() => undefined))
    expect(map.mismatch?.message).toMatch(
      /^Dockerfile does not match the image's history \(line 2 ENTRYPOINT \["\/x"\] is not in it\)/
    )
    expect(map.mismatch?.location).toEqual({ file: 'Dockerfile', line: 1, column: 1 })
  })

  it('finds the EXPOSE of a port, in the stage it is built FROM too; else the FROM line', () => {
    // BuildKit records EXPOSE as a Go map, variables expanded; the legacy builder as the ports.
    const exposing = [
      bk('ADD rootfs.tar / # buildkit'),
      bk('EXPOSE map[9000/tcp:{}]', true),
      bk('RUN /bin/sh -c make # buildkit'),
      bk('EXPOSE map[443/udp:{} 6000/tcp:{} 6001/tcp:{} 6002/tcp:{} 8080/tcp:{}]', true),
      bk('/bin/sh -c #(nop)  EXPOSE 53/udp', true)
    ]
    const dockerfile = [
      'FROM debian:12 AS base',
      'EXPOSE 9000',
      'RUN make',
      'FROM base',
      'ARG PORT=8080',
      'EXPOSE $PORT 443/UDP 6000-6002',
      'EXPOSE 53/udp',
      ''
    ].join('\n')
    const map = mapDockerfile('Dockerfile', dockerfile, exposing, layersFor(exposing, true))
    expect(map.mismatch).toBeUndefined()
    const lineOf = (port: string) => map.exposing(port)?.location.line
    expect(['8080/tcp', '443/udp', '6001/tcp', '9000/tcp', '53/udp'].map(lineOf)).toEqual([6, 6, 6, 2, 7])
    // Not exposed by any EXPOSE of these stages: the base image's config exposes it.
    expect(map.exposing('22/tcp')).toMatchObject({ location: { line: 1 }, fromBaseImage: true })
    expect(map.exposing('443/tcp')?.fromBaseImage).toBe(true)
    expect(map.exposing('6003/tcp')?.fromBaseImage).toBe(true)
  })

  it('places no port below FROM scratch that no EXPOSE exposes', () => {
    const scratch = [bk('COPY app /app # buildkit'), bk('EXPOSE map[8080/tcp:{}]', true)]
    const map = mapDockerfile(
      'Dockerfile',
      'FROM scratch\nCOPY app /app\nEXPOSE 8080\n',
      scratch,
      layersFor(scratch, true)
    )
    expect(map.exposing('8080/tcp')?.location.line).toBe(3)
    expect(map.exposing('22/tcp')).toBeUndefined()
  })

  it('gives up, saying so, on a Dockerfile without FROM', () => {
    const map = mapDockerfile('Dockerfile', '# nothing here\n', history, layers)
    expect(map.locateLayer(0)).toBeUndefined()
    expect(map.mismatch?.message).toMatch(/has no FROM instruction/)
  })
})

describe('layerHistoryIndexes', () => {
  it('does not guess when history and layer counts disagree', () => {
    const history: HistoryEntry[] = [{ createdBy: 'RUN x', emptyLayer: false }]
    const layers: Layer[] = [0, 1].map((index) => ({
      index,
      compression: 'none',
      compressedSize: 0,
      uncompressedSize: 0,
      contentSize: 0,
      entryCount: 0,
      archivePath: ''
    }))
    expect(layerHistoryIndexes(history, layers)).toEqual([undefined, undefined])
  })
})
