// The rules on real binaries read through the real reader: a BusyBox whose marker was flipped, a renamed
// dash, a BusyBox whose shell applet was renamed, and ordinary programs next to them. (A UPX-packed
// program: rules/no-packed-executable.test.ts.)
import { expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync, realpathSync } from 'node:fs'
import { Readable } from 'node:stream'
import tar from 'tar-stream'
import type { TarItem } from '../../__fixtures__/tar.js'
import { checkReadLayer, messagesByRule } from '../../__fixtures__/policy.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'
import { describeWithTools } from '../helpers/tools.js'

const RULES = `rules:
  no-shell: true
  no-package-manager: true
  distroless: true
  no-packed-executable: true
`

const checkLayer = (items: TarItem[]) => checkReadLayer(items, RULES)

/** One file's bytes from a fixture archive (legacy layout: `<id>/layer.tar` blobs). */
async function fixtureFile(archive: string, wanted: string): Promise<Buffer> {
  const entries = async (bytes: Buffer | Readable, visit: (name: string, body: Buffer) => void) => {
    const extract = tar.extract()
    const done = new Promise<void>((resolve, reject) => {
      extract.on('entry', (header, stream, next) => {
        const parts: Buffer[] = []
        stream.on('data', (part: unknown) => parts.push(part as Buffer))
        stream.on('end', () => {
          visit(header.name, Buffer.concat(parts))
          next()
        })
      })
      extract.on('finish', resolve)
      extract.on('error', reject)
    })
    ;(Buffer.isBuffer(bytes) ? Readable.from([bytes]) : bytes).pipe(extract)
    await done
  }
  const layers: Buffer[] = []
  await entries(Readable.from([readFileSync(fixture(archive))]), (name, body) => {
    if (name.endsWith('layer.tar')) layers.push(body)
  })
  let found: Buffer | undefined
  for (const layer of layers) await entries(layer, (name, body) => (found = name === wanted ? body : found))
  if (!found) throw new Error(`${wanted} not in ${archive}`)
  return found
}

function patch(bytes: Buffer, from: string, to: string): Buffer {
  const copy = Buffer.from(bytes)
  for (let at = copy.indexOf(from); at >= 0; at = copy.indexOf(from, at + 1)) copy.write(to, at, 'latin1')
  return copy
}

const elf = (name: string, content: Buffer): TarItem => ({ name, content, mode: 0o755 })
const dirs = (...names: string[]): TarItem[] => names.map((name) => ({ name: `${name}/`, type: 'directory' }))

describeWithFixtures('BusyBox by its applet table, whatever its marker and names', () => {
  it('fails no-shell, no-package-manager and distroless for a BusyBox whose "BusyBox v" reads "BusyBoX v"', async () => {
    const busybox = patch(await fixtureFile('busybox-musl.docker20.tar', 'bin/['), 'BusyBox v', 'BusyBoX v')
    const verdict = messagesByRule(
      await checkLayer([...dirs('usr', 'usr/bin'), elf('usr/bin/busybox', busybox)])
    )
    expect(verdict['no-shell']).toEqual([
      'BusyBox multi-call binary providing ash, hush, sh: /usr/bin/busybox'
    ])
    expect(verdict['no-package-manager']).toEqual([
      'BusyBox multi-call binary with package-manager applets dpkg, dpkg-deb, rpm: /usr/bin/busybox'
    ])
    expect(verdict.distroless?.[0]).toContain('it has a shell (/usr/bin/busybox)')
  })

  it('still finds the shell when the sh, ash and hush applets are renamed in the table', async () => {
    let busybox = await fixtureFile('busybox-musl.docker20.tar', 'bin/[')
    for (const [from, to] of [
      ['\0ash\0', '\0asg\0'],
      ['\0hush\0', '\0husg\0'],
      ['\0sh\0', '\0sg\0']
    ])
      busybox = patch(busybox, from, to)
    const verdict = messagesByRule(await checkLayer([...dirs('opt'), elf('opt/tool', busybox)]))
    expect(verdict['no-shell']).toHaveLength(1)
    expect(verdict['no-shell'][0]).toMatch(
      /^BusyBox 1\.\d+\.\d+ multi-call binary with a shell by its content \(\d+ shell builtins: alias, bg, break, cd, command, continue, …\): \/opt\/tool$/
    )
  })

  it("passes the fixture's ordinary programs (getconf, the static hello)", async () => {
    const getconf = await fixtureFile('busybox-musl.docker20.tar', 'bin/getconf')
    const evaluation = await checkLayer([...dirs('bin'), elf('bin/getconf', getconf)])
    expect(evaluation.violations.map((violation) => violation.rule)).toEqual([])
  })
})

describeWithTools(['dash'], 'a shell by its content', () => {
  const dash = readFileSync(realpathSync(execFileSync('sh', ['-c', 'command -v dash']).toString().trim()))

  it('fails no-shell and distroless for dash renamed to /opt/app/worker', async () => {
    const verdict = messagesByRule(await checkLayer([...dirs('opt', 'opt/app'), elf('opt/app/worker', dash)]))
    expect(verdict['no-shell']).toEqual([
      expect.stringMatching(
        /^a shell by its content \(\d+ shell builtins: bg, break, cd, command, continue, echo, …\): \/opt\/app\/worker$/
      )
    ])
    expect(verdict.distroless?.[0]).toContain('it has a shell (/opt/app/worker)')
    expect(verdict['no-package-manager']).toBeUndefined()
  })

  it('passes an ordinary program next to it', async () => {
    const ls = readFileSync(realpathSync(execFileSync('sh', ['-c', 'command -v ls']).toString().trim()))
    const evaluation = await checkLayer([...dirs('usr', 'usr/bin'), elf('usr/bin/ls', ls)])
    expect(evaluation.violations).toEqual([])
  })
})
