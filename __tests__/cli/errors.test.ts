// Exit code 2 for anything that goes wrong, one line; the stack only with DEBUG=1.
import { describe, expect, it, jest } from '@jest/globals'
import { DockerError } from '../../src/common/errors.js'
import type * as scanModule from '../../src/pipeline/scan.js'
import { recordingIo } from '../../__fixtures__/io.js'

const scan = jest.fn<typeof scanModule.scan>()
const inspectImage = jest.fn<typeof scanModule.inspectImage>()
jest.unstable_mockModule('../../src/pipeline/scan.js', () => ({ scan, inspectImage }))
const { runCli } = await import('../../src/cli/run.js')

describe('errors', () => {
  it('a user error (docker missing) is one line, exit 2, never a stack', async () => {
    scan.mockRejectedValue(new DockerError('docker is not installed or not on PATH (looked for "docker")'))
    const io = recordingIo('/tmp', { DEBUG: undefined })
    expect(await runCli(['check', '--image', 'app:1'], io)).toBe(2)
    expect(io.err()).toBe('image-policy-gate: docker is not installed or not on PATH (looked for "docker")\n')
    // --source auto (the default): the engine's image when it has one, else the registry's.
    expect(scan.mock.calls[0][0].source).toMatchObject({ kind: 'image', reference: 'app:1' })
  })

  it('an unexpected error is one line and exit 2, with the stack only under DEBUG=1', async () => {
    scan.mockRejectedValue(new TypeError('cannot read properties of undefined'))
    const quiet = recordingIo('/tmp')
    expect(await runCli(['check', '--archive', 'x.tar'], quiet)).toBe(2)
    expect(quiet.err()).toBe(
      'image-policy-gate: unexpected error: cannot read properties of undefined (set DEBUG=1 for details)\n'
    )

    const debug = recordingIo('/tmp', { DEBUG: '1' })
    expect(await runCli(['check', '--archive', 'x.tar'], debug)).toBe(2)
    expect(debug.err()).toMatch(
      /^image-policy-gate: unexpected error: cannot read properties of undefined\nTypeError: .*\n\s+at /
    )
  })

  it('passes --image as the selection inside an archive, and stdin for -', async () => {
    inspectImage.mockRejectedValue(new DockerError('stop here'))
    await runCli(
      ['inspect', '--archive', '-', '--image', 'b:2', '--platform', 'linux/arm64'],
      recordingIo('/tmp')
    )
    expect(inspectImage.mock.calls[0][0]).toEqual({
      source: { kind: 'stdin' },
      image: 'b:2',
      platform: 'linux/arm64',
      limits: {}
    })
  })
})
