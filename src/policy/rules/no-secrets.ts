// no-secrets: no private keys, cloud or registry credentials, dotenv files or .git directories.
import type { Finding, Rule } from '../rule.js'
import { describeNames } from '../detect/executables.js'
import { secretCandidate } from '../detect/secrets.js'

export const noSecrets: Rule = {
  doc: {
    id: 'no-secrets',
    title: 'No secrets',
    description:
      'No private keys (PEM, SSH identities, PKCS#12), cloud and registry credentials (AWS, gcloud, Azure, Docker, Kubernetes, service-account JSON), .npmrc/.pypirc/.netrc with credentials, .env files or .git directories. Files are found by name and confirmed by their first bytes; the secret itself is never printed.',
    defaultSeverity: 'error'
  },
  example: `no-secrets:\n  severity: warning\n  allow: ["/usr/share/doc/**", "/app/test/fixtures/**"]`,
  configure(options) {
    const allow = options.globs('allow') ?? []
    const allowed = (path: string) => allow.some((glob) => glob.matches(path))
    return {
      capture: (path) => secretCandidate(path)?.capture ?? 0,
      run(image) {
        const findings: Finding[] = []
        const seen = new Set<number>()
        for (const entry of image.fs.entries()) {
          const inode = entry.inode
          if (inode.type === 'dir' && entry.name === '.git') {
            if (!allowed(entry.path)) {
              findings.push({
                message: `git repository directory ${entry.path} (history may hold secrets)`,
                path: entry.path,
                layer: entry.layerIndex
              })
            }
            continue
          }
          if (inode.type !== 'file' || seen.has(inode.id)) continue
          const kind = secretCandidate(entry.path)
          if (!kind) continue
          const what = kind.confirm(inode.content, inode.size)
          if (!what) continue
          seen.add(inode.id)
          const names = image.fs.namesReaching(inode)
          const realPaths = names.filter((name) => image.fs.lstat(name)?.inode.id === inode.id)
          if ((realPaths.length ? realPaths : [entry.path]).some(allowed)) continue
          findings.push({
            message: `${what}: ${describeNames({ path: entry.path, names: names.length ? names : [entry.path] })}`,
            path: entry.path,
            layer: entry.layerIndex,
            realPaths: realPaths.length ? realPaths : [entry.path]
          })
        }
        return findings
      }
    }
  }
}
