// no-setuid: no file runs with its owner's or group's privileges.
import type { Inode } from '../../image/types.js'
import type { Finding, Rule } from '../rule.js'
import { describeNames } from '../../analysis/executables.js'
import type { FindingFix } from '../types.js'
import { shellWord } from './fix-text.js'

const SETUID = 0o4000
const SETGID = 0o2000

export const noSetuid: Rule = {
  doc: {
    id: 'no-setuid',
    title: 'No setuid or setgid files',
    description:
      'No regular file in the final filesystem has the setuid or setgid bit: such files let any user gain the file owner’s or group’s privileges. Each file is reported once with the names that reach it; `allow` lists globs of files to accept.',
    defaultSeverity: 'error'
  },
  example: `no-setuid:\n  allow: ["/usr/bin/newuidmap"]`,
  configure(options) {
    const allow = options.globs('allow') ?? []
    return {
      run(image) {
        const findings: Finding[] = []
        for (const entry of image.fs.files()) {
          const inode: Inode = entry.inode
          if ((inode.mode & (SETUID | SETGID)) === 0) continue
          const names = image.fs.namesReaching(inode)
          const realPaths = image.fs.hardLinks(inode)
          if (realPaths.some((path) => allow.some((glob) => glob.matches(path)))) continue
          const bits = [
            inode.mode & SETUID ? `setuid (owner uid ${inode.uid})` : '',
            inode.mode & SETGID ? `setgid (group gid ${inode.gid})` : ''
          ]
            .filter(Boolean)
            .join(' and ')
          const mode = (inode.mode & 0o7777).toString(8).padStart(4, '0')
          findings.push({
            message: `${bits} file, mode ${mode}: ${describeNames({ path: entry.path, names: names.length ? names : [entry.path] })}`,
            path: entry.path,
            layer: entry.layerIndex,
            realPaths: realPaths.length ? realPaths : [entry.path],
            fix: setuidFix(entry.path, inode.mode)
          })
        }
        return findings
      }
    }
  }
}

function setuidFix(path: string, mode: number): FindingFix {
  const bits = [mode & SETUID ? 'u-s' : '', mode & SETGID ? 'g-s' : ''].filter(Boolean).join(',')
  const which = [mode & SETUID ? 'setuid' : '', mode & SETGID ? 'setgid' : ''].filter(Boolean).join(' and ')
  const cleared = (mode & 0o777).toString(8).padStart(4, '0')
  return {
    text: `Clear the ${which} bit of ${path}, or remove it if nothing needs it.`,
    inLayer: { kind: 'command', command: `chmod ${bits} ${shellWord(path)}`, copyFlag: `--chmod=${cleared}` }
  }
}
