// non-root-user and required-labels: rules on the image config.
import { describe, expect, it } from '@jest/globals'
import { dir, file, imageFromLayers } from '../../__fixtures__/image.js'
import { check } from '../../__fixtures__/policy.js'

const PASSWD =
  'root:x:0:0:root:/root:/sbin/nologin\ntoor:x:0:0::/root:/sbin/nologin\napp:x:1000:1000::/home/app:/sbin/nologin\n'
const withPasswd = (user: string) => imageFromLayers([[dir('/etc'), file('/etc/passwd', PASSWD)]], { user })

describe('non-root-user', () => {
  it.each([
    ['', 'the image config sets no User, so the container runs as root (uid 0)'],
    ['0', 'User "0" is uid 0 (root)'],
    ['0:1000', 'User "0:1000" is uid 0 (root)'],
    ['root', 'User "root" is root'],
    ['toor', 'User "toor" maps to uid 0 (root) in the image\'s /etc/passwd'],
    ['ghost', 'User "ghost" is not in the image\'s /etc/passwd: the container would not start'],
    ['app', undefined],
    ['app:app', undefined],
    ['65532:65532', undefined]
  ])('User %j', async (user, message) => {
    const result = await check(withPasswd(user), 'rules:\n  non-root-user: true\n')
    expect(result.violations.map((violation) => violation.message)).toEqual(message ? [message] : [])
  })

  it('needs /etc/passwd to resolve a name', async () => {
    const result = await check(imageFromLayers([[]], { user: 'app' }), 'rules:\n  non-root-user: true\n')
    expect(result.violations[0].message).toBe(
      'User "app" is a name, and the image has no /etc/passwd to resolve it: the container would not start'
    )
  })
})

describe('required-labels', () => {
  it('reports missing and empty labels', async () => {
    const image = imageFromLayers([[]], {
      labels: {
        'org.opencontainers.image.source': 'https://example.com/repo',
        'org.opencontainers.image.revision': ' '
      }
    })
    const result = await check(
      image,
      'rules:\n  required-labels: [org.opencontainers.image.source, org.opencontainers.image.revision, team]\n'
    )
    expect(result.violations.map((violation) => violation.message)).toEqual([
      'label org.opencontainers.image.revision is empty',
      'label team is missing'
    ])
  })
})
