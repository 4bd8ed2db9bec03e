// run() fails the step whatever is thrown, including values that are not Errors.
import { expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'
import type * as scanModule from '../../src/scan.js'

const scan = jest.fn<typeof scanModule.scan>()
jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('../../src/scan.js', () => ({ scan }))
const { run } = await import('../../src/main.js')

it.each([
  ['a string', 'docker exploded', 'docker exploded'],
  ['an Error', new RangeError('bad offset'), 'bad offset'],
  ['an object', { code: 42 }, '[object Object]']
])('fails with %s and never sets result', async (_what, thrown, message) => {
  core.getInput.mockImplementation((name: string) => (name === 'image' ? 'app:1' : ''))
  scan.mockRejectedValue(thrown)
  await run()
  expect(core.setFailed).toHaveBeenCalledWith(message)
  expect(core.setOutput).not.toHaveBeenCalled()
  expect(scan.mock.calls[0][0]).toMatchObject({
    source: { kind: 'docker', reference: 'app:1' },
    verifyDigests: false
  })
})
