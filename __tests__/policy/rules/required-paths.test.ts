// required-paths: each listed path exists (a symlink counts when it resolves), each glob matches something.
import { describe, expect, it } from '@jest/globals'
import { dir, file, imageFromLayers, symlink } from '../../../__fixtures__/image.js'
import { check } from '../../../__fixtures__/policy.js'

describe('required-paths', () => {
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

  describe('catches', () => {
    it('a missing path, a symlink that does not resolve and a glob that matches nothing', async () => {
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

  describe('must not', () => {
    it('report a path reached through a symlink, or a glob that matches', async () => {
      const ok = await check(
        image,
        'rules:\n  required-paths: ["/etc/ssl/cert.pem", "/etc/ssl/certs/*.crt"]\n'
      )
      expect(ok.violations).toEqual([])
    })
  })
})
