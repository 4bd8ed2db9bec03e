// Content detection on real binaries (Debian's shells and BusyBox, a UPX-packed program) and on the same
// binaries with the bytes an attacker would change: a version string, a renamed applet, any single byte.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync, readdirSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import { MIN_TABLE_APPLETS, scanExecContent } from '../../src/image/exec-content.js'
import { MULTI_CALL_APPLETS, words } from '../../src/image/exec-vocabulary.js'
import { SHELL_NAMES } from '../../src/analysis/shells.js'
import { describeWithTools } from '../helpers/tools.js'

const which = (command: string) =>
  realpathSync(
    execFileSync('sh', ['-c', `command -v ${command}`])
      .toString()
      .trim()
  )
const binary = (command: string) => readFileSync(which(command))

/** A copy with `from` replaced by `to` (same length) at every occurrence, as a binary patch would. */
function patch(bytes: Buffer, from: string, to: string, occurrences = Infinity): Buffer {
  expect(to.length).toBe(from.length)
  const copy = Buffer.from(bytes)
  let count = 0
  for (let at = copy.indexOf(from); at >= 0 && count < occurrences; at = copy.indexOf(from, at + 1), count++)
    copy.write(to, at, 'latin1')
  expect(count).toBeGreaterThan(0)
  return copy
}

function flip(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes)
  copy[at] ^= 0x20
  return copy
}

const ELF_NOISE = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0xff, 0x13, 0x00, 0x8b, 0x45, 0xf8])
const table = (names: string[]) => Buffer.from(`\0${names.join('\0')}\0`, 'latin1')

describe('applet tables by structure', () => {
  const applets = words(MULTI_CALL_APPLETS).slice(0, 80)

  it('finds a sorted run of known applet names with no version string at all', () => {
    const content = scanExecContent(Buffer.concat([ELF_NOISE, table([...applets, 'sh'].sort()), ELF_NOISE]))
    expect(content.multiCall?.kind).toBe('busybox')
    expect(content.multiCall?.version).toBe('')
    expect(content.multiCall?.applets).toContain('sh')
  })

  it('keeps unknown names sorted between known ones, drops those out of order', () => {
    const names = [...applets.slice(0, 50), 'sh'].sort()
    const unknown = `${names[9]}-x`
    expect(unknown > names[9] && unknown < names[10]).toBe(true)
    const withUnknown = [...names.slice(0, 10), unknown, ...names.slice(10), 'aaa']
    const applet = scanExecContent(Buffer.concat([ELF_NOISE, table(withUnknown), ELF_NOISE])).multiCall
    expect(applet?.applets).toContain(unknown)
    expect(applet?.applets).not.toContain('aaa')
  })

  it(`needs ${MIN_TABLE_APPLETS} known names in order: fewer, or shuffled, is no table`, () => {
    const few = applets.slice(0, MIN_TABLE_APPLETS - 1)
    expect(scanExecContent(Buffer.concat([ELF_NOISE, table(few), ELF_NOISE])).multiCall).toBeUndefined()
    const shuffled = [...applets].sort((a, b) =>
      a.length === b.length ? (a < b ? 1 : -1) : a.length - b.length
    )
    expect(scanExecContent(Buffer.concat([ELF_NOISE, table(shuffled), ELF_NOISE])).multiCall).toBeUndefined()
  })

  it('keeps the version when the marker is there', () => {
    const marked = Buffer.concat([
      ELF_NOISE,
      Buffer.from('\0BusyBox v1.36.1 (2024)\0'),
      table(applets),
      ELF_NOISE
    ])
    expect(scanExecContent(marked).multiCall?.version).toBe('1.36.1')
  })
})

describeWithTools(['busybox'], "Debian's BusyBox", () => {
  const busybox = binary('busybox')
  const found = scanExecContent(busybox)

  it('is a multi-call binary with its applet table, its version and a shell by content', () => {
    expect(found.multiCall?.kind).toBe('busybox')
    expect(found.multiCall?.version).toMatch(/^1\.\d+\.\d+$/)
    expect(found.multiCall?.applets.length).toBeGreaterThan(200)
    expect(found.multiCall?.applets).toEqual(expect.arrayContaining(['ash', 'sh', 'ls', 'cat', 'wget']))
    expect(found.shell?.builtins).toEqual(expect.arrayContaining(['cd', 'export', 'getopts', 'readonly']))
    expect(found.packed).toBeUndefined()
  })

  it('is found the same when "BusyBox v" reads "BusyBoX v" (only the version is lost)', () => {
    const flipped = scanExecContent(patch(busybox, 'BusyBox v', 'BusyBoX v'))
    expect(flipped.multiCall?.applets).toEqual(found.multiCall?.applets)
    expect(flipped.multiCall?.version).toBe('')
    expect(flipped.shell).toBeDefined()
  })

  it('still has a shell when its sh and ash applets are renamed in the table', () => {
    // "ash" → "asg" and "sh" → "sg" keep the table sorted, so `busybox sg` runs the shell.
    const renamed = patch(patch(busybox, '\0ash\0', '\0asg\0', 1), '\0sh\0', '\0sg\0', 1)
    const content = scanExecContent(renamed)
    expect(content.multiCall?.applets).not.toContain('sh')
    expect(content.shell?.builtins).toEqual(found.shell?.builtins)
  })

  it('survives any single changed byte of its applet and builtin tables', () => {
    const text = busybox.toString('latin1')
    const tableAt = text.indexOf('\0[\0[[\0acpid\0')
    const builtinsAt = text.indexOf('\x002cd\0')
    expect(tableAt).toBeGreaterThan(0)
    expect(builtinsAt).toBeGreaterThan(0)
    for (let step = 0; step < 40; step++) {
      const tableByte = tableAt + 1 + ((step * 997) % 2000)
      expect(scanExecContent(flip(busybox, tableByte)).multiCall?.applets.length).toBeGreaterThan(200)
      const builtinByte = builtinsAt + 1 + ((step * 13) % 300)
      expect(scanExecContent(flip(busybox, builtinByte)).shell).toBeDefined()
    }
  })

  it('reads the same from chunks of any size (the carry joins what a boundary cuts)', () => {
    for (const chunk of [97, 1000, 4096, 100_000]) expect(scanExecContent(busybox, chunk)).toEqual(found)
  })
})

