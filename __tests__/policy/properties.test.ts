// Properties over generated images and dates, with fast-check.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { dir, hardlink, imageFromLayers, multiCall, symlink } from '../../__fixtures__/image.js'
import { formatSize } from '../../src/common/size-format.js'
import { parseSize } from '../../src/policy/index.js'
import { parseDate } from '../../src/policy/values.js'
import { check, NOW } from '../../__fixtures__/policy.js'

const name = fc.constantFrom('sh', 'ash', 'ls', 'cat', 'bash', 'x', 'tool', 'dpkg')

describe('properties', () => {
  it('a busybox reached by any mix of hard links and symlink chains is reported exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.boolean(), name), { maxLength: 12 }),
        fc.boolean(),
        async (links, chain) => {
          const entries = [dir('/bin'), dir('/opt'), multiCall('/bin/busybox', ['ash', 'sh'])]
          const used = new Set(['/bin/busybox'])
          let previous = '/bin/busybox'
          links.forEach(([hard, base], index) => {
            const path = `/${index % 2 ? 'opt' : 'bin'}/${base}${index}`
            if (used.has(path)) return
            used.add(path)
            entries.push(
              hard ? hardlink(path, '/bin/busybox') : symlink(path, chain ? previous : '/bin/busybox')
            )
            if (!hard) previous = path
          })
          const result = await check(imageFromLayers([entries]), 'rules:\n  no-shell: true\n')
          expect(result.violations.map((violation) => violation.path)).toHaveLength(1)
          expect(result.violations[0].message).toMatch(
            /^BusyBox 1\.36\.1 multi-call binary providing ash, sh: \/(bin|opt)\//
          )
        }
      ),
      { numRuns: 60 }
    )
  })

  it('sizes parse as the unit says and format back within rounding', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom('B', 'kB', 'MB', 'GB', 'KiB', 'MiB', 'GiB'),
        (count, unit) => {
          const factor = { B: 1, kB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 }[unit]
          const bytes = parseSize(`${count}${unit}`)
          expect(bytes).toBe(count * factor)
          const [value, shown] = formatSize(bytes!, { precise: true }).split(' ')
          const back = parseSize(`${value}${shown}`)!
          expect(Math.abs(back - bytes!)).toBeLessThanOrEqual(Math.max(0.01 * bytes!, 1))
        }
      )
    )
    for (const bad of ['50mb', '5 MBs', '-1MB', '1e3', 'MB', '1.2.3MB'])
      expect(parseSize(bad)).toBeUndefined()
  })

  it('a waiver holds exactly through the end of its expiry day (UTC)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -3, max: 3 }), async (days) => {
        const day = new Date(NOW.getTime() + days * 86_400_000).toISOString().slice(0, 10)
        const image = imageFromLayers([[dir('/bin'), multiCall('/bin/busybox', ['sh'])]])
        const result = await check(
          image,
          `rules:\n  no-shell: true\nwaivers:\n  - rule: no-shell\n    reason: r\n    expires: ${day}\n`
        )
        const waived = result.violations.some((violation) => violation.waived !== undefined)
        expect(waived).toBe(days >= 0)
        expect(result.violations.some((violation) => violation.rule === 'expired-waiver')).toBe(days < 0)
      })
    )
  })

  it('rejects every impossible calendar date', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1970, max: 2100 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 31 }),
        (year, month, day) => {
          const text = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`
          const real = new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day
          expect(typeof parseDate(text) !== 'string').toBe(real)
        }
      )
    )
  })
})
