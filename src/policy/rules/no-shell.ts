// no-shell: nothing in the final filesystem can run as a shell.
import type { Rule } from '../rule.js'
import {
  describeMultiCall,
  describeNames,
  describeShellContent,
  findExecutables
} from '../../analysis/executables.js'
import type { ExecutableHit } from '../../analysis/executables.js'
import { shellMatcher } from '../../analysis/shells.js'
import { linksNote, multiCallFix } from './fix-text.js'

export const noShell: Rule = {
  doc: {
    id: 'no-shell',
    title: 'No shell',
    description:
      "The final filesystem contains no shell: no known shell (sh, bash, ash, dash, zsh, ksh, mksh, csh, tcsh, fish, …) reached by any name, symlink or hard link, no BusyBox or toybox multi-call binary that provides one, and no ELF file that carries a POSIX shell's builtin, keyword and variable tables, whatever its name.",
    defaultSeverity: 'error'
  },
  example: `no-shell:\n  allow: ["/busybox/**"]`,
  configure(options) {
    const allow = options.globs('allow') ?? []
    return {
      run(image) {
        return findExecutables(image.fs, shellMatcher)
          .filter((hit) => !hit.realPaths.some((path) => allow.some((glob) => glob.matches(path))))
          .map((hit) => {
            const what = hit.byContent
              ? hit.multiCall
                ? `${describeMultiCall(hit.multiCall)} with ${describeShellContent(hit.byContent)}`
                : describeShellContent(hit.byContent)
              : hit.multiCall && hit.matchedApplets.length > 0
                ? `${describeMultiCall(hit.multiCall)} providing ${hit.matchedApplets.join(', ')}`
                : `shell ${hit.matchedNames.join(', ')}`
            return {
              message: `${what}: ${describeNames(hit, shellMatcher.name)}`,
              path: hit.path,
              layer: hit.layer,
              realPaths: hit.realPaths,
              fix: { text: shellFix(hit), inLayer: { kind: 'leave-out' as const } },
              names: hit.names
            }
          })
      }
    }
  }
}

function shellFix(hit: ExecutableHit): string {
  if (hit.multiCall) return multiCallFix(hit, hit.multiCall)
  if (hit.byContent) return `Remove ${hit.path}: it is a shell by its content, whatever its name.`
  return `Remove the shell ${hit.path}${linksNote(hit)}.`
}
