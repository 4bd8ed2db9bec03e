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
} from '../../__fixtures__/image.js'
import { check, paths } from '../../__fixtures__/policy.js'

const rules = 'rules:\n  no-shell: true\n'

describe('no-shell', () => {
  it('reports a renamed BusyBox found by its content, with no shell name anywhere', async () => {
    const image = imageFromLayers([[dir('/opt'), multiCall('/opt/tool', ['cat', 'ls', 'sh'])]])
    const result = await check(image, rules)
    expect(paths(result, 'no-shell')).toEqual(['/opt/tool'])
    expect(result.violations[0].message).toContain('BusyBox 1.36.1 multi-call binary providing sh')
  })

  it('reports hard-linked applets once, naming every link', async () => {
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

  it('follows symlink chains to the real file and reports it once', async () => {
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

  it('passes when a later layer deletes the shell', async () => {
    const image = imageFromLayers([
      [dir('/bin'), executable('/bin/bash'), symlink('/bin/sh', 'bash')],
      [whiteout('/bin/bash'), whiteout('/bin/sh')]
    ])
    expect(paths(await check(image, rules), 'no-shell')).toEqual([])
  })

  it('ignores a dangling sh symlink and non-executable files named like shells', async () => {
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

  it('does not flag a BusyBox whose known applets include no shell', async () => {
    const image = imageFromLayers([[dir('/bin'), multiCall('/bin/busybox', ['cat', 'ls'])]])
    expect(paths(await check(image, rules), 'no-shell')).toEqual([])
  })

  it('flags toybox only when it carries a shell applet', async () => {
    const withSh = imageFromLayers([
      [dir('/bin'), multiCall('/bin/toybox', ['ls', 'sh'], 'toybox', '0.8.11')]
    ])
    const without = imageFromLayers([[dir('/bin'), multiCall('/bin/toybox', ['ls'], 'toybox', '0.8.11')]])
    expect(paths(await check(withSh, rules), 'no-shell')).toEqual(['/bin/toybox'])
    expect(paths(await check(without, rules), 'no-shell')).toEqual([])
  })

  it('accepts files matching allow globs, matched against real paths only', async () => {
    const image = imageFromLayers([
      [
        dir('/busybox'),
        multiCall('/busybox/busybox', ['sh']),
        symlink('/busybox/sh', 'busybox'),
        dir('/bin'),
        symlink('/bin/sh', '/busybox/busybox')
      ]
    ])
    const allowed = await check(image, 'rules:\n  no-shell: { allow: ["/busybox/**"] }\n')
    expect(paths(allowed, 'no-shell')).toEqual([])
    const bySymlink = await check(image, 'rules:\n  no-shell: { allow: ["/bin/sh"] }\n')
    expect(paths(bySymlink, 'no-shell')).toEqual(['/busybox/busybox'])
  })
})
