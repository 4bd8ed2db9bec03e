// Hostile layer entries, each with its expected outcome: names that try to leave the root, tar
// numbers that lie, links that go nowhere or loop, and shapes built to exhaust time or memory.
import { describe, expect, it } from '@jest/globals'
import { dockerOciArchive, rawImage } from '../../__fixtures__/archive.js'
import { describeOutcome, readOutcome, type Outcome } from './support/outcome.js'
import { entry, gnuLongName, header, paxEntry, tar, withChecksum } from '../../__fixtures__/tar.js'
import type { ReadOptions } from '../../src/image/read.js'
import type { Image } from '../../src/image/types.js'

async function readLayers(layers: Buffer[], options: ReadOptions = {}): Promise<Outcome> {
  return readOutcome(await dockerOciArchive([rawImage({ layers })]), options)
}

async function expectImage(layers: Buffer[], options: ReadOptions = {}): Promise<Image> {
  const outcome = await readLayers(layers, options)
  if (outcome.kind !== 'image') throw new Error(`expected an image, got ${describeOutcome(outcome)}`)
  return outcome.image
}

async function expectError(layers: Buffer[], pattern: RegExp, options: ReadOptions = {}): Promise<string> {
  const outcome = await readLayers(layers, options)
  if (outcome.kind !== 'error') throw new Error(`expected an input error, got ${describeOutcome(outcome)}`)
  expect(outcome.message).toMatch(pattern)
  return outcome.message
}

const paths = (image: Image) => [...image.fs.entries()].map((entry) => entry.path)
const file = (name: string | Buffer, body = 'x') => entry({ name }, body)
const dir = (name: string) => entry({ name, typeflag: '5', mode: 0o755 })
const symlink = (name: string, target: string) => entry({ name, typeflag: '2', linkname: target })
const hardlink = (name: string, target: string) => entry({ name, typeflag: '1', linkname: target })
const paxFile = (path: string | Buffer, body = 'x') =>
  Buffer.concat([paxEntry({ path }), file('ignored', body)])

