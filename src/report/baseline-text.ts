// What comparing with a baseline found, as the text report shows it: one line of sizes with a bar, the
// counts, the fixed violations and, for an image baseline, the diff. Every value from either image or
// the baseline report goes through printable().
import type { BaselineComparison, Change } from '../baseline/types.js'
import type { ImageDiff } from '../baseline/image-diff.js'
import type { Violation } from '../policy/types.js'
import { printable } from '../common/printable.js'
import { formatSize } from '../common/size-format.js'
import { truncate } from './format.js'

const TEXT_LIST = 5

/** "+1.2 MB", "-3 B", "±0 B". */
export function signedSize(delta: number): string {
  if (delta === 0) return '±0 B'
  return `${delta > 0 ? '+' : '-'}${formatSize(Math.abs(delta))}`
}

/** "+14.2%" of the baseline, or "" when the baseline was empty. */
export function percent(change: Change): string {
  if (change.before === 0) return ''
  const share = (change.delta / change.before) * 100
  return `${share >= 0 ? '+' : ''}${share.toFixed(1)}%`
}

/** "7.8 MB → 8.9 MB (+1.1 MB, +14.2%)". */
export function sizeChange(change: Change): string {
  const share = percent(change)
  return `${formatSize(change.before)} → ${formatSize(change.after)} (${signedSize(change.delta)}${share ? `, ${share}` : ''})`
}

/**
 * Two bars of `width` cells on one scale, then and now: `████████░░` reads faster than two numbers.
 * Eighth blocks give the bars' ends, so a change of a few percent still shows.
 */
export function sizeBars(change: Change, width = 20): [string, string] {
  const max = Math.max(change.before, change.after, 1)
  const bar = (value: number) => {
    const eighths = Math.round((value / max) * width * 8)
    const full = Math.floor(eighths / 8)
    const part = eighths % 8
    const partial = part > 0 ? '▏▎▍▌▋▊▉'[part - 1] : ''
    return `${'█'.repeat(full)}${partial}`.padEnd(width, ' ')
  }
  return [bar(change.before), bar(change.after)]
}

/** "new" or "existing", as the text report writes it beside a violation; "" without a baseline. */
export function baselineMark(violation: Violation): string {
  return violation.baseline === 'new' ? '[new] ' : violation.baseline === 'existing' ? '[existing] ' : ''
}

export function renderBaselineText(comparison: BaselineComparison): string[] {
  // A platform the baseline lacks has nothing to compare with: one line says so.
  if (comparison.absent !== undefined) return [`Baseline: ${printable(comparison.absent)}`, '']
  const [then, now] = sizeBars(comparison.size)
  const lines = [
    `Baseline ${printable(comparison.given)} (${comparison.kind === 'report' ? 'a report' : 'an image'} of ${printable(comparison.reference)}, ${printable(comparison.platform)})`,
    `  size        ${sizeChange(comparison.size)}`,
    `    then      ${then} ${formatSize(comparison.size.before)}`,
    `    now       ${now} ${formatSize(comparison.size.after)}`,
    `  compressed  ${sizeChange(comparison.compressedSize)}`,
    `  layers      ${comparison.layers.before} → ${comparison.layers.after}`,
    `  violations  ${comparison.new} new, ${comparison.existing} existing, ${comparison.fixed.length} fixed${comparison.newOnly ? ' (only new ones count: --new-only)' : ''}`
  ]
  for (const fixed of comparison.fixed.slice(0, TEXT_LIST))
    lines.push(`    fixed     ${printable(fixed.rule)}: ${printable(truncate(fixed.message, 120))}`)
  if (comparison.fixed.length > TEXT_LIST)
    lines.push(`    … ${comparison.fixed.length - TEXT_LIST} more fixed (in the JSON report)`)
  if (comparison.diff) lines.push(...diffLines(comparison.diff))
  return [...lines, '']
}

function diffLines(diff: ImageDiff): string[] {
  const lines = [
    diff.baseChanged
      ? '  base        changed: no leading layer in common with the baseline'
      : `  base        the same: the first ${diff.sharedLayers === 1 ? 'layer is' : `${diff.sharedLayers} layers are`} the baseline's`
  ]
  for (const layer of diff.layers) {
    if (layer.match === 'same') continue
    const what = printable(truncate(layer.createdBy || '(no history)', 70))
    const where =
      layer.match === 'removed' ? `baseline layer ${layer.baselineIndex ?? ''}` : `layer ${layer.index ?? ''}`
    const sizes =
      layer.match === 'added'
        ? `+${formatSize(layer.after ?? 0)}`
        : layer.match === 'removed'
          ? `-${formatSize(layer.before ?? 0)}`
          : `${formatSize(layer.before ?? 0)} → ${formatSize(layer.after ?? 0)}`
    lines.push(`  ${layer.match.padEnd(11)} ${where}: ${sizes}  ${what}`)
  }
  const files = (
    title: string,
    list: ImageDiff['files']['added'],
    show: (f: (typeof list.items)[number]) => string
  ) => {
    if (list.total === 0) return
    const shown = list.items.slice(0, TEXT_LIST).map(show).join(', ')
    const more = list.total > TEXT_LIST ? `, … ${list.total} in all` : ''
    lines.push(`  ${title.padEnd(11)} ${shown}${more}`)
  }
  files('added', diff.files.added, (f) => `${printable(f.path)} ${formatSize(f.after ?? 0)}`)
  files(
    'grown',
    diff.files.grown,
    (f) => `${printable(f.path)} ${signedSize((f.after ?? 0) - (f.before ?? 0))}`
  )
  files('removed', diff.files.removed, (f) => `${printable(f.path)} ${formatSize(f.before ?? 0)}`)
  const paths = (title: string, list: ImageDiff['newShells']) => {
    if (list.total === 0) return
    const more = list.total > TEXT_LIST ? `, … ${list.total} in all` : ''
    lines.push(`  ${title.padEnd(11)} ${list.items.slice(0, TEXT_LIST).map(printable).join(', ')}${more}`)
  }
  paths('new shell', diff.newShells)
  paths('new pkg mgr', diff.newPackageManagers)
  paths('new setid', diff.newSetuid)
  paths('new exec', diff.newExecutables)
  return lines
}
