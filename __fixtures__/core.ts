// Typed mock of @actions/core for the action's unit tests (loaded with jest.unstable_mockModule).
import type * as core from '@actions/core'
import { jest } from '@jest/globals'

export const debug = jest.fn<typeof core.debug>()
export const info = jest.fn<typeof core.info>()
export const error = jest.fn<typeof core.error>()
export const warning = jest.fn<typeof core.warning>()
export const notice = jest.fn<typeof core.notice>()
export const getInput = jest.fn<typeof core.getInput>()
export const getBooleanInput = jest.fn<typeof core.getBooleanInput>()
export const setOutput = jest.fn<typeof core.setOutput>()
export const setFailed = jest.fn<typeof core.setFailed>()
export const isDebug = jest.fn<typeof core.isDebug>()
export const group = jest.fn(async <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn())

/** Collects what the action writes to the job summary. */
export const summaryText: string[] = []
export const summary = {
  addRaw: jest.fn((text: string) => {
    summaryText.push(text)
    return summary
  }),
  write: jest.fn(() => Promise.resolve(summary))
}