describe('entry names never leave the image root', () => {
  it.each([
    ['../../x', '/x'],
    ['/etc/passwd', '/etc/passwd'],
    ['./././a/./b', '/a/b'],
    ['a/../../../../b', '/b'],
    ['.//..//.//c', '/c']
  ])('%s becomes %s', async (name, path) => {
    const image = await expectImage([tar(file(name))])
    expect(image.fs.lstat(path)?.inode.type).toBe('file')
    for (const entryPath of paths(image)) expect(entryPath.startsWith('/')).toBe(true)
    expect(paths(image).some((entryPath) => entryPath.includes('..'))).toBe(false)
  })

  it('cuts a name field at NUL, refuses NUL in a PAX path (as Go does), keeps non-UTF-8 bytes', async () => {
    const image = await expectImage([
      tar(file('etc/evil\0../../x'), file(Buffer.from([0x65, 0x2f, 0xff, 0xfe, 0x2f, 0x2e, 0x2e])))
    ])
    expect(image.fs.lstat('/etc/evil')?.inode.type).toBe('file')
    expect(paths(image).every((path) => path.startsWith('/'))).toBe(true)
    expect(image.fs.lstat('/e/\udcff\udcfe')).toBeUndefined() // "e/\xff\xfe/.." is "e"
    expect(image.fs.lstat('/e')?.inode.type).toBe('file')
    await expectError([tar(paxFile('etc/evil\0../../x'))], /malformed PAX record: NUL in path/)
  })

  it('keeps names that differ only in invalid UTF-8 apart', async () => {
    const image = await expectImage([
      tar(file(Buffer.from('bin/sh\xff', 'latin1'), 'one'), file(Buffer.from('bin/sh\xfe', 'latin1'), 'two!'))
    ])
    expect(image.fs.lstat('/bin/sh\udcff')?.inode.size).toBe(3)
    expect(image.fs.lstat('/bin/sh\udcfe')?.inode.size).toBe(4)
  })

  it('reads paths up to 4096 bytes and components up to 255, refusing longer ones by their flag', async () => {
    const component = 'a'.repeat(255)
    const long = `${'a'.repeat(200)}/`.repeat(20) + 'f'.repeat(75) // with the leading "/", 4096 bytes
    const image = await expectImage([tar(paxFile(long), paxFile('c'.repeat(255)))])
    expect(image.fs.lstat('/' + long)?.inode.type).toBe('file')
    expect(image.fs.lstat('/' + 'c'.repeat(255))?.inode.type).toBe('file')
    await expectError(
      [tar(paxFile(long + 'b'))],
      /path of 4097 bytes, over the limit of 4096 \(limit --max-path-bytes; Linux refuses/
    )
    await expectError([tar(gnuLongName(long + 'b'), file('ignored'))], /--max-path-bytes/)
    await expectError(
      [tar(paxFile(`d/${component}b/f`))],
      /path component "a+…" of 256 bytes, over the limit of 255 \(limit --max-path-component-bytes/
    )
    // Bytes, not UTF-16 units: 128 two-byte characters are 256 bytes, 256 invalid bytes 256 too.
    await expectError([tar(paxFile('é'.repeat(128)))], /of 256 bytes, .*--max-path-component-bytes/)
    await expectError([tar(paxFile(Buffer.alloc(256, 0xff)))], /of 256 bytes, .*--max-path-component-bytes/)
    const accented = await expectImage([tar(paxFile('é'.repeat(127)))])
    expect(accented.fs.lstat('/' + 'é'.repeat(127))?.inode.type).toBe('file')
  })

  it('caps link targets at 4096 bytes and charges them, and whiteouts by the path they remove', async () => {
    const target = 't/'.repeat(2048)
    await expectImage([tar(Buffer.concat([paxEntry({ linkpath: target }), symlink('l', 'x')]))])
    await expectError(
      [tar(Buffer.concat([paxEntry({ linkpath: target + 't' }), symlink('l', 'x')]))],
      /symlink at byte \d+ has a target of 4097 bytes, over the limit of 4096 \(limit --max-link-target-bytes/
    )
    await expectError(
      [tar(file('x'), Buffer.concat([paxEntry({ linkpath: 'x'.repeat(256) }), hardlink('h', 'x')]))],
      /hard link target component .* of 256 bytes/
    )
    // Docker writes the whiteout of a 255-byte name as a 259-byte name: the removed path is what counts.
    const name = 'w'.repeat(255)
    const image = await expectImage([tar(file(name)), tar(paxFile(`.wh.${name}`))])
    expect(image.fs.lstat('/' + name)).toBeUndefined()
    await expectError([tar(paxFile(`.wh.${name}w`))], /--max-path-component-bytes/)
    const whiteouts = Array.from({ length: 50 }, (_, i) => paxFile(`${'d/'.repeat(100)}.wh.${i}`))
    await expectError([tar(...whiteouts)], /bytes kept in memory past 10000 .*--max-retained-bytes/, {
      limits: { maxRetainedBytes: 10_000 }
    })
    const opaque = Array.from({ length: 50 }, (_, i) => paxFile(`${'o/'.repeat(100)}${i}/.wh..wh..opq`))
    await expectError([tar(...opaque)], /--max-retained-bytes/, { limits: { maxRetainedBytes: 10_000 } })
  })

  it('resolves symlinks that climb out of the root inside the root', async () => {
    const image = await expectImage([
      tar(dir('etc/'), file('etc/shadow', 'root:x'), symlink('a/b/escape', '../../../../../../etc/shadow'))
    ])
    expect(image.fs.stat('/a/b/escape')?.path).toBe('/etc/shadow')
    expect(image.fs.resolve('/a/b/escape/../../x')).toMatchObject({ ok: false })
  })
})

describe('links', () => {
  it('a hard link to nowhere is an error naming both paths', async () => {
    await expectError(
      [tar(hardlink('bin/sh', 'bin/busybox'))],
      /hard link \/bin\/sh points to \/bin\/busybox, which is not in the image/
    )
    await expectError([tar(hardlink('me', 'me'))], /hard link \/me points to \/me/)
    await expectError([tar(dir('d/'), hardlink('d2', 'd'))], /which is a directory/)
    // A link may only name an entry written before it, as link(2) in Docker's unpack requires.
    await expectError([tar(hardlink('early', 'late'), file('late'))], /hard link \/early points to \/late/)
  })

  it('symlink chains stop at 40 hops and loops are detected', async () => {
    const chain = Array.from({ length: 1000 }, (_, i) => symlink(`l${i}`, i === 999 ? 'target' : `l${i + 1}`))
    const image = await expectImage([
      tar(
        file('target'),
        ...chain,
        symlink('a', 'b'),
        symlink('b', 'a'),
        symlink('self', 'self'),
        symlink('d', 'd/x')
      )
    ])
    expect(image.fs.resolve('/l0')).toMatchObject({ ok: false, reason: 'too-many-hops' })
    expect(image.fs.stat('/l960')?.path).toBe('/target')
    for (const loop of ['/a', '/self', '/d', '/a/x/y'])
      expect(image.fs.resolve(loop)).toMatchObject({ ok: false })
    expect(image.fs.stat('/a')).toBeUndefined()
  })

  it('a later layer writing through a looping symlink replaces it with a directory', async () => {
    const image = await expectImage([tar(symlink('loop', 'loop')), tar(file('loop/file'))])
    expect(image.fs.lstat('/loop')?.inode.type).toBe('dir')
    expect(image.fs.lstat('/loop/file')?.inode.type).toBe('file')
  })
})

describe('duplicates and odd kinds', () => {
  it('the last of duplicate entries wins, as when unpacking', async () => {
    const image = await expectImage([
      tar(file('f', 'first'), file('f', 'second!'), dir('d/'), dir('d/'), file('x'), dir('x/'), file('x/y'))
    ])
    expect(image.fs.lstat('/f')?.inode.size).toBe(7)
    expect(image.fs.lstat('/x')?.inode.type).toBe('dir')
    expect(image.fs.readdir('/x')).toEqual(['y'])
  })

  it('a directory replaced by a file, then written into again, is refused as Docker refuses it', async () => {
    await expectError(
      [tar(dir('a/'), file('a/x'), file('a'), file('a/y'))],
      /^layer 0: \/a\/y goes through \/a, a file the same layer wrote; Docker refuses such a layer$/
    )
  })

  it('keeps devices and fifos, and odd whiteout names stay inside the root', async () => {
    const image = await expectImage([
      tar(
        file('etc/keep'),
        entry({ name: 'dev/null', typeflag: '3', devmajor: 1, devminor: 3 }),
        entry({ name: 'p', typeflag: '6' })
      ),
      tar(file('.wh..wh..opq/x'), file('../../etc/.wh.missing'))
    ])
    expect(image.fs.lstat('/dev/null')?.inode.type).toBe('char')
    expect(image.fs.lstat('/p')?.inode.type).toBe('fifo')
    expect(image.fs.lstat('/etc/keep')?.inode.type).toBe('file')
    expect(image.fs.lstat('/.wh..wh..opq/x')?.inode.type).toBe('file')
    // A whiteout of no name cannot be made (mknod of its directory), so overlay2 refuses it.
    await expectError([tar(file('a')), tar(file('../.wh.'))], /^layer 1: whiteout of \/ names no file/)
  })

  it('reads a 0:0 character device as the whiteout overlayfs takes it for', async () => {
    const image = await expectImage([
      tar(dir('bin/'), file('bin/busybox', 'BB'), file('bin/keep')),
      tar(entry({ name: 'bin/busybox', typeflag: '3', devmajor: 0, devminor: 0 }))
    ])
    expect(image.fs.readdir('/bin')).toEqual(['keep'])
    expect(image.hidden.map((copy) => [copy.path, copy.hiddenBy, copy.reason])).toEqual([
      ['/bin/busybox', 1, 'deleted']
    ])
  })

  it('refuses an entry that sets an attribute overlayfs reads (opaque, redirect, metacopy)', async () => {
    for (const key of ['trusted.overlay.redirect', 'trusted.overlay.opaque', 'user.overlay.metacopy']) {
      await expectError(
        [
          tar(dir('real/'), file('real/busybox')),
          tar(Buffer.concat([paxEntry({ [`SCHILY.xattr.${key}`]: '/real' }), dir('decoy/')]))
        ],
        new RegExp(
          `entry /decoy at byte \\d+ sets the extended attribute ${key.replace(/\./g, '\\.')}, which overlayfs reads`
        )
      )
    }
    // Other attributes are not the merge's business.
    await expectImage([tar(Buffer.concat([paxEntry({ 'SCHILY.xattr.user.mime': 'x' }), dir('d/')]))])
  })

  it('refuses entry types Docker does not know, naming the entry, its byte and its type', async () => {
    await expectError(
      [tar(file('ok'), entry({ name: 'sparse', typeflag: 'S' }, 'abc'))],
      /entry sparse at byte 1024 is a GNU sparse file \(type 'S'\), which is not read/
    )
    await expectError([tar(entry({ name: 'cont', typeflag: '7' }, 'abc'))], /unsupported tar type '7'/)
    await expectError([tar(entry({ name: 'vol', typeflag: 'V' }))], /unsupported tar type 'V'/)
  })
})

describe('numbers that lie', () => {
  it('a huge base-256 size with the stream cut short', async () => {
    const lying = header({ name: 'huge', size: 2 ** 50, base256Size: true })
    await expectError(
      [Buffer.concat([lying, Buffer.alloc(4096)])],
      /stream ends inside the body of the entry that starts at byte 0/
    )
  })

  it('negative and oversized base-256 numbers', async () => {
    const negative = header({ name: 'neg', size: 1 })
    negative.fill(0xff, 124, 136)
    await expectError([tar(withChecksum(negative))], /invalid tar header at byte 0: negative size -1/)
    const huge = header({ name: 'huge' })
    huge.fill(0x7f, 124, 136)
    huge[124] = 0x80 | 0x3f
    await expectError(
      [tar(withChecksum(huge))],
      /invalid tar header at byte 0: base-256 size field overflows 64 bits/
    )
  })

  it('an owner no Linux file can have: negative, or past 32 bits', async () => {
    const negative = header({ name: 'bin/sh' })
    negative.fill(0xff, 108, 116)
    await expectError(
      [tar(withChecksum(negative))],
      /entry bin\/sh at byte 0 has uid -1 and gid 0: a Linux owner is 0 to 4294967294/
    )
    await expectError([tar(paxEntry({ gid: '4294967296' }), file('bin/sh'))], /has uid 0 and gid 4294967296/)
    const image = await expectImage([tar(paxEntry({ uid: '4294967294', gid: '+7' }), file('bin/sh'))])
    expect(image.fs.lstat('/bin/sh')).toMatchObject({ inode: { uid: 4294967294, gid: 7 } })
  })

  it('a bad checksum, a bad PAX size, a malformed PAX record', async () => {
    const bad = header({ name: 'bad' })
    bad[0] ^= 1
    await expectError(
      [tar(file('a'), bad)],
      /layer .*: invalid tar header at byte 1024: header checksum does not match/
    )
    await expectError(
      [tar(paxEntry({ size: 'lots' }), file('a'))],
      /invalid PAX size "lots" for entry at byte 1024/
    )
    await expectError(
      [tar(entry({ name: 'P', typeflag: 'x' }, '99999 path=x\n'), file('a'))],
      /malformed PAX record length/
    )
  })

  it('a PAX header over the limit names the limit, and over 1 MiB is refused as Go refuses it', async () => {
    const big = header({ name: 'P', typeflag: 'x', size: 1001 })
    await expectError(
      [Buffer.concat([big, Buffer.alloc(2048)])],
      /over the limit of 1000 \(limit --max-tar-meta-bytes\)/,
      { limits: { maxTarMetaBytes: 1000 } }
    )
    const huge = header({ name: 'P', typeflag: 'x', size: 2 ** 20 + 1 })
    await expectError(
      [Buffer.concat([huge, Buffer.alloc(1024)])],
      /is 1048577 bytes, over the limit of 1048576, the most Go's archive\/tar \(and so Docker\) reads/,
      { limits: { maxTarMetaBytes: 2 ** 24 } }
    )
  })

  it('a layer cut inside a header', async () => {
    await expectError(
      [Buffer.concat([file('a'), header({ name: 'b' }).subarray(0, 300)])],
      /stream ends inside a header that starts at byte 1024/
    )
  })
})

describe('shapes built to exhaust time or memory', () => {
  it('a chain of 10,000 nested directories, and 2,000 written one entry each', async () => {
    const deep = 'd/'.repeat(10_000)
    const climb = '../'.repeat(10_000)
    const image = await expectImage(
      [
        tar(
          paxFile(`${deep}bottom`),
          Buffer.concat([paxEntry({ path: `${deep}up`, linkpath: `${climb}etc/x` }), symlink('u', 'x')]),
          file('etc/x')
        )
      ],
      { limits: { maxPathBytes: 2 ** 16, maxLinkTargetBytes: 2 ** 16 } }
    )
    expect(image.fs.lstat(`/${deep}bottom`)?.inode.type).toBe('file')
    expect(image.fs.stat(`/${deep}up`)?.path).toBe('/etc/x')
    expect(image.fs.entryCount).toBe(10_004)
    let path = ''
    const levels: Buffer[] = []
    for (let level = 0; level < 2_000; level++) {
      path += 'd/'
      levels.push(Buffer.concat([paxEntry({ path }), header({ name: 'x', typeflag: '5' })]))
    }
    const levelsRead = await expectImage([tar(...levels)], { limits: { maxPathBytes: 2 ** 16 } })
    expect(levelsRead.fs.entryCount).toBe(2_000)
  })

  it('entries over --max-entries, in one layer or through a blob named many times', async () => {
    const files = Array.from({ length: 50 }, (_, i) => file(`f${i}`))
    await expectError(
      [tar(...files, ...files, ...files)],
      /more than 100 entries in the image \(limit --max-entries\)/,
      {
        limits: { maxEntries: 100 }
      }
    )
    const layer = tar(...files)
    const built = rawImage({ layers: [layer, layer, layer] })
    const outcome = await readOutcome(await dockerOciArchive([built]), { limits: { maxEntries: 100 } })
    expect(describeOutcome(outcome)).toMatch(
      /layers hold 150 entries, over the limit of 100 \(limit --max-entries\)/
    )
  })

  it('names, link targets and captured bytes count against --max-retained-bytes', async () => {
    const longNames = Array.from({ length: 20 }, (_, i) => paxFile(`${'n/'.repeat(500)}${i}`))
    await expectError([tar(...longNames)], /bytes kept in memory past 10000 .*limit --max-retained-bytes/, {
      limits: { maxRetainedBytes: 10_000 }
    })
    const targets = Array.from({ length: 20 }, (_, i) =>
      Buffer.concat([paxEntry({ linkpath: 't'.repeat(1000) }), symlink(`l${i}`, 'x')])
    )
    await expectError([tar(...targets)], /--max-retained-bytes/, { limits: { maxRetainedBytes: 10_000 } })
    const captured = Array.from({ length: 20 }, (_, i) => file(`c${i}`, 'c'.repeat(1000)))
    await expectError([tar(...captured)], /--max-retained-bytes/, {
      limits: { maxRetainedBytes: 10_000 },
      capture: () => 4096
    })
  })
})
