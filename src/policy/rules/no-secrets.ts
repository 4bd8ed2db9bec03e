// no-secrets: no private keys, cloud or registry credentials, dotenv files or .git directories.
import type { HiddenFile } from '../../image/types.js'
import type { Finding, Rule } from '../rule.js'
import type { FindingFix } from '../types.js'
import { describeNames } from '../../analysis/executables.js'
import { secretCandidate } from '../../analysis/secrets.js'

/** Where a hidden copy still ships: "deleted in layer 4, still shipped in layer 2". */
export function hiddenWhere(copy: HiddenFile): string {
  const how =
    copy.reason === 'deleted'
      ? 'deleted'
      : copy.reason === 'opaque'
        ? 'hidden by an opaque directory'
        : 'overwritten'
  return `${how} in layer ${copy.hiddenBy}, still shipped in layer ${copy.layerIndex}`
}

export const noSecrets: Rule = {
  doc: {
    id: 'no-secrets',
    title: 'No secrets',
    description:
      'No private keys (PEM, SSH identities, PKCS#12), cloud and registry credentials (AWS, gcloud, Azure, Docker, Kubernetes, service-account JSON), .npmrc/.pypirc/.netrc with credentials, .env files or .git directories, in the final filesystem or hidden by a later layer yet still shipped in an earlier one. Files are found by name and confirmed by their first bytes; the secret itself is never printed.',
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
                layer: entry.layerIndex,
                fix: gitFix(entry.path, entry.layerIndex)
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
          const realPaths = image.fs.hardLinks(inode)
          if ((realPaths.length ? realPaths : [entry.path]).some(allowed)) continue
          findings.push({
            message: `${what}: ${describeNames({ path: entry.path, names: names.length ? names : [entry.path] })}`,
            path: entry.path,
            layer: entry.layerIndex,
            realPaths: realPaths.length ? realPaths : [entry.path],
            fix: secretFix(entry.path, entry.layerIndex)
          })
        }
        // What a later layer deleted, overwrote or hid is still in its own layer's blob: anyone who
        // pulls the image can read it. Reported with both layers.
        const gitDirs = new Set<string>()
        for (const copy of image.hidden) {
          const git = /^(.*?\/\.git)\//.exec(copy.path)?.[1]
          if (git !== undefined && !gitDirs.has(`${copy.layerIndex} ${git}`) && !allowed(git)) {
            gitDirs.add(`${copy.layerIndex} ${git}`)
            if (image.fs.lstat(git)?.inode.type !== 'dir') {
              findings.push({
                message: `git repository directory ${git} (history may hold secrets), ${hiddenWhere(copy)}`,
                path: git,
                layer: copy.layerIndex,
                fix: gitFix(git, copy.layerIndex, copy)
              })
            }
          }
          if (seen.has(copy.inode.id) || allowed(copy.path)) continue
          const what = secretCandidate(copy.path)?.confirm(copy.inode.content, copy.inode.size)
          if (!what) continue
          seen.add(copy.inode.id)
          findings.push({
            message: `${what}: ${copy.path}, ${hiddenWhere(copy)}`,
            path: copy.path,
            layer: copy.layerIndex,
            realPaths: [copy.path],
            fix: secretFix(copy.path, copy.layerIndex, copy)
          })
        }
        return findings
      }
    }
  }
}

const SECRET_ADVICE =
  'pass build secrets with RUN --mount=type=secret, keep such files out of the build context with .dockerignore'

/** A secret's fix: it ships in its layer whatever later layers do, so it is rotated as well as removed. */
function secretFix(path: string, layer: number, hidden?: HiddenFile): FindingFix {
  // The report names the step that hid it (its Dockerfile line, else its history step): hiddenBy.
  const ships = hidden
    ? `it ships in layer ${layer} even though ${hidden.hiddenBy === layer ? 'a later entry of that layer' : 'a later layer'} ${hidden.reason === 'deleted' ? 'deletes' : 'hides'} it`
    : `it ships in layer ${layer}`
  return {
    text: `Rotate this credential and rebuild without ${path}: ${ships}, readable by anyone who can pull the image; ${SECRET_ADVICE}.`,
    inLayer: { kind: 'leave-out' },
    ...(hidden ? { hiddenBy: { layer: hidden.hiddenBy, reason: hidden.reason } } : {})
  }
}

function gitFix(path: string, layer: number, hidden?: HiddenFile): FindingFix {
  return {
    text: `Keep ${path} out of the image (.dockerignore: .git)${hidden ? `: deleting it in a later layer leaves it in layer ${layer}` : ''}; rotate any credential its history holds.`,
    inLayer: { kind: 'leave-out' },
    ...(hidden ? { hiddenBy: { layer: hidden.hiddenBy, reason: hidden.reason } } : {})
  }
}
