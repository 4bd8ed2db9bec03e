import { expect, it } from '@jest/globals'
import { terminalProgress } from '../../src/cli/progress.js'

it('says nothing and clears nothing when the read was quick', () => {
  const written: string[] = []
  const progress = terminalProgress((text) => written.push(text))
  progress.update({ bytes: 10, layersDone: 0 })
  progress.done()
  expect(written).toEqual([])
})
