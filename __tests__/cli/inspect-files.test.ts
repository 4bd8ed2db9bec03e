// `inspect --files`: the merged filesystem path by path, hidden copies marked, names kept exact in JSON
// and escaped in text.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { runCli } from '../../src/cli/run.js'
import type { FileListing } from '../../src/report/inspect.js'
import { recordingIo } from '../../__fixtures__/io.js'
import { buildImage, dockerOciArchive } from '../../__fixtures__/archive.js'

let dir: string
let archive: string

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ipg-files-'))
  archive = path.join(dir, 'image.tar')
  const image = await buildImage({
    layers: [
      [
        { name: 'bin/', type: 'directory' },
        { name: 'bin/busybox', content: 'ELF', mode: 0o4755 },
        { name: 'bin/ls', type: 'link', linkname: 'bin/busybox', mode: 0o4755 },
        { name: 'bin/sh', type: 'symlink', linkname: 'busybox', mode: 0o777 },
        { name: 'odd\nname\u001b[31m', content: 'x', uid: 1000, gid: 50 }
      ],
      [
        { name: 'root/', type: 'directory', mode: 0o700 },
        { name: 'root/.ssh/', type: 'directory', mode: 0o700 },
        { name: 'root/.ssh/id_ed25519', content: 'secret-key', mode: 0o600 }
      ],
      // No root/ entry: the unpack makes root/ itself, 0755 and root's, over layer 1's.
      [{ name: 'root/.wh..ssh', content: '' }]
    ]
  })
  await writeFile(archive, await dockerOciArchive([image]))
})

afterAll(() => rm(dir, { recursive: true, force: true }))

async function run(argv: string[]) {
  const io = recordingIo(dir)
  const code = await runCli(argv, io)
  return { code, out: io.out(), err: io.err() }
}

describe('inspect --files', () => {
  it('lists every path as one JSON object per line, hidden copies after, marked with both layers', async () => {
    const result = await run(['inspect', '--archive', archive, '--files', '--format', 'json'])
    expect(result.code).toBe(0)
    const lines = result.out.trimEnd().split('\n')
    const listing = lines.map((line) => JSON.parse(line) as FileListing)
    expect(listing.map((file) => file.path)).toEqual([
      '/bin',
      '/bin/busybox',
      '/bin/ls',
      '/bin/sh',
      '/odd\nname\u001b[31m',
      '/root',
      '/root/.ssh/id_ed25519'
    ])
    const byPath = new Map(listing.map((file) => [file.path, file]))
    expect(byPath.get('/bin/busybox')).toEqual({
      path: '/bin/busybox',
      type: 'file',
      mode: '4755',
      uid: 0,
      gid: 0,
      size: 3,
      linkGroup: byPath.get('/bin/ls')?.linkGroup,
      layer: 0
    })
    expect(byPath.get('/bin/ls')?.linkGroup).toEqual(expect.any(Number))
    expect(byPath.get('/bin/sh')).toMatchObject({ type: 'symlink', linkTarget: 'busybox', mode: '0777' })
    expect(byPath.get('/bin/sh')?.linkGroup).toBeUndefined()
    expect(byPath.get('/odd\nname\u001b[31m')).toMatchObject({ uid: 1000, gid: 50 })
    expect(byPath.get('/root')).toMatchObject({ type: 'dir', mode: '0755', layer: 2 })
    expect(listing.at(-1)).toEqual({
      path: '/root/.ssh/id_ed25519',
      type: 'file',
      mode: '0600',
      uid: 0,
      gid: 0,
      size: 10,
      layer: 1,
      hidden: { by: 2, reason: 'deleted' }
    })
  })

  it('prints an ls -l style listing with names escaped', async () => {
    const result = await run(['inspect', '--archive', archive, '--files'])
    expect(result.code).toBe(0)
    const lines = result.out.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^mode +uid:gid +size +layer +path$/)
    expect(lines).toContainEqual(
      expect.stringMatching(/^-rwsr-xr-x {2}0:0 +3 +0 {2}\/bin\/busybox {2}\[hard link/)
    )
    expect(lines).toContainEqual(expect.stringMatching(/^lrwxrwxrwx .* \/bin\/sh -> busybox$/))
    expect(result.out).not.toContain('\u001b')
    expect(lines).toContainEqual(expect.stringMatching(/^-rw-r--r-- {2}1000:50 .*\/odd\\nname\\x1b\[31m$/))
    expect(lines.at(-1)).toMatch(
      /^-rw------- .* \/root\/\.ssh\/id_ed25519 {2}\[hidden: deleted by layer 2, still shipped in layer 1\]$/
    )
  })

  it('keeps only the paths the globs match, hidden copies included', async () => {
    const result = await run([
      'inspect',
      '--archive',
      archive,
      '--format',
      'json',
      '--files',
      '/root/**',
      '/bin/l*'
    ])
    const paths = result.out
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as FileListing).path)
    expect(paths).toEqual(['/bin/ls', '/root', '/root/.ssh/id_ed25519'])
  })

  it('refuses globs without --files and globs that are not absolute, in one line', async () => {
    const stray = await run(['inspect', '--archive', archive, '/bin/*'])
    expect(stray.code).toBe(2)
    expect(stray.err).toBe("image-policy-gate: Unexpected argument '/bin/*': globs go after --files\n")
    const relative = await run(['inspect', '--archive', archive, '--files', 'bin/*'])
    expect(relative.code).toBe(2)
    expect(relative.err).toMatch(/^image-policy-gate: --files: "bin\/\*" is not an absolute path glob/)
  })
})
