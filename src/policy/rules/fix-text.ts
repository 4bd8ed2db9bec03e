// Wording the rules' fixes share (see FindingFix in ../types.ts).
import type { ExecutableHit } from '../../analysis/executables.js'
import type { MultiCallInfo } from '../../image/types.js'

/** " and its 3 links" (hard links and symlinks that reach the file besides its path). */
export function linksNote(hit: Pick<ExecutableHit, 'path' | 'names'>): string {
  const links = hit.names.filter((name) => name !== hit.path).length
  return links === 0 ? '' : ` and its ${links === 1 ? 'link' : `${links} links`}`
}

/** "Remove /usr/bin/tool (BusyBox under another name: ash, sh) and its 2 links." */
export function multiCallFix(
  hit: Pick<ExecutableHit, 'path' | 'names' | 'matchedApplets'>,
  info: MultiCallInfo
): string {
  const name = info.kind === 'busybox' ? 'BusyBox' : 'toybox'
  const base = hit.path.slice(hit.path.lastIndexOf('/') + 1)
  const label = base.toLowerCase().includes(info.kind) ? name : `${name} under another name`
  const shown = hit.matchedApplets.slice(0, 4).join(', ')
  const applets = shown ? `: ${shown}${hit.matchedApplets.length > 4 ? ', …' : ''}` : ''
  return `Remove ${hit.path} (${label}${applets})${linksNote(hit)}.`
}

/** A word for a shell command line: quoted when it holds anything the shell would read. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`
}
