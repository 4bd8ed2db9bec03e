// no-packed-executable: every ELF file can be inspected; none is packed (UPX, AppImage, a self-unpacker).
// Real programs, read through the real reader.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFileSync, realpathSync } from 'node:fs'
import path from 'node:path'
import type { TarItem } from '../../../__fixtures__/tar.js'
import { checkReadLayer, messagesByRule } from '../../../__fixtures__/policy.js'
import { describeWithTools } from '../../helpers/tools.js'

const packed = readFileSync(path.join(import.meta.dirname, '../../../__fixtures__/binaries/hello.upx'))
const app = (name: string, content: Buffer): TarItem[] => [
  { name: 'app/', type: 'directory' },
  { name, content, mode: 0o755 }
]
const rules = 'rules:\n  no-packed-executable: true\n'

describe('no-packed-executable', () => {
  describe('catches', () => {
    it('a UPX-packed program, once, with its hard links', async () => {
      const evaluation = await checkReadLayer(
        [...app('app/hello', packed), { name: 'app/hi', type: 'link', linkname: 'app/hello' }],
        rules
      )
      expect(messagesByRule(evaluation)).toEqual({
        'no-packed-executable': [
          "executable packed with UPX (UPX's l_info mark (UPX!) after the program headers), its content cannot be inspected: /app/hello (also reached as /app/hi)"
        ]
      })
    })

    it('as a warning in the default policy and an error in hardened and strict', async () => {
      const severity = async (policy: string) =>
        (await checkReadLayer(app('app/hello', packed), `extends: [${policy}]\n`)).violations.find(
          (violation) => violation.rule === 'no-packed-executable'
        )?.severity
      expect(await severity('default')).toBe('warning')
      expect(await severity('hardened')).toBe('error')
      expect(await severity('strict')).toBe('error')
    })
  })

  describe('must not', () => {
    it('report what allow lists', async () => {
      const evaluation = await checkReadLayer(
        app('app/hello', packed),
        'rules:\n  no-packed-executable: { allow: ["/app/**"] }\n'
      )
      expect(evaluation.violations).toEqual([])
    })

    describeWithTools(['ls'], 'an ordinary program', () => {
      it('report it', async () => {
        const ls = readFileSync(realpathSync(execFileSync('sh', ['-c', 'command -v ls']).toString().trim()))
        expect((await checkReadLayer(app('app/ls', ls), rules)).violations).toEqual([])
      })
    })
  })
})
