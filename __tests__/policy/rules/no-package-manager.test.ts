// no-package-manager: no executable that installs packages, by any name; a package database is not one.
import { describe, expect, it } from '@jest/globals'
import { dir, executable, file, imageFromLayers, multiCall, symlink } from '../../../__fixtures__/image.js'
import { check, paths } from '../../../__fixtures__/policy.js'

const rules = 'rules:\n  no-package-manager: true\n'

describe('no-package-manager', () => {
  const languageManagers = imageFromLayers([
    [dir('/usr'), dir('/usr/bin'), executable('/usr/bin/pip3.12'), executable('/usr/bin/npm')]
  ])

  describe('catches', () => {
    it('apk and apt-get, each once', async () => {
      const image = imageFromLayers([
        [dir('/sbin'), executable('/sbin/apk'), dir('/usr'), dir('/usr/bin'), executable('/usr/bin/apt-get')]
      ])
      expect(paths(await check(image, rules), 'no-package-manager')).toEqual([
        '/sbin/apk',
        '/usr/bin/apt-get'
      ])
    })

    it('a multi-call binary carrying dpkg or rpm applets, whatever its name', async () => {
      const image = imageFromLayers([[dir('/opt'), multiCall('/opt/x', ['dpkg', 'ls', 'rpm'])]])
      const result = await check(image, rules)
      expect(paths(result, 'no-package-manager')).toEqual(['/opt/x'])
      expect(result.violations[0].message).toContain('package-manager applets dpkg, rpm')
    })

    it('a manager reached through a symlink with another name', async () => {
      const image = imageFromLayers([
        [dir('/usr'), dir('/usr/bin'), executable('/usr/bin/dnf-3'), symlink('/usr/bin/yum', 'dnf-3')]
      ])
      expect(paths(await check(image, rules), 'no-package-manager')).toEqual(['/usr/bin/dnf-3'])
    })

    it('language package managers when asked, as a group or by name', async () => {
      const withLanguage = await check(
        languageManagers,
        'rules:\n  no-package-manager: { managers: [os, language] }\n'
      )
      expect(paths(withLanguage, 'no-package-manager')).toEqual(['/usr/bin/npm', '/usr/bin/pip3.12'])
      const onlyPip = await check(languageManagers, 'rules:\n  no-package-manager: { managers: [pip] }\n')
      expect(paths(onlyPip, 'no-package-manager')).toEqual(['/usr/bin/pip3.12'])
    })
  })

  describe('must not', () => {
    it('count a package database as a package manager', async () => {
      const image = imageFromLayers([
        [dir('/lib'), dir('/lib/apk'), dir('/lib/apk/db'), file('/lib/apk/db/installed', 'P:musl\n')],
        [
          dir('/var'),
          dir('/var/lib'),
          dir('/var/lib/dpkg'),
          dir('/var/lib/dpkg/status.d'),
          file('/var/lib/dpkg/status.d/base', 'Package: base-files\n')
        ]
      ])
      expect(paths(await check(image, rules), 'no-package-manager')).toEqual([])
    })

    it('report language package managers unless asked', async () => {
      expect(paths(await check(languageManagers, rules), 'no-package-manager')).toEqual([])
    })
  })
})
