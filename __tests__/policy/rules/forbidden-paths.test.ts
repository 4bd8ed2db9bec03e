// forbidden-paths: no entry of the final filesystem matches the globs; with includeHidden, no file a
// later layer hides but the image still ships either.
import { describe, expect, it } from '@jest/globals'
import { dir, file, imageFromLayers, symlink, whiteout } from '../../../__fixtures__/image.js'
import { check } from '../../../__fixtures__/policy.js'

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n'

describe('forbidden-paths', () => {
  const image = imageFromLayers([
    [
      dir('/root'),
      dir('/root/.ssh'),
      file('/root/.ssh/known_hosts', 'x'),
      dir('/etc'),
      dir('/etc/ssl'),
      dir('/etc/ssl/certs')
    ],
    [
      file('/etc/ssl/certs/ca-certificates.crt', 'x'),
      symlink('/etc/ssl/cert.pem', 'certs/ca-certificates.crt'),
      symlink('/etc/broken', '/nowhere')
    ]
  ])

  // COPY id_ed25519 /root/.ssh/, then RUN rm -rf /root/.ssh: the key still ships in layer 1.
  const hiding = imageFromLayers([
    [dir('/root'), dir('/app'), file('/app/.env', 'TOKEN=old')],
    [dir('/root/.ssh'), file('/root/.ssh/id_ed25519', KEY), dir('/app/.git'), file('/app/.git/config', 'x')],
    [file('/app/.env', 'TOKEN=new')],
    [whiteout('/root/.ssh'), whiteout('/app/.git')]
  ])
  const hidingPolicy = (options: string) =>
    `rules:\n  forbidden-paths: { paths: ["/root/.ssh/**", "/app/.env"]${options} }\n`

  describe('catches', () => {
    it('every matching path, of any type, with its layer', async () => {
      const result = await check(image, 'rules:\n  forbidden-paths: ["/root/.ssh/**", "**/*.pem"]\n')
      expect(
        result.violations.map((violation) => [violation.path, violation.layer, violation.message])
      ).toEqual([
        ['/etc/ssl/cert.pem', 1, 'symlink /etc/ssl/cert.pem matches forbidden "**/*.pem"'],
        ['/root/.ssh', 0, 'directory /root/.ssh matches forbidden "/root/.ssh/**"'],
        ['/root/.ssh/known_hosts', 0, 'file /root/.ssh/known_hosts matches forbidden "/root/.ssh/**"']
      ])
    })

    it('files a later layer hides, with includeHidden', async () => {
      const hidden = await check(hiding, hidingPolicy(', includeHidden: true'))
      expect(
        hidden.violations.map((violation) => [violation.path, violation.layer, violation.message])
      ).toEqual([
        ['/app/.env', 2, 'file /app/.env matches forbidden "/app/.env"'],
        [
          '/root/.ssh/id_ed25519',
          1,
          'file /root/.ssh/id_ed25519 matches forbidden "/root/.ssh/**", deleted in layer 3, still shipped in layer 1'
        ]
      ])
    })
  })

  describe('must not', () => {
    it('count files a later layer hides without includeHidden', async () => {
      const finalOnly = await check(hiding, hidingPolicy(''))
      expect(finalOnly.violations.map((violation) => violation.path)).toEqual(['/app/.env'])
    })

    it('report paths no glob matches', async () => {
      const result = await check(image, 'rules:\n  forbidden-paths: ["/root/.gnupg/**", "**/*.key"]\n')
      expect(result.violations).toEqual([])
    })
  })
})
