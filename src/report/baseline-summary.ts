// The job summary's comparison with the baseline: sizes then → now with bars, the counts, the fixed
// violations and, for an image baseline, the diff. Bounded: every list stops at a few rows (the image
// diff keeps at most DIFF_LIST_LIMIT of each), so the section stays far below GitHub's 1 MiB.
import type { BoundedList, FileChange, ImageDiff } from '../baseline/image-diff.js'
import type { BaselineComparison, Change } from '../baseline/types.js'
import { formatSize } from '../common/size-format.js'
import { percent, signedSize, sizeBars } from './baseline-text.js'
import { truncate } from './format.js'

const FIXED_ROWS = 20
const LIST_ROWS = 10

type Escape = (text: string) => string

export function baselineSection(comparison: BaselineComparison, md: Escape, code: Escape): string {
  if (comparison.absent !== undefined) return `### Compared with the baseline\n\n${md(comparison.absent)}\n`
  const row = (name: string, change: Change, bytes: boolean) => {
    const show = bytes ? formatSize : String
    const [then, now] = sizeBars(change, 16)
    const share = percent(change)
    const delta = bytes ? signedSize(change.delta) : `${change.delta > 0 ? '+' : ''}${change.delta}`
    return `| ${name} | ${show(change.before)} | ${show(change.after)} | ${delta}${share ? ` (${share})` : ''} | <code>${then.trimEnd()}</code><br><code>${now.trimEnd()}</code> |`
  }
  const parts = [
    `### Compared with the baseline`,
    '',
    `${code(comparison.given)}: ${comparison.kind === 'report' ? 'a report' : 'an image'} of **${md(comparison.reference)}** (${md(comparison.platform)}). **${comparison.new} new**, ${comparison.existing} existing, ${comparison.fixed.length} fixed${comparison.newOnly ? '; only new violations count toward the gate (new-only)' : ''}.`,
    '',
    '| | Baseline | Now | Change | Then / now |',
    '|---|---|---|---|---|',
    row('Size', comparison.size, true),
    row('Compressed', comparison.compressedSize, true),
    row('Layers', comparison.layers, false),
    ''
  ]
  if (comparison.fixed.length > 0) {
    parts.push(
      `#### Fixed (${comparison.fixed.length})`,
      '',
      '| Rule | Path | Message |',
      '|---|---|---|',
      ...comparison.fixed
        .slice(0, FIXED_ROWS)
        .map(
          (v) =>
            `| ${md(v.rule)} | ${v.path ? code(truncate(v.path, 200)) : ''} | ${md(truncate(v.message, 200))} |`
        ),
      comparison.fixed.length > FIXED_ROWS
        ? `\n${comparison.fixed.length - FIXED_ROWS} more in the JSON report.\n`
        : ''
    )
  }
  if (comparison.diff) parts.push(diffSection(comparison.diff, code))
  return parts.join('\n')
}

function diffSection(diff: ImageDiff, code: Escape): string {
  const parts = [
    diff.baseChanged
      ? '**Base image changed**: no leading layer is the same as the baseline’s.'
      : `Base image unchanged: the first ${diff.sharedLayers} ${diff.sharedLayers === 1 ? 'layer is' : 'layers are'} the baseline’s (same diff IDs).`,
    ''
  ]
  const changed = diff.layers.filter((layer) => layer.match !== 'same')
  if (changed.length > 0) {
    parts.push(
      '| Layer | Change | Baseline | Now | Created by |',
      '|---|---|---|---|---|',
      ...changed
        .slice(0, 50)
        .map(
          (l) =>
            `| ${l.index ?? `(was ${l.baselineIndex ?? ''})`} | ${l.match === 'instruction' ? 'rebuilt' : l.match} | ${l.before !== undefined ? formatSize(l.before) : ''} | ${l.after !== undefined ? formatSize(l.after) : ''} | ${code(truncate(l.createdBy || '(no history)', 100))} |`
        ),
      ''
    )
  }
  const files = (title: string, list: BoundedList<FileChange>, size: (f: FileChange) => string) => {
    if (list.total === 0) return
    parts.push(
      `| ${title} (${list.total}) | Size |`,
      '|---|---|',
      ...list.items.slice(0, LIST_ROWS).map((f) => `| ${code(truncate(f.path, 200))} | ${size(f)} |`),
      ''
    )
  }
  files('Largest files added', diff.files.added, (f) => formatSize(f.after ?? 0))
  files(
    'Files grown most',
    diff.files.grown,
    (f) =>
      `${formatSize(f.before ?? 0)} → ${formatSize(f.after ?? 0)} (${signedSize((f.after ?? 0) - (f.before ?? 0))})`
  )
  files('Largest files removed', diff.files.removed, (f) => formatSize(f.before ?? 0))
  const paths = (title: string, list: BoundedList<string>) => {
    if (list.total === 0) return
    const shown = list.items.slice(0, LIST_ROWS).map((p) => code(truncate(p, 200)))
    const more = list.total > LIST_ROWS ? `, and ${list.total - LIST_ROWS} more` : ''
    parts.push(`- **${title}** (${list.total}): ${shown.join(', ')}${more}`)
  }
  paths('New shells', diff.newShells)
  paths('New package managers', diff.newPackageManagers)
  paths('New setuid/setgid files', diff.newSetuid)
  paths('New executables', diff.newExecutables)
  parts.push('')
  return parts.join('\n')
}
