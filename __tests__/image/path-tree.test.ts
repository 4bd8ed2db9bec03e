import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { LayerEntryTable, type LayerRow } from '../../src/image/layer-table.js'
import { NarrowColumn } from '../../src/image/narrow-column.js'
import { NONE, PathTree, ROOT } from '../../src/image/path-tree.js'
import { parentPath } from '../../src/image/safe-path.js'
import type { LayerEntry } from '../../src/image/types.js'

/** Names kept as bytes (ASCII, Latin-1 'é') and as strings aside (units past 255), and a prefix of another. */
const NAMES = ['a', 'b', 'ab', 'long-name-over-13-chars', 'é', '名前', 'a名', ''] as const

describe('PathTree', () => {
  it('finds children by (parent, name) like a map does, through adds, removals and rehashes', () => {
    const op = fc.oneof(
      fc.record({
        add: fc.constant(true),
        dir: fc.nat(3),
        name: fc.constantFrom(...NAMES)
      }),
      fc.record({
        add: fc.constant(false),
        dir: fc.nat(3),
        name: fc.constantFrom(...NAMES)
      })
    )
    fc.assert(
      fc.property(fc.array(op, { maxLength: 3000 }), (ops) => {
        const tree = new PathTree()
        const dirs = [ROOT]
        const model = new Map<string, number>()
        for (let index = 0; index < 3; index++) {
          const dir = tree.addChild(ROOT, `d${index}`, tree.inodes.add('dir', 0o755, 0, 0, 0, 0), 0)
          dirs.push(dir)
          model.set(`${ROOT}/d${index}`, dir)
        }
        let serial = 0
        for (const { add, dir, name } of ops) {
          const key = `${dirs[dir]}/${name}`
          const existing = model.get(key)
          if (existing !== undefined) {
            tree.kill(existing)
            model.delete(key)
          }
          if (add) {
            const file = tree.inodes.add('file', 0o644, 0, 0, serial++, 0)
            model.set(key, tree.addChild(dirs[dir], name, file, 0))
          }
        }
        for (const dir of dirs) {
          for (const name of NAMES) {
            expect(tree.child(dir, name)).toBe(model.get(`${dir}/${name}`) ?? NONE)
          }
          const live = [...model].filter(([key]) => key.startsWith(`${dir}/`)).map(([, node]) => node)
          expect(tree.children(dir).sort((x, y) => x - y)).toEqual(live.sort((x, y) => x - y))
        }
      }),
      { numRuns: 60 }
    )
  })

  it('holds 100,000 children of one directory and spells out paths of removed nodes', () => {
    const tree = new PathTree()
    tree.reserve(10)
    const dir = tree.addChild(ROOT, 'many', tree.inodes.add('dir', 0o755, 0, 0, 0, 0), 0)
    const nodes: number[] = []
    for (let index = 0; index < 100_000; index++) {
      nodes.push(tree.addChild(dir, `f${index}`, tree.inodes.add('file', 0o644, 0, 0, index, 0), 0))
    }
    for (let index = 0; index < 100_000; index += 2) tree.kill(nodes[index])
    expect(tree.child(dir, 'f99999')).toBe(nodes[99_999])
    expect(tree.child(dir, 'f99998')).toBe(NONE)
    expect(tree.children(dir)).toHaveLength(50_000)
    expect(tree.isAlive(nodes[0])).toBe(false)
    expect(tree.pathOf(nodes[0])).toBe('/many/f0')
    expect(tree.inodes.size(tree.inode(nodes[12_345]))).toBe(12_345)
  })

  it('gives names back exactly and orders them as strings compare, whatever their units', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 200 }), (names) => {
        const tree = new PathTree()
        const nodes = names.map((name, index) =>
          tree.addChild(ROOT, name, tree.inodes.add('file', 0o644, 0, 0, index, 0), 0)
        )
        nodes.forEach((node, index) => expect(tree.name(node)).toBe(names[index]))
        const byTree = [...nodes].sort((a, b) => tree.compareNames(a, b)).map((node) => tree.name(node))
        expect(byTree).toEqual([...names].sort())
      }),
      { numRuns: 100 }
    )
  })

  it('keeps names past its first pool of bytes, and finds them after the hash grows', () => {
    const tree = new PathTree()
    const long = 'x'.repeat(200)
    const nodes: number[] = []
    for (let index = 0; index < 2000; index++) {
      nodes.push(tree.addChild(ROOT, `${long}${index}`, tree.inodes.add('file', 0o644, 0, 0, index, 0), 0))
    }
    expect(tree.name(nodes[1999])).toBe(`${long}1999`)
    expect(tree.child(ROOT, `${long}0`)).toBe(nodes[0])
    expect(tree.child(ROOT, `${long}1999`)).toBe(nodes[1999])
    expect(tree.child(ROOT, long)).toBe(NONE)
    expect(tree.pathOf(nodes[5])).toBe(`/${long}5`)
  })

  it('keeps owners past 32 bits exactly', () => {
    const tree = new PathTree()
    const inode = tree.inodes.add('file', 0o4755, 2 ** 40, 7, 1, 0)
    expect(tree.inodes.uid(inode)).toBe(2 ** 40)
    expect(tree.inodes.gid(inode)).toBe(7)
    expect(tree.inodes.mode(inode)).toBe(0o4755)
    tree.inodes.setOwner(inode, 3, 4)
    expect([tree.inodes.uid(inode), tree.inodes.gid(inode)]).toEqual([3, 4])
  })
})

