// forbidden-paths: no entry of the final filesystem (and, with includeHidden, no file a later layer
// hides but the image still ships) matches these globs.
import type { Finding, Rule } from '../rule.js'
import { hiddenWhere } from './no-secrets.js'

const TYPE_NAMES: Record<string, string> = {
  file: 'file',
  dir: 'directory',
  symlink: 'symlink',
  char: 'character device',
  block: 'block device',
  fifo: 'fifo'
}

export const forbiddenPaths: Rule = {
  doc: {
    id: 'forbidden-paths',
    title: 'Forbidden paths',
    description:
      'No file, directory or link of the final filesystem matches any of the listed globs; one violation per matching path. With includeHidden, files a later layer deleted or overwrote, which the image still ships, count too.',
    defaultSeverity: 'error'
  },
  listOption: 'paths',
  example: `forbidden-paths: ["/root/.ssh/**", "**/*.pem", "/usr/local/bin/kubectl"]`,
  configure(options) {
    const globs = options.globs('paths') ?? []
    if (globs.length === 0) options.fail('paths', 'forbidden-paths needs a list of globs')
    const includeHidden = options.boolean('includeHidden') ?? false
    return {
      run(image) {
        const findings: Finding[] = []
        for (const entry of image.fs.entries()) {
          const glob = globs.find((candidate) => candidate.matches(entry.path))
          if (!glob) continue
          const type = TYPE_NAMES[entry.inode.type] ?? entry.inode.type
          findings.push({
            message: `${type} ${entry.path} matches forbidden "${glob.pattern}"`,
            path: entry.path,
            layer: entry.layerIndex,
            fix: {
              text: `Remove ${entry.path}: the policy forbids "${glob.pattern}".`,
              inLayer: { kind: 'leave-out' }
            }
          })
        }
        if (!includeHidden) return findings
        const reported = new Set(findings.map((finding) => finding.path))
        for (const copy of image.hidden) {
          if (reported.has(copy.path)) continue
          const glob = globs.find((candidate) => candidate.matches(copy.path))
          if (!glob) continue
          reported.add(copy.path)
          findings.push({
            message: `file ${copy.path} matches forbidden "${glob.pattern}", ${hiddenWhere(copy)}`,
            path: copy.path,
            layer: copy.layerIndex,
            fix: {
              text: `Keep ${copy.path} out of layer ${copy.layerIndex}: deleting it in a later layer leaves it in the image. The policy forbids "${glob.pattern}".`,
              inLayer: { kind: 'leave-out' },
              hiddenBy: { layer: copy.hiddenBy, reason: copy.reason }
            }
          })
        }
        return findings
      }
    }
  }
}
