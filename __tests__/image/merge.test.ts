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

  it('whiteouts do not hide what their own layer writes', () => {
    const { fs } = mergeLayers([[file('/f')], [file('/f', 3), whiteout('/f')]])
    expect(fs.lstat('/f')?.inode.size).toBe(3)
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

  it('writes through intermediate directory symlinks, as an unpack inside the root does', () => {
    const { fs } = mergeLayers([
      [dir('/usr'), dir('/usr/lib'), symlink('/lib', 'usr/lib')],
      [file('/lib/libc.so', 4)]
    ])
    expect(fs.lstat('/usr/lib/libc.so')?.inode.size).toBe(4)
    expect(fs.lstat('/lib')?.inode.type).toBe('symlink')
  })

  it('creates missing parent directories and rejects hard links to nowhere', () => {
    const { fs } = mergeLayers([[file('/deep/er/file')]])
    expect(fs.lstat('/deep/er')?.inode.type).toBe('dir')
    expect(() => mergeLayers([[hardlink('/a', '/missing')]])).toThrow(/hard link \/a points to \/missing/)
  })

  it('lets the last duplicate entry in a layer win', () => {
    const { fs } = mergeLayers([[file('/f', 1), file('/f', 2)]])
    expect(fs.lstat('/f')?.inode.size).toBe(2)
    expect([...fs.entries()].map((e) => e.path)).toEqual(['/f'])
  })
})