describe('LayerEntryTable', () => {
  const entryAt = (index: number): LayerEntry => {
    const entry: LayerEntry = {
      path: `/d${index % 7}/f${index}`,
      type: index % 11 === 0 ? 'symlink' : index % 13 === 0 ? 'whiteout' : 'file',
      mode: index % 0o7777,
      uid: index === 4321 ? 2 ** 33 : index,
      gid: index * 2,
      size: index * 1000
    }
    if (entry.type === 'symlink') entry.linkTarget = `../t${index}`
    return entry
  }

  it('gives back every entry as pushed, across chunk boundaries, with bodies set after the push', () => {
    const table = new LayerEntryTable()
    const expected: LayerEntry[] = []
    for (let index = 0; index < 10_000; index++) {
      const entry = entryAt(index)
      const row = table.push(entry)
      expect(row).toBe(index)
      if (index === 4097) {
        const content = Buffer.from('#!/bin/sh\n')
        table.setBody(row, content, true, { format: 'script', interpreter: '/bin/sh' })
        Object.assign(entry, {
          content,
          contentTruncated: true,
          exec: { format: 'script', interpreter: '/bin/sh' }
        })
      }
      expected.push(entry)
    }
    expect(table.length).toBe(10_000)
    const withoutNames = (entries: Iterable<LayerRow>) => [...entries].map(({ name: _, ...rest }) => rest)
    expect(withoutNames(table)).toEqual(expected)
  })

  it('decodes front-coded paths exactly, in order and by row, and shares names only when they are exact', () => {
    // Latin-1 and ASCII suffixes are kept as bytes, ones with units past 255 as strings aside.
    const component = fc.constantFrom('a', 'b', 'ab', 'long-component-name-x', 'é', '名前', 'x名', '')
    const path = fc.array(component, { minLength: 0, maxLength: 5 }).map((parts) => `/${parts.join('/')}`)
    fc.assert(
      fc.property(fc.array(path, { maxLength: 300 }), (paths) => {
        const table = new LayerEntryTable()
        for (const entryPath of paths)
          table.push({ path: entryPath, type: 'file', mode: 0, uid: 0, gid: 0, size: 0 })
        const decoded = [...table]
        expect(decoded.map((entry) => entry.path)).toEqual(paths)
        for (const entry of decoded) {
          // Each is optional; when there, it is exact.
          const name = entry.path.slice(entry.path.lastIndexOf('/') + 1)
          expect(entry.name ?? name).toBe(name)
          expect(entry.dir ?? parentPath(entry.path)).toBe(parentPath(entry.path))
        }
        for (let row = 0; row < paths.length; row += 7) expect(table.get(row).path).toBe(paths[row])
      }),
      { numRuns: 200 }
    )
    const sameDir = new LayerEntryTable()
    for (const name of ['x', 'y', 'z'])
      sameDir.push({ path: `/etc/${name}`, type: 'file', mode: 0, uid: 0, gid: 0, size: 0 })
    expect([...sameDir].map((entry) => entry.name)).toEqual([undefined, 'y', 'z'])
    // Past the first pool of suffix bytes.
    const many = new LayerEntryTable()
    const long = 'n'.repeat(300)
    for (let index = 0; index < 500; index++)
      many.push({ path: `/d/${long}${index}`, type: 'file', mode: 0, uid: 0, gid: 0, size: 0 })
    expect([...many].map((entry) => entry.path)).toEqual(
      Array.from({ length: 500 }, (_, index) => `/d/${long}${index}`)
    )
    expect(many.get(499).name).toBe(`${long}499`)
  })
})

describe('NarrowColumn', () => {
  it('keeps every whole number exactly, the ones that do not fit aside, through overwrites and growth', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<16 | 32>(16, 32),
        fc.array(fc.tuple(fc.nat(300), fc.oneof(fc.nat(70_000), fc.constant(-1), fc.constant(2 ** 40 + 3))), {
          maxLength: 400
        }),
        (bits, writes) => {
          const column = new NarrowColumn(bits, 4)
          const model = new Map<number, number>()
          for (const [row, value] of writes) {
            column.reserve(row + 1)
            column.set(row, value)
            model.set(row, value)
          }
          for (const [row, value] of model) expect(column.get(row)).toBe(value)
        }
      )
    )
  })
})
