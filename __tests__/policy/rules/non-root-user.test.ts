// non-root-user: the container does not start as root, checked against the image's own /etc/passwd.
import { describe, expect, it } from '@jest/globals'
import { dir, file, imageFromLayers } from '../../../__fixtures__/image.js'
import { check } from '../../../__fixtures__/policy.js'

const PASSWD =
  'root:x:0:0:root:/root:/sbin/nologin\ntoor:x:0:0::/root:/sbin/nologin\napp:x:1000:1000::/home/app:/sbin/nologin\n'
const withPasswd = (user: string) => imageFromLayers([[dir('/etc'), file('/etc/passwd', PASSWD)]], { user })
const rules = 'rules:\n  non-root-user: true\n'

describe('non-root-user', () => {
  describe('catches', () => {
    it.each([
      ['', 'the image config sets no User, so the container runs as root (uid 0)'],
      ['0', 'User "0" is uid 0 (root)'],
      ['0:1000', 'User "0:1000" is uid 0 (root)'],
      ['root', 'User "root" is root'],
      ['toor', 'User "toor" maps to uid 0 (root) in the image\'s /etc/passwd'],
      ['ghost', 'User "ghost" is not in the image\'s /etc/passwd: the container would not start']
    ])('User %j', async (user, message) => {
      const result = await check(withPasswd(user), rules)
      expect(result.violations.map((violation) => violation.message)).toEqual([message])
    })

    it('a user name with no /etc/passwd to resolve it', async () => {
      const result = await check(imageFromLayers([[]], { user: 'app' }), rules)
      expect(result.violations[0].message).toBe(
        'User "app" is a name, and the image has no /etc/passwd to resolve it: the container would not start'
      )
    })
  })

  describe('must not', () => {
    it.each(['app', 'app:app', '65532:65532'])('report User %j', async (user) => {
      const result = await check(withPasswd(user), rules)
      expect(result.violations.map((violation) => violation.message)).toEqual([])
    })
  })
})
