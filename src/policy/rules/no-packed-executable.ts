// no-packed-executable: every ELF file can be inspected, none is packed (UPX, AppImage, a self-unpacker).
import type { Inode } from '../../image/types.js'
import type { Finding, Rule } from '../rule.js'
import { describeNames } from '../../analysis/executables.js'

export const noPackedExecutable: Rule = {
  doc: {
    id: 'no-packed-executable',
    title: 'No packed executables',
    description:
      'No ELF file in the final filesystem is packed: UPX (its l_info mark or notice), an AppImage, or any file with the shape of a self-unpacking program (no section headers, a segment that reserves far more memory than it loads). What a packed file unpacks to is hidden from content detection, so `no-shell` and `no-package-manager` cannot vouch for it. `allow` lists globs of files to accept.',
    defaultSeverity: 'error'
  },
  example: `no-packed-executable:\n  allow: ["/usr/local/bin/app"]`,
  configure(options) {
    const allow = options.globs('allow') ?? []
    return {
      run(image) {
        const findings: Finding[] = []
        for (const entry of image.fs.files()) {
          const inode: Inode = entry.inode
          const packed = inode.exec?.packed
          if (!packed) continue
          const names = image.fs.namesReaching(inode)
          const realPaths = image.fs.hardLinks(inode)
          if (realPaths.some((path) => allow.some((glob) => glob.matches(path)))) continue
          const what = packed.packer ? `packed with ${packed.packer}` : 'packed by an unknown packer'
          findings.push({
            message: `executable ${what} (${packed.evidence}), its content cannot be inspected: ${describeNames({ path: entry.path, names: names.length ? names : [entry.path] })}`,
            path: entry.path,
            layer: entry.layerIndex,
            realPaths: realPaths.length ? realPaths : [entry.path],
            fix: {
              text: `Ship ${entry.path} unpacked (build it without ${packed.packer ?? 'the packer'}) so that its content can be checked, or allow it if you vouch for what it unpacks to.`
            }
          })
        }
        return findings
      }
    }
  }
}
