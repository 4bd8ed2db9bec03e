// no-package-manager: no executable that installs packages. A package database alone is not one.
import type { Rule } from '../rule.js'
import { describeMultiCall, describeNames, findExecutables } from '../../analysis/executables.js'
import { linksNote, multiCallFix } from './fix-text.js'
import { expandManagers, MANAGER_GROUPS, packageManagerMatcher } from '../../analysis/package-managers.js'

export const noPackageManager: Rule = {
  doc: {
    id: 'no-package-manager',
    title: 'No package manager',
    description:
      'The final filesystem contains no package-manager executable (apk, dpkg, apt, apt-get, rpm, dnf, yum, microdnf, tdnf, zypper, pacman, …) reached by any name, and no multi-call binary carrying such applets. Package databases are allowed: scanners need them. Language package managers (pip, npm, gem, …) are opt-in.',
    defaultSeverity: 'error'
  },
  example: `no-package-manager:\n  managers: [os, pip, npm]\n  allow: ["/usr/lib/python3*/**"]`,
  configure(options) {
    const listed = options.strings('managers') ?? ['os']
    listed.forEach((name, index) => {
      if (name.trim() === '' || name.includes('/')) {
        options.fail(
          'managers',
          `"${name}" is not an executable name or group (${Object.keys(MANAGER_GROUPS).join(', ')})`,
          index
        )
      }
    })
    const matcher = packageManagerMatcher(expandManagers(listed))
    const allow = options.globs('allow') ?? []
    return {
      run(image) {
        return findExecutables(image.fs, matcher)
          .filter((hit) => !hit.realPaths.some((path) => allow.some((glob) => glob.matches(path))))
          .map((hit) => {
            const names = [...new Set([...hit.matchedNames, ...hit.matchedApplets])].sort()
            const what = hit.multiCall
              ? `${describeMultiCall(hit.multiCall)} with package-manager applets ${hit.matchedApplets.join(', ')}`
              : `package manager ${names.join(', ')}`
            return {
              message: `${what}: ${describeNames(hit, matcher.name)}`,
              path: hit.path,
              layer: hit.layer,
              realPaths: hit.realPaths,
              fix: {
                text: hit.multiCall
                  ? multiCallFix(hit, hit.multiCall)
                  : `Remove the package manager ${hit.path}${linksNote(hit)}.`,
                inLayer: { kind: 'leave-out' as const }
              },
              names: hit.names
            }
          })
      }
    }
  }
}