describeWithTools(['toybox'], "Debian's toybox", () => {
  it('is a toybox multi-call binary by its table (names interleaved with option strings)', () => {
    const content = scanExecContent(binary('toybox'))
    expect(content.multiCall?.kind).toBe('toybox')
    expect(content.multiCall?.applets.length).toBeGreaterThan(150)
    // Names that end another string (cat in bzcat, ls) are merged into it by the linker and not seen.
    expect(content.multiCall?.applets).toEqual(expect.arrayContaining(['basename', 'chgrp', 'xargs']))
    // Debian builds toybox without its shell.
    expect(content.multiCall?.applets).not.toContain('sh')
    expect(content.shell).toBeUndefined()
  })
})

describe('shells by content', () => {
  const shells = ['dash', 'bash', 'bash-static', 'mksh', 'zsh', 'ksh93', 'posh']
  for (const shell of shells) {
    describeWithTools([shell], shell, () => {
      const bytes = binary(shell)
      const found = scanExecContent(bytes)

      it('carries builtin, keyword and variable tables and expansion errors', () => {
        expect(found.shell?.builtins.length).toBeGreaterThanOrEqual(16)
        expect(found.shell?.messages.length).toBeGreaterThan(0)
        expect(found.multiCall).toBeUndefined()
        expect(found.packed).toBeUndefined()
      })

      it('survives a changed byte in each builtin, keyword and variable it was found by', () => {
        const { builtins, keywords, variables } = found.shell ?? { builtins: [], keywords: [], variables: [] }
        const places = [...builtins, ...keywords, ...variables]
          .map((name) => bytes.indexOf(`\0${name}\0`))
          .filter((at) => at >= 0)
        for (const at of places) expect(scanExecContent(flip(bytes, at + 1)).shell).toBeDefined()
      })

      it('survives one of its expansion errors changed', () => {
        const message = bytes.indexOf('ad substitution')
        expect(message).toBeGreaterThan(0)
        expect(scanExecContent(flip(bytes, message + 3)).shell).toBeDefined()
      })
    })
  }
})

describe('packed executables', () => {
  const packed = readFileSync(path.join(import.meta.dirname, '../../__fixtures__/binaries/hello.upx'))

  it('recognises UPX by its l_info mark', () => {
    expect(scanExecContent(packed).packed).toEqual({
      packer: 'UPX',
      evidence: "UPX's l_info mark (UPX!) after the program headers"
    })
  })

  it('still recognises it with every UPX mark and notice overwritten, by the unpacker shape', () => {
    const unmarked = patch(
      patch(packed, 'UPX!', 'ABC!'),
      '$Info: This file is packed with the UPX',
      '$Info: This file is p.cked with the UPX'
    )
    const content = scanExecContent(unmarked)
    expect(content.packed?.packer).toBe('')
    expect(content.packed?.evidence).toMatch(
      /^no section headers, and a segment that reserves \d+ bytes of memory for 4096 bytes of file$/
    )
  })

  it('recognises an AppImage by its ELF identification', () => {
    const appImage = Buffer.concat([
      Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0x41, 0x49, 2]),
      Buffer.alloc(200)
    ])
    expect(scanExecContent(appImage).packed?.packer).toBe('AppImage')
  })
})

/**
 * Ordinary programs: every ELF in this machine's /usr/bin and /usr/sbin (no shell names, no multi-call
 * binaries) must come out with nothing. The full corpus (/usr/lib too, 2,959 files) is in docs/content-detection.md.
 */
describe('ordinary ELF files', () => {
  const shellLike = (name: string) =>
    SHELL_NAMES.some(
      (shell) => name === shell || name.startsWith(`${shell}-`) || name.startsWith(`${shell}.`)
    ) ||
    // shcomp93 is ksh93's script compiler, linked with the whole of ksh93's interpreter.
    /^(busybox|toybox|ksh\d*|rbash|sh\d*|shcomp\d*)$/.test(name)
  const files: string[] = []
  for (const dir of ['/usr/bin', '/usr/sbin']) {
    for (const name of readdirSync(dir)) {
      const file = path.join(dir, name)
      const real = realpathSync(file)
      if (shellLike(name) || shellLike(path.basename(real)) || !statSync(real).isFile()) continue
      const head = Buffer.alloc(4)
      const bytes = readFileSync(real)
      bytes.copy(head, 0, 0, 4)
      if (head.toString('latin1') === '\x7fELF' && !files.includes(real)) files.push(real)
    }
  }

  it(`are none of shell, multi-call or packed (${files.length} files)`, () => {
    expect(files.length).toBeGreaterThan(100)
    const flagged = files.filter((file) => {
      const content = scanExecContent(readFileSync(file))
      return content.shell !== undefined || content.multiCall !== undefined || content.packed !== undefined
    })
    expect(flagged).toEqual([])
  })
})
