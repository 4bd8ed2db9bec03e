// no-shell: nothing in the final filesystem can run as a shell, whatever name, link or content hides it.
import { describe, expect, it } from '@jest/globals'
import {
  dir,
  executable,
  file,
  hardlink,
  imageFromLayers,
  multiCall,
  symlink,
  whiteout
} from '../../../__fixtures__/image.js'
import { check, paths } from '../../../__fixtures__/policy.js'

const rules = 'rules:\n  no-shell: true\n'

describe('no-shell', () => {
  const allowImage = imageFromLayers([
    [
      dir('/busybox'),
      multiCall('/busybox/busybox', ['sh']),
      symlink('/busybox/sh', 'busybox'),
      dir('/bin'),
      symlink('/bin/sh', '/busybox/busybox')
    ]
  ])

  describe('catches', () => {
    it('a renamed BusyBox found by its content, with no shell name anywhere', async () => {
      const image = imageFromLayers([[dir('/opt'), multiCall('/opt/tool', ['cat', 'ls', 'sh'])]])
      const result = await check(image, rules)
      expect(paths(result, 'no-shell')).toEqual(['/opt/tool'])
      expect(result.violations[0].message).toContain('BusyBox 1.36.1 multi-call binary providing sh')
    })

    it('hard-linked applets once, naming every link', async () => {
      const image = imageFromLayers([
        [
          dir('/bin'),
          multiCall('/bin/busybox', ['ash', 'ls', 'sh']),
          hardlink('/bin/sh', '/bin/busybox'),
          hardlink('/bin/ls', '/bin/busybox')
        ]
      ])
      const result = await check(image, rules)
      expect(paths(result, 'no-shell')).toEqual(['/bin/busybox'])
      expect(result.violations[0].message).toMatch(/also reached as \/bin\/sh, \/bin\/ls\)$/)
    })

    it('the real file at the end of a symlink chain, once', async () => {
      const image = imageFromLayers([
        [
          dir('/bin'),
          dir('/usr/bin'),
          executable('/usr/bin/dash'),
          symlink('/bin/sh', '../usr/bin/sh2'),
          symlink('/usr/bin/sh2', 'dash')
        ]
      ])
      const result = await check(image, rules)
      expect(paths(result, 'no-shell')).toEqual(['/usr/bin/dash'])
      expect(result.violations[0].message).toContain('/bin/sh')
      expect(result.violations[0].layer).toBe(0)
    })

    it('toybox carrying a shell applet', async () => {
      const withSh = imageFromLayers([
        [dir('/bin'), multiCall('/bin/toybox', ['ls', 'sh'], 'toybox', '0.8.11')]
      ])
      expect(paths(await check(withSh, rules), 'no-shell')).toEqual(['/bin/toybox'])
    })

    it('a file an allow glob names only by a symlink to it (allow matches real paths)', async () => {
      const bySymlink = await check(allowImage, 'rules:\n  no-shell: { allow: ["/bin/sh"] }\n')
      expect(paths(bySymlink, 'no-shell')).toEqual(['/busybox/busybox'])
    })
  })

  describe('must not', () => {
    it('report a shell a later layer deletes', async () => {
      const image = imageFromLayers([
        [dir('/bin'), executable('/bin/bash'), symlink('/bin/sh', 'bash')],
        [whiteout('/bin/bash'), whiteout('/bin/sh')]
      ])
      expect(paths(await check(image, rules), 'no-shell')).toEqual([])
    })

    it('report a dangling sh symlink or non-executable files named like shells', async () => {
      const image = imageFromLayers([
        [
          dir('/bin'),
          symlink('/bin/sh', '/bin/missing'),
          dir('/usr'),
          dir('/usr/share'),
          file('/usr/share/bash', 'completion script')
        ]
      ])
      expect(paths(await check(image, rules), 'no-shell')).toEqual([])
    })

    it('report a BusyBox whose known applets include no shell', async () => {
      const image = imageFromLayers([[dir('/bin'), multiCall('/bin/busybox', ['cat', 'ls'])]])
      expect(paths(await check(image, rules), 'no-shell')).toEqual([])
    })

    it('report toybox without a shell applet', async () => {
      const without = imageFromLayers([[dir('/bin'), multiCall('/bin/toybox', ['ls'], 'toybox', '0.8.11')]])
      expect(paths(await check(without, rules), 'no-shell')).toEqual([])
    })

    it('report a shell whose real path an allow glob matches', async () => {
      const allowed = await check(allowImage, 'rules:\n  no-shell: { allow: ["/busybox/**"] }\n')
      expect(paths(allowed, 'no-shell')).toEqual([])
    })
  })
})
