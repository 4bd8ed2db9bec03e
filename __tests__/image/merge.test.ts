import { describe, expect, it } from '@jest/globals'
import { mergeLayers } from '../../src/image/merge.js'
import type { LayerEntry } from '../../src/image/types.js'

const file = (path: string, size = 10, mode = 0o644): LayerEntry => ({
  path,
  type: 'file',
  mode,
  uid: 0,
  gid: 0,
  size
})
const dir = (path: string, mode = 0o755): LayerEntry => ({ path, type: 'dir', mode, uid: 0, gid: 0, size: 0 })
const symlink = (path: string, target: string): LayerEntry => ({
  path,
  type: 'symlink',
  mode: 0o777,
  uid: 0,
  gid: 0,
  size: 0,
  linkTarget: target
})
const hardlink = (path: string, target: string): LayerEntry => ({
  path,
  type: 'hardlink',
  mode: 0o755,
  uid: 0,
  gid: 0,
  size: 0,
  linkTarget: target
})
const whiteout = (path: string): LayerEntry => ({ path, type: 'whiteout', mode: 0, uid: 0, gid: 0, size: 0 })
const opaque = (path: string): LayerEntry => ({ path, type: 'opaque', mode: 0, uid: 0, gid: 0, size: 0 })

describe('mergeLayers', () => {
  it('removes a whited-out path and everything below it, counting hidden bytes once', () => {
    const { fs, hidden, hiddenBytes } = mergeLayers([
      [dir('/a'), file('/a/x', 100), dir('/a/sub'), file('/a/sub/y', 50), file('/keep', 1)],
      [whiteout('/a')]
    ])
    expect(fs.lstat('/a')).toBeUndefined()
    expect(fs.lstat('/a/sub/y')).toBeUndefined()
    expect(fs.lstat('/keep')?.inode.size).toBe(1)
    expect(hiddenBytes).toBe(150)
    expect(hidden.map((h) => h.reason)).toEqual(['deleted', 'deleted'])
  })

  it('opaque directories hide lower children but keep what the same layer adds, in any order', () => {
    const { fs, hiddenBytes } = mergeLayers([
      [dir('/d'), file('/d/old', 7), file('/d/keep-name', 3)],
      [file('/d/new', 5), opaque('/d'), file('/d/keep-name', 4)]
    ])
    expect(fs.readdir('/d')).toEqual(['keep-name', 'new'])
    expect(fs.lstat('/d/keep-name')?.layerIndex).toBe(1)
    expect(hiddenBytes).toBe(10)
  })

  it('a whiteout hides lower layers only: before the same name it clears the way, after it is refused', () => {
    const { fs } = mergeLayers([[file('/f', 1)], [whiteout('/f'), file('/f', 3)]])
    expect(fs.lstat('/f')?.inode.size).toBe(3)
    // overlay2 makes the whiteout with mknod, which fails where the layer already wrote the name.
    expect(() => mergeLayers([[file('/f', 1)], [file('/f', 3), whiteout('/f')]])).toThrow(
      /^layer 1: whiteout of \/f comes after the same layer wrote that path; .*overlay2 refuses such a layer$/
    )
    expect(() => mergeLayers([[dir('/d')], [file('/d/x'), whiteout('/d')]])).toThrow(
      /whiteout of \/d comes after/
    )
    expect(() => mergeLayers([[], [whiteout('/g'), whiteout('/g')]])).toThrow(/whiteout of \/g appears twice/)
  })

  it('a directory written after a whiteout of the same name in one layer shows the lower one again', () => {
    // The unpack removes the whiteout device to make the directory, a plain one that overlayfs merges.
    const { fs, hidden } = mergeLayers([
      [dir('/d'), file('/d/x', 5)],
      [whiteout('/d'), dir('/d', 0o700), file('/d/y', 6)]
    ])
    expect(fs.readdir('/d')).toEqual(['x', 'y'])
    expect(fs.lstat('/d')?.inode.mode).toBe(0o700)
    expect(hidden).toEqual([])
  })

  it('replaces a directory by a file and a file by a symlink', () => {
    const { fs, hiddenBytes } = mergeLayers([
      [dir('/x'), file('/x/inner', 9), file('/y', 2)],
      [file('/x', 1), symlink('/y', 'x')]
    ])
    expect(fs.lstat('/x')?.inode.type).toBe('file')
    expect(fs.lstat('/x/inner')).toBeUndefined()
    expect(fs.lstat('/y')?.inode.type).toBe('symlink')
    expect(fs.stat('/y')?.path).toBe('/x')
    expect(hiddenBytes).toBe(11)
  })

  it('a hard link keeps the content of a lower-layer file after the target is whited out', () => {
    const { fs, hiddenBytes } = mergeLayers([
      [dir('/bin'), { ...file('/bin/busybox', 1000, 0o755), content: Buffer.from('ELF') }],
      [hardlink('/bin/sh', '/bin/busybox')],
      [whiteout('/bin/busybox')]
    ])
    expect(fs.lstat('/bin/busybox')).toBeUndefined()
    const sh = fs.lstat('/bin/sh')
    expect(sh?.inode.size).toBe(1000)
    expect(sh?.inode.content?.toString()).toBe('ELF')
    expect(sh?.hardLinkOf).toBe('/bin/busybox')
    expect(hiddenBytes).toBe(0)
    expect(fs.totalFileBytes).toBe(1000)
  })

  it('lists every name that reaches a file: hard links, symlinks and directory aliases', () => {
    const { fs } = mergeLayers([
      [
        dir('/usr'),
        dir('/usr/bin'),
        file('/usr/bin/busybox', 10, 0o755),
        hardlink('/usr/bin/ls', '/usr/bin/busybox'),
        symlink('/usr/bin/sh', 'busybox'),
        symlink('/bin', 'usr/bin')
      ]
    ])
    const inode = fs.lstat('/usr/bin/busybox')?.inode
    expect(inode).toBeDefined()
    expect(fs.namesReaching(inode!)).toEqual([
      '/bin/busybox',
      '/bin/ls',
      '/bin/sh',
      '/usr/bin/busybox',
      '/usr/bin/ls',
      '/usr/bin/sh'
    ])
  })

  it('resolves symlinks inside the root: relative, absolute, .. clamped; loops and dangling links detected', () => {
    const { fs } = mergeLayers([
      [
        dir('/etc'),
        dir('/usr'),
        dir('/usr/lib'),
        file('/usr/lib/os-release', 20),
        symlink('/etc/os-release', '../usr/lib/os-release'),
        symlink('/etc/escape', '../../../../usr/lib/os-release'),
        symlink('/abs', '/etc/os-release'),
        symlink('/loop-a', 'loop-b'),
        symlink('/loop-b', '/loop-a'),
        symlink('/dangling', '/nowhere')
      ]
    ])
    expect(fs.stat('/etc/os-release')?.path).toBe('/usr/lib/os-release')
    expect(fs.stat('/etc/escape')?.path).toBe('/usr/lib/os-release')
    expect(fs.stat('/abs')?.path).toBe('/usr/lib/os-release')
    const loop = fs.resolve('/loop-a')
    expect(loop.ok).toBe(false)
    expect(loop.ok ? '' : loop.reason).toMatch(/loop|too-many-hops/)
    expect(fs.resolve('/dangling')).toEqual({ ok: false, reason: 'missing', path: '/nowhere' })
  })

  it('a later layer never writes through a lower symlink: its own directory lies over it', () => {
    // overlay2 unpacks each layer into an empty directory: /lib is a plain directory there.
    const { fs, hidden } = mergeLayers([
      [dir('/usr'), dir('/usr/lib'), file('/usr/lib/libc.so', 9), symlink('/lib', 'usr/lib')],
      [file('/lib/libc.so', 4)]
    ])
    expect(fs.lstat('/lib')?.inode.type).toBe('dir')
    expect(fs.lstat('/lib')?.layerIndex).toBe(1)
    expect(fs.lstat('/lib/libc.so')?.inode.size).toBe(4)
    expect(fs.lstat('/usr/lib/libc.so')?.inode.size).toBe(9)
    expect(hidden).toEqual([])
  })

  it('a whiteout below a lower symlink deletes nothing: the symlink becomes a directory', () => {
    const { fs, hidden } = mergeLayers([
      [dir('/b'), file('/b/busybox', 1000, 0o755), symlink('/a', 'b')],
      [whiteout('/a/busybox')]
    ])
    expect(fs.lstat('/a')?.inode.type).toBe('dir')
    expect(fs.readdir('/a')).toEqual([])
    expect(fs.lstat('/b/busybox')?.inode.size).toBe(1000)
    expect(hidden).toEqual([])
  })

  it("within one layer, entries go through the layer's own symlinks to its own directories", () => {
    const { fs } = mergeLayers([[dir('/b')], [dir('/b'), symlink('/a', 'b'), file('/a/x', 2)]])
    expect(fs.lstat('/b/x')?.inode.size).toBe(2)
    expect(fs.lstat('/a')?.inode.type).toBe('symlink')
    // The layer's directory holds no /b: the unpack's open fails, and Docker refuses the layer.
    expect(() => mergeLayers([[dir('/b')], [symlink('/a', 'b'), file('/a/x')]])).toThrow(
      /^layer 1: \/a\/x goes through \/a, a symlink the same layer wrote that leads to no directory of that layer; Docker refuses such a layer$/
    )
  })

  it('refuses a layer that writes below a non-directory it wrote itself, naming the layer and the path', () => {
    expect(() => mergeLayers([[dir('/usr')], [file('/usr/local', 1), file('/usr/local/bin/x')]])).toThrow(
      /^layer 1: \/usr\/local\/bin\/x goes through \/usr\/local, a file the same layer wrote; Docker refuses such a layer$/
    )
    expect(() =>
      mergeLayers([
        [dir('/usr')],
        [symlink('/usr/local/bin', '../nowhere'), file('/usr/local/bin/tool/inner')]
      ])
    ).toThrow(/^layer 1: \/usr\/local\/bin\/tool\/inner goes through \/usr\/local\/bin, a symlink/)
    expect(() => mergeLayers([[file('/d/y')], [whiteout('/d'), file('/d/x')]])).toThrow(
      /\/d\/x goes through \/d, a whiteout the same layer wrote/
    )
  })

  it('a directory the unpack makes for a deeper entry has mode 0755 and root as owner, over the lower one', () => {
    const { fs } = mergeLayers([[dir('/d', 0o700), { ...file('/d/old', 1), uid: 7 }], [file('/d/x', 2)]])
    const d = fs.lstat('/d')
    expect([d?.inode.mode, d?.inode.uid, d?.layerIndex]).toEqual([0o755, 0, 1])
    expect(fs.readdir('/d')).toEqual(['old', 'x'])
  })

  it('a directory the unpack makes inside a setgid directory is setgid too', () => {
    const { fs } = mergeLayers([[dir('/a', 0o2775), file('/a/b/c')]])
    expect(fs.lstat('/a/b')?.inode.mode).toBe(0o2755)
  })

  it('refuses a layer that takes away one of its own directory entries, as the unpack fails to set its times', () => {
    expect(() => mergeLayers([[file('/opt')], [dir('/opt/z/y'), file('/opt')]])).toThrow(
      /^layer 1: directory \/opt\/z\/y is gone by the end of the layer .*; Docker refuses such a layer$/
    )
    // Replaced by something that is still there (chtimes works on a file too): read.
    expect(mergeLayers([[dir('/d'), file('/d')]]).fs.lstat('/d')?.inode.type).toBe('file')
  })

  it('a layer that removes its own directory shows the lower one again, with its own mode and children', () => {
    // A file, then a directory again, at a name where the layer had a directory over a lower one.
    const { fs, hidden } = mergeLayers([
      [dir('/d', 0o700), dir('/d/sub', 0o711), file('/d/sub/x', 3), file('/d/gone', 4)],
      // /d/sub is implied (0755) for /d/sub/y: a directory entry there would be gone when the layer ends.
      [dir('/d'), file('/d/sub/y', 5), whiteout('/d/gone'), file('/d', 6), dir('/d', 0o750)]
    ])
    expect(fs.lstat('/d')?.inode.mode).toBe(0o750)
    expect(fs.lstat('/d/sub')?.inode.mode).toBe(0o711)
    expect(fs.lstat('/d/sub')?.layerIndex).toBe(0)
    expect(fs.readdir('/d/sub')).toEqual(['x'])
    expect(fs.lstat('/d/gone')?.inode.size).toBe(4)
    expect(hidden.map((h) => [h.path, h.layerIndex, h.hiddenBy, h.size])).toEqual([
      ['/d/sub/y', 1, 1, 5],
      ['/d', 1, 1, 6]
    ])
  })

  it('an opaque marker hides lower children below the directory wherever it comes, the layer keeping its own', () => {
    const { fs } = mergeLayers([
      [dir('/d'), dir('/d/sub'), file('/d/sub/low', 1), file('/d/low', 1)],
      [file('/d/sub/mine', 2), opaque('/d')]
    ])
    expect(fs.readdir('/d')).toEqual(['sub'])
    expect(fs.readdir('/d/sub')).toEqual(['mine'])
  })

  it('reads a 0:0 character device as overlayfs does: a whiteout, written like any entry', () => {
    const deviceWhiteout = (path: string): LayerEntry => ({ ...file(path, 0), type: 'device-whiteout' })
    const { fs, hidden } = mergeLayers([
      [dir('/bin'), file('/bin/busybox', 100), file('/bin/keep', 1)],
      [dir('/bin'), file('/bin/keep', 2), deviceWhiteout('/bin/keep'), deviceWhiteout('/bin/busybox')]
    ])
    expect(fs.readdir('/bin')).toEqual([])
    expect(hidden.map((h) => [h.path, h.layerIndex, h.reason])).toEqual([
      ['/bin/keep', 1, 'overwritten'],
      ['/bin/keep', 0, 'overwritten'],
      ['/bin/busybox', 0, 'deleted']
    ])
  })

  it('ignores the root entry of a layer, as the unpack does', () => {
    const { fs } = mergeLayers([[dir('/', 0o700), file('/f')]])
    expect(fs.lstat('/')?.inode.mode).toBe(0o755)
    expect(fs.lstat('/f')?.inode.type).toBe('file')
  })

  it('creates missing parent directories and rejects hard links to nowhere', () => {
    const { fs } = mergeLayers([[file('/deep/er/file')]])
    expect(fs.lstat('/deep/er')?.inode.type).toBe('dir')
    expect(() => mergeLayers([[hardlink('/a', '/missing')]])).toThrow(/hard link \/a points to \/missing/)
    // The unpack removes what is at the link's name before linking: a link to itself links to nothing.
    expect(() => mergeLayers([[file('/me'), hardlink('/me', '/me')]])).toThrow(
      /hard link \/me points to \/me/
    )
  })

  it('resolves a hard link against the tree as it stands at that point of the layer', () => {
    // Link to a lower file, then the whiteout of that file, in one layer (issue 13 §1).
    const { fs, hidden, hiddenBytes, warnings } = mergeLayers([
      [dir('/opt'), { ...file('/opt/bb', 800, 0o755), content: Buffer.from('BB') }],
      [dir('/app'), hardlink('/app/helper', '/opt/bb'), whiteout('/opt/bb')]
    ])
    expect(fs.lstat('/opt/bb')).toBeUndefined()
    expect(fs.lstat('/app/helper')?.inode.content?.toString()).toBe('BB')
    expect(hiddenBytes).toBe(0)
    expect(hidden.map((h) => [h.path, h.size])).toEqual([['/opt/bb', 0]])
    expect(warnings).toEqual([
      "layer 1: hard link /app/helper points to /opt/bb, which a lower layer wrote: Docker's and containerd's overlay2 refuse to unpack such a layer; read as the vfs driver and umoci do, with the lower file"
    ])
    // A link within the layer is what overlay2 makes: no warning.
    expect(mergeLayers([[file('/x'), hardlink('/y', '/x')]]).warnings).toEqual([])
    // Read as vfs and umoci read it, an opaque marker earlier in the layer has removed the lower file.
    expect(() =>
      mergeLayers([
        [dir('/d'), file('/d/x')],
        [dir('/d'), opaque('/d'), hardlink('/y', '/d/x')]
      ])
    ).toThrow(/hard link \/y points to \/d\/x, which is not in the image/)
    expect(
      mergeLayers([
        [dir('/d'), file('/d/x')],
        [hardlink('/y', '/d/x'), opaque('/d')]
      ]).fs.lstat('/y')
    ).toBeDefined()
    // After the whiteout, the file is gone for the link too.
    expect(() => mergeLayers([[file('/x')], [whiteout('/x'), hardlink('/y', '/x')]])).toThrow(
      /hard link \/y points to \/x, which is not in the image/
    )
  })

  it("gives a hard-linked file the link entry's mode and owner, and every symlink mode 0777, as the unpack does", () => {
    const { fs } = mergeLayers([
      [
        dir('/bin'),
        file('/bin/foo', 1, 0o755),
        { ...hardlink('/bin/bar', '/bin/foo'), mode: 0o4755, uid: 77, gid: 7 },
        { ...symlink('/bin/sl', 'foo'), mode: 0o644, uid: 5 },
        { ...hardlink('/bin/sl2', '/bin/sl'), mode: 0o600, uid: 6 }
      ]
    ])
    const foo = fs.lstat('/bin/foo')?.inode
    expect([foo?.mode, foo?.uid, foo?.gid]).toEqual([0o4755, 77, 7])
    const sl = fs.lstat('/bin/sl')?.inode
    expect([sl?.mode, sl?.uid]).toEqual([0o777, 6])
  })

  it("keeps a file's capabilities, which a hard link entry's chown clears and its own header sets", () => {
    const netRaw = Buffer.from('0100000200200000000000000000000000000000', 'hex')
    const chown = Buffer.from('0100000201000000000000000000000000000000', 'hex')
    const { fs, hidden } = mergeLayers([
      [
        dir('/bin'),
        { ...file('/bin/ping', 1, 0o755), capability: netRaw },
        { ...file('/bin/a', 1, 0o755), capability: netRaw },
        hardlink('/bin/a2', '/bin/a'),
        { ...file('/bin/b', 1, 0o755), capability: netRaw },
        { ...hardlink('/bin/b2', '/bin/b'), capability: chown },
        { ...file('/bin/old', 1, 0o755), capability: netRaw }
      ],
      [file('/bin/old', 2, 0o755)]
    ])
    expect(fs.lstat('/bin/ping')?.inode.capability).toEqual(netRaw)
    expect(fs.lstat('/bin/a')?.inode.capability).toBeUndefined()
    expect(fs.lstat('/bin/b')?.inode.capability).toEqual(chown)
    expect(fs.lstat('/bin/old')?.inode.capability).toBeUndefined()
    // The copy a later layer hides keeps its own, as the layer still ships it.
    expect(hidden.find((copy) => copy.path === '/bin/old')?.inode.capability).toEqual(netRaw)
  })

  it('lists what later layers hide with the layer that holds it, the one that hid it and its content', () => {
    const key = Buffer.from('-----BEGIN OPENSSH PRIVATE KEY-----')
    const { hidden, hiddenBytes } = mergeLayers([
      [dir('/root')],
      [dir('/root/.ssh'), { ...file('/root/.ssh/id_ed25519', 400, 0o600), content: key }],
      [],
      [whiteout('/root/.ssh')]
    ])
    expect(hiddenBytes).toBe(400)
    expect(hidden).toHaveLength(1)
    const [copy] = hidden
    expect([copy.path, copy.layerIndex, copy.hiddenBy, copy.reason, copy.size]).toEqual([
      '/root/.ssh/id_ed25519',
      1,
      3,
      'deleted',
      400
    ])
    expect([copy.inode.type, copy.inode.mode, copy.inode.content]).toEqual(['file', 0o600, key])
  })

  it('lets the last duplicate entry in a layer win', () => {
    const { fs } = mergeLayers([[file('/f', 1), file('/f', 2)]])
    expect(fs.lstat('/f')?.inode.size).toBe(2)
    expect([...fs.entries()].map((e) => e.path)).toEqual(['/f'])
  })
})
