// no-setuid, no-secrets, forbidden-paths, required-paths: one violation per offending file.
import { describe, expect, it } from '@jest/globals'
import {
  dir,
  executable,
  file,
  hardlink,
  imageFromLayers,
  symlink,
  whiteout
} from '../../__fixtures__/image.js'
import { check } from '../../__fixtures__/policy.js'

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n'
const CERT = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'

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

  it('reports setuid and setgid files once each, with their names', async () => {
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

  it('accepts allowed files', async () => {
    const result = await check(image, 'rules:\n  no-setuid: { allow: ["/usr/bin/passwd2"] }\n')
    expect(result.violations.map((violation) => violation.path)).toEqual(['/usr/bin/wall'])
  })
})

describe('no-secrets', () => {
  const image = imageFromLayers([
    [
      dir('/root'),
      dir('/root/.ssh'),
      file('/root/.ssh/id_ed25519', KEY),
      file('/root/.ssh/id_ed25519.pub', 'ssh-ed25519 AAAA'),
      dir('/etc'),
      dir('/etc/ssl'),
      file('/etc/ssl/cert.pem', CERT),
      file('/etc/ssl/server.key', `${CERT}-----BEGIN RSA PRIVATE KEY-----\nMIIE\n`),
      dir('/app'),
      file('/app/.env', 'DB_PASSWORD=hunter2\n'),
      file('/app/.env.example', 'DB_PASSWORD=\n'),
      file('/app/.npmrc', '//registry.npmjs.org/:_authToken=npm_abcdef\n'),
      dir('/app/sub'),
      file('/app/sub/.npmrc', 'save-exact=true\n'),
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

  it('finds keys and credentials by name and first bytes, never printing them', async () => {
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

  it('accepts allowed paths', async () => {
    const result = await check(image, 'rules:\n  no-secrets: { allow: ["/app/**", "/home/**"] }\n')
    expect(result.violations.map((violation) => violation.path)).toEqual([
      '/etc/ssl/server.key',
      '/root/.ssh/id_ed25519'
    ])
  })
})

describe('forbidden-paths and required-paths', () => {
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

  it('reports every matching path with its layer', async () => {
    const result = await check(image, 'rules:\n  forbidden-paths: ["/root/.ssh/**", "**/*.pem"]\n')
    expect(
      result.violations.map((violation) => [violation.path, violation.layer, violation.message])
    ).toEqual([
      ['/etc/ssl/cert.pem', 1, 'symlink /etc/ssl/cert.pem matches forbidden "**/*.pem"'],
      ['/root/.ssh', 0, 'directory /root/.ssh matches forbidden "/root/.ssh/**"'],
      ['/root/.ssh/known_hosts', 0, 'file /root/.ssh/known_hosts matches forbidden "/root/.ssh/**"']
    ])
  })

  it('requires paths (through symlinks) and globs', async () => {
    const ok = await check(image, 'rules:\n  required-paths: ["/etc/ssl/cert.pem", "/etc/ssl/certs/*.crt"]\n')
    expect(ok.violations).toEqual([])
    const missing = await check(
      image,
      'rules:\n  required-paths: { paths: ["/etc/passwd", "/etc/broken", "/app/**/*.js"], severity: warning }\n'
    )
    expect(
      missing.violations.map((violation) => [violation.path, violation.severity, violation.message])
    ).toEqual([
      [undefined, 'warning', 'nothing matches required "/app/**/*.js"'],
      ['/etc/broken', 'warning', 'required /etc/broken is a symlink that does not resolve (missing)'],
      ['/etc/passwd', 'warning', 'required /etc/passwd is missing']
    ])
  })
})

describe('files a later layer hides, which the image still ships', () => {
  // COPY id_ed25519 /root/.ssh/ and a .git directory, then RUN rm -rf of both: both still ship.
  const image = imageFromLayers([
    [dir('/root'), dir('/app'), file('/app/.env', 'TOKEN=old')],
    [dir('/root/.ssh'), file('/root/.ssh/id_ed25519', KEY), dir('/app/.git'), file('/app/.git/config', 'x')],
    [file('/app/.env', 'TOKEN=new')],
    [whiteout('/root/.ssh'), whiteout('/app/.git')]
  ])

  it('no-secrets reports them with the layer that holds them and the one that hid them', async () => {
    const result = await check(image, 'rules:\n  no-secrets: true\n')
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
    const allowed = await check(image, 'rules:\n  no-secrets: { allow: ["/root/**", "/app/**"] }\n')
    expect(allowed.violations).toEqual([])
  })

  it('forbidden-paths counts them only with includeHidden', async () => {
    const policy = (options: string) =>
      `rules:\n  forbidden-paths: { paths: ["/root/.ssh/**", "/app/.env"]${options} }\n`
    const finalOnly = await check(image, policy(''))
    expect(finalOnly.violations.map((violation) => violation.path)).toEqual(['/app/.env'])
    const hidden = await check(image, policy(', includeHidden: true'))
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
