// Limits against hostile archives are raised or lowered from the command line, and hitting one is exit 2
// with a line naming the flag. Needs ../shared/fixtures/images for the real-archive case.
import { expect, it } from '@jest/globals'
import { runCli } from '../../src/cli/run.js'
import { parseLimitOptions } from '../../src/cli/limit-flags.js'
import { recordingIo } from '../../__fixtures__/io.js'
import { describeWithFixtures, fixture } from '../helpers/fixtures.js'

it('parses counts and sizes with units, and rejects anything else as a usage error', () => {
  expect(
    parseLimitOptions({ 'max-entries': '20', 'max-layer-bytes': '2GiB', 'max-compression-ratio': '50' })
  ).toEqual({
    maxEntries: 20,
    maxLayerBytes: 2 * 2 ** 30,
    maxCompressionRatio: 50
  })
  expect(() => parseLimitOptions({ 'max-entries': '2e3' })).toThrow(
    '--max-entries must be a positive whole number (got "2e3")'
  )
  expect(() => parseLimitOptions({ 'max-layer-bytes': 'lots' })).toThrow(
    /--max-layer-bytes must be a positive size/
  )
})

describeWithFixtures('limits on a real archive', () => {
  it('a lowered --max-entries stops the read with exit 2 and names the flag; the default reads it', async () => {
    const archive = fixture('busybox-musl.docker20.tar')
    const limited = recordingIo('/tmp')
    expect(await runCli(['inspect', '--archive', archive, '--max-entries', '100'], limited)).toBe(2)
    expect(limited.err()).toMatch(/^image-policy-gate: .*more than 100 entries.*--max-entries.*\n$/)
    const normal = recordingIo('/tmp')
    expect(await runCli(['inspect', '--archive', archive, '--format', 'json'], normal)).toBe(0)
  })
})
