// size: ceilings on the image, its compressed size, each layer, each file, the layer count and the bytes
// later layers hide; each message names the biggest contributors.
import { describe, expect, it } from '@jest/globals'
import { evaluate, loadPolicyText } from '../../../src/policy/index.js'
import { dir, hardlink, imageFromLayers, sized, whiteout } from '../../../__fixtures__/image.js'
import { check } from '../../../__fixtures__/policy.js'

describe('size', () => {
  const layers = [
    [dir('/app'), sized('/app/a.bin', 3_000_000), sized('/app/b.bin', 1_000_000)],
    [sized('/app/c.bin', 2_500_000), hardlink('/app/c-link.bin', '/app/c.bin')],
    [whiteout('/app/a.bin'), sized('/app/b.bin', 100)]
  ]
  const image = imageFromLayers(layers)

  describe('catches', () => {
    it('an image over max, naming the biggest layers and files', async () => {
      const result = await check(image, 'rules:\n  size: { max: 5MB }\n')
      expect(result.violations.map((violation) => violation.message)).toEqual([
        'image size 6.50 MB exceeds max 5.00 MB; largest layers: layer 0 4.00 MB (RUN layer 0), layer 1 2.50 MB (RUN layer 1), layer 2 100 B (RUN layer 2); largest files: /app/c-link.bin 2.50 MB, /app/b.bin 100 B'
      ])
    })

    it('each layer over maxLayer, with its index', async () => {
      const result = await check(image, 'rules:\n  size: { maxLayer: 2MiB }\n')
      expect(result.violations.map((violation) => [violation.layer, violation.message])).toEqual([
        [0, 'layer 0 4.00 MB (RUN layer 0) exceeds maxLayer 2.10 MB'],
        [1, 'layer 1 2.50 MB (RUN layer 1) exceeds maxLayer 2.10 MB']
      ])
    })

    it('each big file once, with its hard links', async () => {
      const result = await check(image, 'rules:\n  size: { maxFile: 2MB }\n')
      expect(
        result.violations.map((violation) => [violation.path, violation.layer, violation.message])
      ).toEqual([
        ['/app/c-link.bin', 1, '/app/c-link.bin is 2.50 MB, over maxFile 2.00 MB (hard-linked as /app/c.bin)']
      ])
    })

    it('too many layers, and wasted bytes naming the largest hidden files', async () => {
      const result = await check(image, 'rules:\n  size: { maxLayers: 2, maxWasted: 1MB }\n')
      const messages = result.violations.map((violation) => violation.message)
      expect(messages[0]).toMatch(/^3 layers exceed maxLayers 2/)
      expect(messages[1]).toBe(
        '4.00 MB written by layers and hidden by later ones exceeds maxWasted 1.00 MB; largest: /app/a.bin 3.00 MB (layer 0, deleted), /app/b.bin 1.00 MB (layer 0, overwritten)'
      )
      // The layer that deleted the largest, for the Dockerfile line to blame.
      expect(result.violations[1].hiddenBy).toBe(2)
    })

    it('a layer named by its instruction as inspect names it, not by the raw created_by', async () => {
      const legacy = imageFromLayers(layers)
      legacy.layers[1].createdBy = '/bin/sh -c #(nop) COPY file:a0aa5b1c3d in /app/ '
      const message = (await check(legacy, 'rules:\n  size: { maxLayer: 2MiB }\n')).violations[1].message
      expect(message).toBe('layer 1 2.50 MB (COPY file:a0aa5b1c3d in /app/) exceeds maxLayer 2.10 MB')
    })

    it('a compressed size over maxCompressed, measured where the archive has it, saying when it estimates', async () => {
      const compressed = imageFromLayers(layers, {}, {})
      compressed.layers.forEach((layer) =>
        Object.assign(layer, { compression: 'gzip', compressedSize: 1_000_000 })
      )
      expect(
        (await check(compressed, 'rules:\n  size: { maxCompressed: 2MB }\n')).violations[0].message
      ).toMatch(/^compressed size 3.00 MB \(measured from the archive\) exceeds maxCompressed 2.00 MB/)
      const stored = (await check(image, 'rules:\n  size: { maxCompressed: 1MB }\n')).violations[0].message
      expect(stored).toMatch(
        /^compressed size 3.\d+ MB \(estimated: 3 of 3 layers are stored uncompressed in the archive, counted at 50% of their tar size\)/
      )
      const policy = await loadPolicyText('version: 1\nrules:\n  size: { maxCompressed: 1MB }\n')
      const fed = evaluate(image, policy, { estimateCompressedSize: () => 600_000 })
      expect(fed.violations[0].message).toMatch(
        /^compressed size 1.80 MB \(estimated: 3 of 3 layers are stored uncompressed in the archive\)/
      )
    })

    it('one byte over a ceiling given in binary units (1KiB) and in bytes (1024)', async () => {
      const policy = await loadPolicyText('version: 1\nrules:\n  size: { max: 1KiB, maxFile: 1024 }\n')
      const over = imageFromLayers([[sized('/a', 1025)]])
      expect(evaluate(over, policy).violations.map((violation) => violation.message)).toEqual([
        expect.stringMatching(/^image size 1025 B exceeds max 1024 B/),
        '/a is 1025 B, over maxFile 1024 B'
      ])
    })
  })

  describe('must not', () => {
    it('report an image under max', async () => {
      expect((await check(image, 'rules:\n  size: { max: 6.6MB }\n')).violations).toEqual([])
    })

    it('report an image exactly at a ceiling given in binary units (1KiB) and in bytes (1024)', async () => {
      const policy = await loadPolicyText('version: 1\nrules:\n  size: { max: 1KiB, maxFile: 1024 }\n')
      const tiny = imageFromLayers([[sized('/a', 1024)]])
      expect(evaluate(tiny, policy).violations).toEqual([])
    })
  })
})
