// forbidden-paths: no entry of the final filesystem matches these globs.
import type { Finding, Rule } from '../rule.js'

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
      'No file, directory or link of the final filesystem matches any of the listed globs; one violation per matching path.',
    defaultSeverity: 'error'
  },
  listOption: 'paths',
  example: `forbidden-paths: ["/root/.ssh/**", "**/*.pem", "/usr/local/bin/kubectl"]`,
  configure(options) {
    const globs = options.globs('paths') ?? []
    if (globs.length === 0) options.fail('paths', 'forbidden-paths needs a list of globs')
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
            layer: entry.layerIndex
          })
        }
        return findings
      }
    }
  }
}
