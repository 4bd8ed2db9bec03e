// no-secrets: no private keys, credentials, dotenv files or .git directories, in the final filesystem
// or hidden by a later layer but still shipped; found by name, confirmed by first bytes, never printed.
import { describe, expect, it } from '@jest/globals'
import { dir, file, imageFromLayers, whiteout } from '../../../__fixtures__/image.js'
import { check } from '../../../__fixtures__/policy.js'

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n'
const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'

/** Files named like secrets whose content is not one: a public key, a certificate, templates, settings. */
const harmless = [
  dir('/root'),
  dir('/root/.ssh'),
  file('/root/.ssh/id_ed25519.pub', 'ssh-ed25519 AAAA'),
  dir('/etc'),
  dir('/etc/ssl'),
  file('/etc/ssl/cert.pem', CERT),
  dir('/app'),
  file('/app/.env.example', 'DB_PASSWORD=\n'),
  dir('/app/sub'),
  file('/app/sub/.npmrc', 'save-exact=true\n')
]

describe('no-secrets', () => {
  const image = imageFromLayers([
    [
      ...harmless,
      file('/root/.ssh/id_ed25519', KEY),
      file('/etc/ssl/server.key', `${CERT}-----BEGIN RSA PRIVATE KEY-----\nMIIE\n`),
      file('/app/.env', 'DB_PASSWORD=hunter2\n'),
      file('/app/.npmrc', '//registry.npmjs.org/:_authToken=npm_abcdef\n'),
      dir('/app/.git'),
      file('/app/.git/HEAD', 'ref: refs/heads/main\n'),
      dir('/home'),
      dir('/home/u'),
      dir('/home/u/.aws'),
      file('/home/u/.aws/credentials', '[default]\naws_secret_access_key = abc\n'),
      dir('/home/u/.docker'),
      file('/home/u/.docker/config.json', '{"auths":{"ghcr.io":{"auth":"dXNlcjpwYXNz"}}}'),
      file(
        '/app/gcp-service-account.json',
        '{"type": "service_account", "private_key": "-----BEGIN PRIVATE KEY-----\\nMII"}'
      )
    ]
  ])

  // COPY id_ed25519 /root/.ssh/ and a .git directory, then RUN rm -rf of both: both still ship.
  const hiding = imageFromLayers([
    [dir('/root'), dir('/app'), file('/app/.env', 'TOKEN=old')],
    [dir('/root/.ssh'), file('/root/.ssh/id_ed25519', KEY), dir('/app/.git'), file('/app/.git/config', 'x')],
    [file('/app/.env', 'TOKEN=new')],
    [whiteout('/root/.ssh'), whiteout('/app/.git')]
  ])

  describe('catches', () => {
    it('keys and credentials by name and first bytes, never printing them', async () => {
      const result = await check(image, 'rules:\n  no-secrets: true\n')
      expect(result.violations.map((violation) => `${violation.path}: ${violation.message}`)).toEqual([
        '/app/.env: dotenv file: /app/.env',
        '/app/.git: git repository directory /app/.git (history may hold secrets)',
        '/app/.npmrc: npm registry credentials: /app/.npmrc',
        '/app/gcp-service-account.json: cloud service credentials (JSON): /app/gcp-service-account.json',
        '/etc/ssl/server.key: PEM rsa private key: /etc/ssl/server.key',
        '/home/u/.aws/credentials: AWS credentials: /home/u/.aws/credentials',
        '/home/u/.docker/config.json: container registry credentials: /home/u/.docker/config.json',
        '/root/.ssh/id_ed25519: PEM openssh private key: /root/.ssh/id_ed25519'
      ])
      const text = JSON.stringify(result)
      for (const secret of ['hunter2', 'npm_abcdef', 'dXNlcjpwYXNz', 'b3BlbnNzaC1rZXkt'])
        expect(text).not.toContain(secret)
    })

    it('files a later layer hides, with the layer that holds them and the one that hid them', async () => {
      const result = await check(hiding, 'rules:\n  no-secrets: true\n')
      expect(
        result.violations.map((violation) => [violation.path, violation.layer, violation.message])
      ).toEqual([
        ['/app/.env', 2, 'dotenv file: /app/.env'],
        ['/app/.env', 0, 'dotenv file: /app/.env, overwritten in layer 2, still shipped in layer 0'],
        [
          '/app/.git',
          1,
          'git repository directory /app/.git (history may hold secrets), deleted in layer 3, still shipped in layer 1'
        ],
        [
          '/root/.ssh/id_ed25519',
          1,
          'PEM openssh private key: /root/.ssh/id_ed25519, deleted in layer 3, still shipped in layer 1'
        ]
      ])
    })
  })

  describe('must not', () => {
    it('report a public key, a certificate, an .env.example or an .npmrc without credentials', async () => {
      const result = await check(imageFromLayers([harmless]), 'rules:\n  no-secrets: true\n')
      expect(result.violations).toEqual([])
    })

    it('report paths an allow glob matches', async () => {
      const result = await check(image, 'rules:\n  no-secrets: { allow: ["/app/**", "/home/**"] }\n')
      expect(result.violations.map((violation) => violation.path)).toEqual([
        '/etc/ssl/server.key',
        '/root/.ssh/id_ed25519'
      ])
    })

    it('report hidden copies an allow glob matches', async () => {
      const allowed = await check(hiding, 'rules:\n  no-secrets: { allow: ["/root/**", "/app/**"] }\n')
      expect(allowed.violations).toEqual([])
    })
  })
})
