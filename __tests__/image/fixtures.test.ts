// Needs ../shared/fixtures/images (real archives written by Docker 20, Docker 26 and skopeo).
import { expect, it } from '@jest/globals'
import { createReadStream } from 'node:fs'
import { readImage } from '../../src/image/read.js'
import type { Image } from '../../src/image/types.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'

const captureOsFiles = (path: string) => (/os-release$|^\/etc\/(passwd|group)$/.test(path) ? 65536 : 0)
const read = (name: string) => readImage({ kind: 'file', path: fixture(name) }, { capture: captureOsFiles })
// Inodes are views: two names of one file give two views with the same id.
const multiCallFiles = (image: Image) =>
  [...new Map([...image.fs.entries()].map((entry) => [entry.inode.id, entry.inode])).values()].filter(
    (inode) => inode.exec?.multiCall
  )

describeWithFixtures('reading real archives', () => {
  it('Alpine from Docker 26 (OCI layout + manifest.json): busybox behind ~300 symlinks, apk present', async () => {
    const image = await read('alpine-3.20.docker26.tar')
    expect(image.layout).toBe('docker-oci')
    expect(image.reference).toBe('alpine:3.20')
    expect(image.layers).toHaveLength(1)
    expect(image.layers[0].compression).toBe('none')
    expect(image.fs.readFile('/etc/os-release')?.toString()).toContain('Alpine Linux')
    expect(image.fs.stat('/bin/sh')?.path).toBe('/bin/busybox')
    expect(image.fs.lstat('/sbin/apk')?.inode.exec?.format).toBe('elf')
    const [busybox] = multiCallFiles(image)
    expect(busybox.exec?.multiCall?.kind).toBe('busybox')
    expect(busybox.exec?.multiCall?.version).toBe('1.36.1')
    expect(busybox.exec?.multiCall?.applets).toContain('sh')
    const names = image.fs.namesReaching(busybox)
    expect(names).toContain('/bin/sh')
    expect(names.length).toBeGreaterThan(250)
  })

  it('the same Alpine from skopeo with zstd layers (OCI only, no manifest.json)', async () => {
    const image = await read('alpine-3.20.oci-zstd.tar')
    expect(image.layout).toBe('oci')
    expect(image.layers[0].compression).toBe('zstd')
    expect(image.layers[0].compressedSize).toBeLessThan(image.layers[0].uncompressedSize)
    const docker = await read('alpine-3.20.docker26.tar')
    expect(image.fs.entryCount).toBe(docker.fs.entryCount)
    expect(image.fs.totalFileBytes).toBe(docker.fs.totalFileBytes)
  })

  it('the app on Alpine reads the same from Docker 20 (legacy) and Docker 26', async () => {
    const legacy = await read('app-alpine.docker20.tar')
    const modern = await read('app-alpine.docker26.tar')
    expect(legacy.layout).toBe('docker-legacy')
    for (const image of [legacy, modern]) {
      expect(image.layers).toHaveLength(3)
      expect(image.config.user).toBe('app')
      expect(image.config.workingDir).toBe('/srv')
      expect(image.fs.lstat('/srv/hello')?.inode.exec?.format).toBe('elf')
      expect(image.fs.readFile('/etc/passwd')?.toString()).toMatch(/^app:/m)
      expect(image.layers[2].createdBy).toMatch(/COPY/)
    }
    expect([...legacy.fs.entries()].map((e) => e.path)).toEqual([...modern.fs.entries()].map((e) => e.path))
  })

  it('official busybox: applets are hard links to one file, reported as one inode with all its names', async () => {
    const image = await read('busybox-musl.docker20.tar')
    const files = multiCallFiles(image)
    expect(files).toHaveLength(1)
    expect(files[0].exec?.multiCall?.version).toMatch(/^1\.\d+/)
    const names = image.fs.namesReaching(files[0])
    expect(names).toContain('/bin/sh')
    expect(names).toContain('/bin/[')
    expect(image.fs.lstat('/bin/sh')?.hardLinkOf).toBe('/bin/[')
  })

  it('distroless-style static base from the containerd store (gzip layer)', async () => {
    const image = await read('distroless-static.containerd.tar')
    expect(image.layers[0].compression).toBe('gzip')
    expect(image.fs.lstat('/etc/os-release')?.inode.type).toBe('symlink')
    expect(image.fs.readFile('/etc/os-release')?.toString()).toContain('PRETTY_NAME="Distroless"')
    expect(image.fs.readdir('/var/lib/dpkg/status.d').length).toBeGreaterThan(0)
    expect(multiCallFiles(image)).toHaveLength(0)
    expect(image.config.user).toBe('')
  })

  it('app on distroless: two gzip layers, USER 65532, from stdin as from a file', async () => {
    const fromStdin = await readImage(
      {
        kind: 'stream',
        stream: createReadStream(fixture('app-distroless.containerd.tar'), { highWaterMark: 4096 }),
        name: 'stdin'
      },
      { capture: captureOsFiles }
    )
    const fromFile = await read('app-distroless.containerd.tar')
    for (const image of [fromStdin, fromFile]) {
      expect(image.layers).toHaveLength(2)
      expect(image.config.user).toBe('65532:65532')
      expect(image.config.entrypoint).toEqual(['/app/hello'])
      expect(image.fs.lstat('/app/hello')?.layerIndex).toBe(1)
    }
  })
})
