// distroless: no shell, no package manager, and a distroless family (or an allowed base image).
import { describe, expect, it } from '@jest/globals'
import { dir, executable, file, imageFromLayers, symlink } from '../../../__fixtures__/image.js'
import { check } from '../../../__fixtures__/policy.js'

const osRelease = (text: string) => [
  dir('/etc'),
  dir('/usr'),
  dir('/usr/lib'),
  file('/usr/lib/os-release', text),
  symlink('/etc/os-release', '../usr/lib/os-release')
]
const app = [dir('/app'), executable('/app/server')]
const wolfi = osRelease('ID=wolfi\nNAME="Wolfi"\nPRETTY_NAME="Wolfi"\n')
const debian = [...osRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n'), ...app]
const baseImages = 'distroless: { baseImages: ["gcr.io/distroless/**"] }'

async function verdict(
  layers: Parameters<typeof imageFromLayers>[0],
  rule = 'distroless: true',
  labels: Record<string, string> = {}
) {
  const result = await check(imageFromLayers(layers, { labels }), `rules:\n  ${rule}\n`)
  return result.violations.map((violation) => violation.message)
}

describe('distroless', () => {
  describe('catches', () => {
    it('Chainguard/Wolfi with apk', async () => {
      expect(await verdict([[...wolfi, dir('/sbin'), executable('/sbin/apk')]])).toEqual([
        'not distroless: it has a package manager (/sbin/apk)'
      ])
    })

    it('a distribution, saying what it is', async () => {
      expect(
        await verdict([[...osRelease('PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n'), ...app]])
      ).toEqual([
        'not distroless: os-release (/etc/os-release) identifies Debian GNU/Linux 12 (bookworm), not a distroless family'
      ])
      expect(await verdict([[dir('/var'), dir('/var/lib'), dir('/var/lib/dpkg'), ...app]])).toEqual([
        'not distroless: it has a package database (/var/lib/dpkg) but no os-release, not a distroless family'
      ])
    })

    it('a distroless-family image that has a shell', async () => {
      expect(
        await verdict([
          [...osRelease('PRETTY_NAME="Distroless"\n'), dir('/busybox'), executable('/busybox/sh')]
        ])
      ).toEqual(['not distroless: it has a shell (/busybox/sh)'])
    })

    it('a family that allow leaves out', async () => {
      expect(await verdict([[...app]], 'distroless: { allow: [distroless, chainguard] }')).toEqual([
        'not distroless: its family "scratch" is not allowed here'
      ])
    })

    it('a distribution whose base image label matches no baseImages glob', async () => {
      expect(
        await verdict([debian], baseImages, {
          'org.opencontainers.image.base.name': 'docker.io/library/debian:12'
        })
      ).toEqual([
        'not distroless: os-release (/etc/os-release) identifies Debian GNU/Linux 12 (bookworm), not a distroless family; its base image docker.io/library/debian:12 matches no baseImages glob'
      ])
    })
  })

  describe('must not', () => {
    it('reject Google distroless, known by its os-release read through the symlink', async () => {
      expect(await verdict([[...osRelease('PRETTY_NAME="Distroless"\nID=debian\n'), ...app]])).toEqual([])
    })

    it('reject Chainguard/Wolfi without apk', async () => {
      expect(await verdict([[...wolfi, ...app]])).toEqual([])
    })

    it('reject Ubuntu chiselled images, known by /var/lib/chisel', async () => {
      const chiseled = [
        ...osRelease('PRETTY_NAME="Ubuntu 24.04 LTS"\nID=ubuntu\n'),
        dir('/var'),
        dir('/var/lib'),
        dir('/var/lib/chisel'),
        file('/var/lib/chisel/manifest.wall', '{}')
      ]
      expect(await verdict([chiseled])).toEqual([])
    })

    it('reject scratch images: no os-release and no package database', async () => {
      expect(
        await verdict([[...app, dir('/etc'), file('/etc/passwd', 'nobody:x:65534:65534::/:/sbin/nologin\n')]])
      ).toEqual([])
    })

    it('reject an image whose base image label matches baseImages', async () => {
      expect(
        await verdict([debian], baseImages, {
          'org.opencontainers.image.base.name': 'gcr.io/distroless/cc-debian12:nonroot'
        })
      ).toEqual([])
    })
  })
})
