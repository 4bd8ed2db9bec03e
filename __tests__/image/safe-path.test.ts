import { describe, expect, it } from '@jest/globals'
import { normalisePath } from '../../src/image/safe-path.js'

describe('normalisePath', () => {
  it.each([
    ['a/b/c', '/a/b/c'],
    ['a/b/', '/a/b'],
    ['./a//b/./c/', '/a/b/c'],
    ['/etc/passwd', '/etc/passwd'],
    ['../../x', '/x'],
    ['a/../../b', '/b'],
    ['a/..', '/'],
    ['.', '/'],
    ['./', '/'],
    ['', '/'],
    ['..a/.b/...', '/..a/.b/...'],
    ['a/.', '/a']
  ])('%j → %j', (name, expected) => {
    expect(normalisePath(name)).toBe(expected)
  })
})
