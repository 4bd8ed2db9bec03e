// no-world-writable: no regular file or directory any user may change; sticky directories are fine.
import { describe, expect, it } from '@jest/globals'
import { dir, executable, hardlink, imageFromLayers, sized, symlink } from '../../../__fixtures__/image.js'
import { check, checkReadLayer } from '../../../__fixtures__/policy.js'

const rules = 'rules:\n  no-world-writable: true\n'

const image = imageFromLayers([
  [
    dir('/tmp', { mode: 0o1777 }),
    dir('/var'),
    dir('/var/spool', { mode: 0o777 }),
    dir('/app'),
    sized('/app/config.json', 10, { mode: 0o666 }),
    hardlink('/app/config2.json', '/app/config.json', { mode: 0o666 }),
    executable('/app/run', { mode: 0o757 }),
    sized('/app/ok', 10, { mode: 0o664 }),
    symlink('/app/link', 'ok'),
    { path: '/app/fifo', type: 'fifo', mode: 0o666, uid: 0, gid: 0, size: 0 }
  ]
])

describe('no-world-writable', () => {
  describe('catches', () => {
    it('files and directories writable by others, each file once with its names', async () => {
      const result = await check(image, rules)
      expect(result.violations.map((v) => [v.path, v.message])).toEqual([
        [
          '/app/config.json',
          'world-writable file, mode 0666: /app/config.json (also reached as /app/config2.json)'
        ],
        ['/app/run', 'world-writable file, mode 0757: /app/run'],
        [
          '/var/spool',
          'world-writable directory without the sticky bit, mode 0777: /var/spool (any user can replace or delete the files in it)'
        ]
      ])
    })

    it('the mode the real reader reads from a layer', async () => {
      const evaluation = await checkReadLayer(
        [
          { name: 'data/', type: 'directory', mode: 0o777 },
          { name: 'data/x', content: 'x', mode: 0o646 }
        ],
        rules
      )
      expect(evaluation.violations.map((v) => v.path)).toEqual(['/data', '/data/x'])
    })
  })

  describe('must not', () => {
    it('report sticky directories, symlinks, fifos, group-writable files, or what allow globs cover', async () => {
      const policy =
        'rules:\n  no-world-writable: { allow: ["/app/config2.json", "/app/run", "/var/spool"] }\n'
      expect((await check(image, policy)).violations).toEqual([])
    })

    it('report a mode a later layer took away', async () => {
      const fixed = imageFromLayers([
        [dir('/data', { mode: 0o777 }), sized('/data/x', 1, { mode: 0o666 })],
        [dir('/data', { mode: 0o755 }), sized('/data/x', 1, { mode: 0o644 })]
      ])
      expect((await check(fixed, rules)).violations).toEqual([])
    })
  })
})
