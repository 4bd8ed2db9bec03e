import { describe, expect, it } from '@jest/globals'
import { detectMultiCall } from '../../src/image/exec-info.js'

const table = (names: string[]) => Buffer.from(names.map((name) => `${name}\0`).join(''), 'latin1')
const elfNoise = Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0xff, 0x13, 0x00, 0x8b, 0x45, 0xf8])
const binary = (...parts: Buffer[]) =>
  Buffer.concat([elfNoise, Buffer.from('\0BusyBox v1.36.1 (2024) multi-call binary.\0'), ...parts, elfNoise])
const APPLETS = ['[', '[[', 'ash', 'cat', 'ls', 'mount', 'sh', 'test', 'wget']

describe('detectMultiCall', () => {
  it('finds the applet table: the longest sorted run of NUL-terminated names, with the version', () => {
    const info = detectMultiCall(binary(table(['zz', 'aa', 'bb']), elfNoise, table(APPLETS)))
    expect(info).toEqual({ kind: 'busybox', version: '1.36.1', applets: APPLETS })
  })

  it('splits runs where the order breaks, where a name is longer than 32 bytes, and at a foreign byte', () => {
    const longName = 'x'.repeat(33)
    expect(
      detectMultiCall(binary(table([...APPLETS.slice(0, 5), longName, ...APPLETS.slice(5)])))?.applets
    ).toEqual([])
    const unsorted = detectMultiCall(
      binary(table([...APPLETS, 'a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9']))
    )
    expect(unsorted?.applets).toEqual(['a0', 'a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7', 'a8', 'a9'])
    const broken = Buffer.concat([table(APPLETS.slice(0, 4)), Buffer.from([0x01]), table(APPLETS.slice(4))])
    expect(detectMultiCall(binary(broken))?.applets).toEqual([])
  })

  it('does not start a name in the middle of a longer one', () => {
    const glued = Buffer.concat([Buffer.from('q'.repeat(40), 'latin1'), table(['a', ...APPLETS.slice(2)])])
    // Without the glued prefix this would be a 8-name run; with it the first name is 41 bytes long.
    expect(detectMultiCall(binary(glued))?.applets).toEqual([])
  })

  it('recognises toybox and reports nothing without a marker', () => {
    const toybox = Buffer.concat([
      elfNoise,
      Buffer.from('\0toybox\0toybox 0.8.11\0'),
      elfNoise,
      table(APPLETS)
    ])
    expect(detectMultiCall(toybox)).toEqual({ kind: 'toybox', version: '0.8.11', applets: APPLETS })
    expect(detectMultiCall(Buffer.concat([elfNoise, table(APPLETS)]))).toBeUndefined()
  })
})
