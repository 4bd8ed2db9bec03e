// The layer tar reader against Go's archive/tar (the reader Docker and containerd unpack layers
// with): every header form, hand-written and generated, must be read the same way, or refused.
// IPG_GO_TAR_VARIANTS raises the number of generated archives for a longer local run.
import { afterAll, beforeAll, expect, it } from '@jest/globals'
import { describeWithTools } from '../helpers/tools.js'
import { buildLister, difference, goListings, ourReading } from './go-tar/compare.js'
import { namedCases } from './go-tar/named-cases.js'
import { random } from '../../__fixtures__/seeded.js'
import { randomArchive } from './go-tar/variants.js'

const VARIANTS = Number(process.env.IPG_GO_TAR_VARIANTS ?? 600)
const SEED = Number(process.env.IPG_GO_TAR_SEED ?? 20)

describeWithTools(['go'], "tar headers read as Go's archive/tar reads them", () => {
  let lister = ''
  let cleanup = () => undefined as void
  beforeAll(() => {
    ;({ lister, cleanup } = buildLister())
  })
  afterAll(() => cleanup())

  it('agrees on every hand-written header form', () => {
    const cases = namedCases()
    const listings = goListings(
      lister,
      cases.map((entry) => entry.archive)
    )
    const problems: string[] = []
    for (const [index, { name, archive }] of cases.entries()) {
      for (const chunk of [512, 7, 100_000]) {
        const problem = difference(listings[index], ourReading(archive, chunk))
        if (problem) problems.push(`${name} (chunks of ${chunk}): ${problem}`)
      }
    }
    expect(problems).toEqual([])
  })

  it(`agrees on ${VARIANTS} generated archives (seed ${SEED})`, () => {
    const r = random(SEED)
    const archives = Array.from({ length: VARIANTS }, () => randomArchive(r))
    const listings = goListings(lister, archives)
    const problems: string[] = []
    let goRead = 0
    for (const [index, archive] of archives.entries()) {
      if (listings[index].error === undefined) goRead++
      const problem = difference(listings[index], ourReading(archive, 1 + r.int(1500)))
      if (problem) problems.push(`archive ${index}: ${problem}`)
    }
    expect(problems.slice(0, 10)).toEqual([])
    // Most variants must be archives Go reads, or the comparison would only be about errors.
    expect(goRead).toBeGreaterThan(VARIANTS / 4)
  })
})
