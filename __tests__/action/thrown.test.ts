// run() fails the step whatever is thrown, including values that are not Errors. Neither the scan nor
// `docker save` is real here: the test must not reach for an engine.
import { expect, it, jest } from '@jest/globals'
import * as core from '../../__fixtures__/core.js'
import type * as dockerModule from '../../src/source/docker/save.js'
import type * as scanModule from '../../src/pipeline/scan.js'

const scan = jest.fn<typeof scanModule.scan>()
const kill = jest.fn()
const startedSave: dockerModule.DockerSave = {
  stdout: (async function* () {})(),
  exited: Promise.resolve(),
  kill
}
const dockerSave = jest.fn<typeof dockerModule.dockerSave>(() => startedSave)
jest.unstable_mockModule('@actions/core', () => core)
jest.unstable_mockModule('../../src/pipeline/scan.js', () => ({ scan }))
jest.unstable_mockModule('../../src/source/docker/save.js', () => ({ dockerSave }))
const { run } = await import('../../src/action/main.js')

it.each([
  ['a string', 'docker exploded', 'docker exploded'],
  ['an Error', new RangeError('bad offset'), 'bad offset'],
  ['an object', { code: 42 }, '[object Object]']
])('fails with %s and never sets result', async (_what, thrown, message) => {
  // source: daemon, so that nothing asks a real engine whether it has the image.
  core.getInput.mockImplementation((name: string) =>
    name === 'image' ? 'app:1' : name === 'source' ? 'daemon' : ''
  )
  scan.mockRejectedValue(thrown)
  dockerSave.mockClear()
  await run()
  expect(core.setFailed).toHaveBeenCalledWith(message)
  expect(core.setOutput).not.toHaveBeenCalled()
  expect(dockerSave).toHaveBeenCalledTimes(1)
  expect(dockerSave).toHaveBeenCalledWith('app:1')
  expect(scan.mock.calls[0][0]).toMatchObject({
    source: { kind: 'docker', reference: 'app:1', save: startedSave },
    verifyDigests: false
  })
})
