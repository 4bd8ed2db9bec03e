// required-paths: each listed path exists (following symlinks), or each glob matches something.
import type { Finding, Rule } from '../rule.js'

const GLOB_CHARS = /[*?[\]{}()!+@]/

export const requiredPaths: Rule = {
  doc: {
    id: 'required-paths',
    title: 'Required paths',
    description:
      'Each listed path exists in the final filesystem (a symlink counts when it resolves inside the image), and each glob matches at least one entry.',
    defaultSeverity: 'error'
  },
  listOption: 'paths',
  example: `required-paths: ["/etc/ssl/certs/ca-certificates.crt", "/app/**/*.js"]`,
  configure(options) {
    const globs = options.globs('paths') ?? []
    if (globs.length === 0) options.fail('paths', 'required-paths needs a list of paths or globs')
    return {
      run(image) {
        const findings: Finding[] = []
        const patterns = globs.filter((glob) => GLOB_CHARS.test(glob.pattern))
        const matched = new Set<string>()
        if (patterns.length > 0) {
          for (const entry of image.fs.entries()) {
            for (const glob of patterns) if (glob.matches(entry.path)) matched.add(glob.pattern)
          }
        }
        for (const glob of globs) {
          if (GLOB_CHARS.test(glob.pattern)) {
            if (!matched.has(glob.pattern))
              findings.push({
                message: `nothing matches required "${glob.pattern}"`,
                fix: {
                  text: `Add a file that matches "${glob.pattern}" to the image (COPY it, or install what provides it), or correct the glob in the policy.`
                }
              })
            continue
          }
          const resolution = image.fs.resolve(glob.pattern)
          if (resolution.ok) continue
          const entry = image.fs.lstat(glob.pattern)
          const why =
            entry?.inode.type === 'symlink'
              ? `is a symlink that does not resolve (${resolution.reason})`
              : resolution.reason === 'missing'
                ? 'is missing'
                : `cannot be reached (${resolution.reason})`
          findings.push({
            message: `required ${glob.pattern} ${why}`,
            path: glob.pattern,
            layer: entry?.layerIndex,
            fix: {
              text:
                entry?.inode.type === 'symlink'
                  ? `Point the symlink ${glob.pattern} (to ${entry.inode.linkTarget ?? '?'}) at a file the image has, or ship its target.`
                  : `Add ${glob.pattern} to the image (COPY it, or install what provides it), or correct the path in the policy.`
            }
          })
        }
        return findings
      }
    }
  }
}
