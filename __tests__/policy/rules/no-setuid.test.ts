// no-setuid: no regular file runs with its owner's or group's privileges.
import { describe, expect, it } from '@jest/globals'
import { dir, executable, hardlink, imageFromLayers, sized } from '../../../__fixtures__/image.js'
import { check } from '../../../__fixtures__/policy.js'

describe('no-setuid', () => {
  const image = imageFromLayers([
    [
      dir('/usr'),
      dir('/usr/bin'),
      executable('/usr/bin/passwd', { mode: 0o4755 }),
      hardlink('/usr/bin/passwd2', '/usr/bin/passwd', { mode: 0o4755 })
    ],
    [executable('/usr/bin/wall', { mode: 0o2755, gid: 5 }), executable('/usr/bin/ls')]
  ])

  describe('catches', () => {
    it('setuid and setgid files, once each, with their names', async () => {
      const result = await check(image, 'rules:\n  no-setuid: true\n')
      expect(
        result.violations.map((violation) => [violation.path, violation.layer, violation.message])
      ).toEqual([
        [
          '/usr/bin/passwd',
          0,
          'setuid (owner uid 0) file, mode 4755: /usr/bin/passwd (also reached as /usr/bin/passwd2)'
        ],
        ['/usr/bin/wall', 1, 'setgid (group gid 5) file, mode 2755: /usr/bin/wall']
      ])
    })
  })

  describe('must not', () => {
    it('report a file an allow glob matches by any of its hard links', async () => {
      const result = await check(image, 'rules:\n  no-setuid: { allow: ["/usr/bin/passwd2"] }\n')
      expect(result.violations.map((violation) => violation.path)).toEqual(['/usr/bin/wall'])
    })

    it('report the sticky bit, or setuid and setgid bits on a directory', async () => {
      const sticky = imageFromLayers([
        [
          dir('/tmp', { mode: 0o1777 }),
          dir('/srv', { mode: 0o6755 }),
          sized('/srv/data', 10, { mode: 0o1644 }),
          executable('/srv/run')
        ]
      ])
      expect((await check(sticky, 'rules:\n  no-setuid: true\n')).violations).toEqual([])
    })
  })
})
