// Globs (forbidden-paths, required-paths, allow lists, waivers) match any character a name can hold.
import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { compileGlob, compileReferenceGlob, type Glob } from '../../src/policy/values.js'
import { executable, file, imageFromLayers } from '../../__fixtures__/image.js'
import { check, paths } from '../../__fixtures__/policy.js'

function glob(pattern: string): Glob {
  const compiled = compileGlob(pattern)
  if (typeof compiled === 'string') throw new Error(compiled)
  return compiled
}

/** One path segment: any characters at all (line breaks, U+2028, lone surrogates), but no "/". */
const segmentUnit = fc.oneof(
  fc.constantFrom('\n', '\r', '\u2028', '\u2029', '\x85', '\0', '\x1b', '\ud800', '\udc80', '😀', ' ', '.'),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }),
  fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code))
)
const segment = fc
  .string({ unit: segmentUnit, minLength: 1, maxLength: 8 })
  .filter((s) => !s.includes('/') && s !== '.' && s !== '..')

describe('globs over names with any character', () => {
  it('match line breaks and separators where picomatch alone would not', () => {
    const dockerConfig = glob('**/.docker/config.json')
    for (const name of [
      '/home/u\u2028/.docker/config.json',
      '/home/u\n/.docker/config.json',
      '/home/u\r/.docker/config.json',
      '/home/\u2029/.docker/config.json',
      '/a\nb/c\rd/.docker/config.json'
    ])
      expect(dockerConfig.matches(name)).toBe(true)
    expect(glob('/etc/*.conf').matches('/etc/\nx.conf')).toBe(true)
    expect(glob('/a/?/b').matches('/a/\n/b')).toBe(true)
    expect(glob('/a/?/b').matches('/a/😀/b')).toBe(true)
    expect(glob('/a/?/b').matches('/a/xy/b')).toBe(false)
    expect(glob('/root/.ssh/**').matches('/root/.ssh/\u2028id')).toBe(true)
    const reference = compileReferenceGlob('gcr.io/distroless/**')
    expect(typeof reference !== 'string' && reference.matches('gcr.io/distroless/a\nb')).toBe(true)
  })

  it('property: ** matches every path, * every segment, ? every single character', () => {
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), (segments) => {
        const path = `/${segments.join('/')}`
        expect(glob('/**').matches(path)).toBe(true)
        expect(glob(`/${segments.map(() => '*').join('/')}`).matches(path)).toBe(true)
        expect(glob(`**/${'*'}`).matches(path)).toBe(true)
        expect(glob('**/.docker/config.json').matches(`${path}/.docker/config.json`)).toBe(true)
        expect(glob('/x/*/config.json').matches(`/x/${segments[0]}/config.json`)).toBe(true)
        const chars = [...segments[0]]
        expect(glob(`/x/${chars.map(() => '?').join('')}`).matches(`/x/${segments[0]}`)).toBe(true)
        // And still no more than that: a segment never matches across "/".
        expect(glob('/x/*').matches(`/x/${segments[0]}/y`)).toBe(false)
      }),
      { numRuns: 2000 }
    )
  })

  it('forbidden-paths and no-shell allow lists see such names', async () => {
    const image = imageFromLayers([
      [
        file('/home/u\u2028/.docker/config.json', '{}'),
        file('/home/v\n/.docker/config.json', '{}'),
        executable('/opt/a\u2029b/sh')
      ]
    ])
    const forbidden = await check(image, 'rules:\n  forbidden-paths: ["**/.docker/config.json"]\n')
    expect(paths(forbidden, 'forbidden-paths').sort()).toEqual([
      '/home/u\u2028/.docker/config.json',
      '/home/v\n/.docker/config.json'
    ])
    const allowed = await check(image, 'rules:\n  no-shell: { allow: ["/opt/**"] }\n')
    expect(paths(allowed, 'no-shell')).toEqual([])
  })
})

describe('globs that end in backslashes', () => {
  // picomatch never returns from a pattern that ends in four or more backslashes; such a pattern in a
  // policy (which a pull request can change) must be refused in one line, not hang the job.
  it.each([4, 5, 8, 33])('refuses a pattern ending in %i backslashes', (count) => {
    const pattern = `/opt/a${'\\'.repeat(count)}`
    expect(compileGlob(pattern)).toMatch(/ends in a run of backslashes .*write a literal backslash as \[\\\]/)
    expect(compileReferenceGlob(`registry.example/app${'\\'.repeat(count)}`)).toEqual(expect.any(String))
  })

  it('still reads shorter runs, inner runs, and the bracket form it suggests', () => {
    expect(glob('/opt/a\\\\').matches('/opt/a\\')).toBe(true)
    expect(typeof compileGlob('/opt/a\\\\\\\\b')).toBe('object') // picomatch merges inner runs: its reading
    expect(glob('/opt/a[\\\\][\\\\]').matches('/opt/a\\\\')).toBe(true)
    expect(glob('/opt/a[\\\\][\\\\]').matches('/opt/a\\')).toBe(false)
  })

  it('property: every pattern of backslashes, slashes and glob characters returns', () => {
    const unit = fc.constantFrom(
      '/',
      '\\',
      'a',
      '*',
      '[',
      ']',
      '{',
      '}',
      '(',
      ')',
      '!',
      '?',
      ',',
      '.',
      '+',
      '@'
    )
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 12 }), (tail) => {
        const compiled = compileGlob(`/${tail}`)
        expect(typeof compiled === 'string' || typeof compiled.matches('/x') === 'boolean').toBe(true)
      }),
      { numRuns: 2000 }
    )
  })
})
