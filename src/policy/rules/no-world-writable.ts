// no-world-writable: no file or directory of the final filesystem that any user may change. A
// directory with the sticky bit (/tmp, 1777) is the exception: there each user can only remove or rename
// their own files.
import { describeNames } from '../../analysis/executables.js'
import type { Finding, FindingFix, Rule } from '../rule.js'
import { shellWord } from './fix-text.js'

const OTHERS_WRITE = 0o002
const STICKY = 0o1000

export const noWorldWritable: Rule = {
  doc: {
    id: 'no-world-writable',
    title: 'No world-writable paths',
    description:
      'No regular file or directory of the final filesystem is writable by others (o+w): any user of the container could change such a file, or add, replace and delete files in such a directory. Directories with the sticky bit (/tmp, mode 1777) are fine; symlinks (always 0777) and devices are not checked. Each file is reported once with the names that reach it; `allow` lists globs to accept.',
    defaultSeverity: 'error'
  },
  example: `no-world-writable:\n  allow: ["/var/cache/app/**"]`,
  configure(options) {
    const allow = options.globs('allow') ?? []
    const allowed = (paths: string[]) => paths.some((path) => allow.some((glob) => glob.matches(path)))
    return {
      run(image) {
        const findings: Finding[] = []
        const seen = new Set<number>()
        for (const entry of image.fs.entries()) {
          const { inode } = entry
          if ((inode.mode & OTHERS_WRITE) === 0) continue
          const mode = (inode.mode & 0o7777).toString(8).padStart(4, '0')
          if (inode.type === 'dir') {
            if ((inode.mode & STICKY) !== 0 || allowed([entry.path])) continue
            findings.push({
              message: `world-writable directory without the sticky bit, mode ${mode}: ${entry.path} (any user can replace or delete the files in it)`,
              path: entry.path,
              layer: entry.layerIndex,
              fix: writableFix(entry.path, inode.mode, true)
            })
            continue
          }
          if (inode.type !== 'file' || seen.has(inode.id)) continue
          seen.add(inode.id)
          const hardLinks = image.fs.hardLinks(inode)
          const realPaths = hardLinks.length ? hardLinks : [entry.path]
          if (allowed(realPaths)) continue
          const names = image.fs.namesReaching(inode)
          findings.push({
            message: `world-writable file, mode ${mode}: ${describeNames({ path: entry.path, names: names.length ? names : [entry.path] })}`,
            path: entry.path,
            layer: entry.layerIndex,
            realPaths,
            fix: writableFix(entry.path, inode.mode, false)
          })
        }
        return findings
      }
    }
  }
}

/** chmod o-w in the layer that wrote it, or COPY --chmod with the mode it should have. */
function writableFix(path: string, mode: number, directory: boolean): FindingFix {
  const fixed = (mode & 0o7777 & ~OTHERS_WRITE).toString(8).padStart(4, '0')
  const inLayer = {
    kind: 'command' as const,
    command: `chmod o-w ${shellWord(path)}`,
    copyFlag: `--chmod=${fixed}`
  }
  return directory
    ? {
        text: `Take write permission for others from ${path} (chmod o-w), or, if every user must write there, make it sticky as /tmp is (chmod +t).`,
        inLayer
      }
    : { text: `Take write permission for others from ${path} (chmod o-w, mode ${fixed}).`, inLayer }
}
