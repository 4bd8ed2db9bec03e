// Microsoft's SARIF validator (@microsoft/sarif-multitool, a devDependency) with GitHub's code-scanning
// rules turned on (../shared/sarif/github-rules.xml): the reference for "code scanning accepts this".
// The npm package ships the Linux binary in @microsoft/sarif-multitool-linux; its postinstall only sets
// the execute bit, which npm may skip (install scripts need approval), so this helper sets it itself.
import { describe } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { accessSync, chmodSync, constants, existsSync, readFileSync, statSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'

export const GITHUB_RULES = path.resolve(import.meta.dirname, '../../../shared/sarif/github-rules.xml')

function multitoolBinary(): string | undefined {
  if (process.platform !== 'linux') return undefined
  try {
    const require = createRequire(import.meta.url)
    const binary = path.join(
      path.dirname(require.resolve('@microsoft/sarif-multitool-linux/package.json')),
      'Sarif.Multitool'
    )
    try {
      accessSync(binary, constants.X_OK)
    } catch {
      chmodSync(binary, statSync(binary).mode | 0o100)
    }
    return binary
  } catch {
    return undefined
  }
}

const BINARY = multitoolBinary()

/** Why the validator cannot run here, or undefined. */
function problem(): string | undefined {
  if (!BINARY) return 'the @microsoft/sarif-multitool Linux binary is not installed (npm ci on Linux)'
  if (!existsSync(GITHUB_RULES))
    return `GitHub's rule configuration is missing at ${GITHUB_RULES} (../shared)`
  return undefined
}

/** Whether the validator can run here (under CI=true it must). */
export function validatorAvailable(): boolean {
  const reason = problem()
  if (reason && process.env.CI === 'true') throw new Error(`CI=true but ${reason}`)
  return reason === undefined
}

/** `describe` when the validator can run; otherwise skipped with a warning, or a failure under CI. */
export function describeWithSarifValidator(name: string, body: () => void): void {
  const reason = problem()
  if (!reason) {
    describe(name, body)
    return
  }
  if (process.env.CI === 'true') throw new Error(`CI=true but ${reason} for "${name}"`)
  console.warn(`SKIPPED "${name}": ${reason}`)
  describe.skip(name, body)
}

export interface SarifFinding {
  ruleId: string
  level: string
  file: string
  message: string
}

/** Every error, warning and note the validator reports on these files under GitHub's rules. */
export async function validateSarif(files: readonly string[]): Promise<SarifFinding[]> {
  if (!BINARY) throw new Error(problem())
  const dir = await mkdtemp(path.join(tmpdir(), 'ipg-sarif-validate-'))
  try {
    const output = path.join(dir, 'validation.sarif')
    const run = spawnSync(BINARY, ['validate', '--config', GITHUB_RULES, ...files, '-o', output], {
      encoding: 'utf8',
      // No ICU needed: the validator's messages are invariant text.
      env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
      timeout: 120_000
    })
    if (run.status !== 0 || !existsSync(output))
      throw new Error(`sarif-multitool exited ${run.status}: ${run.stdout}${run.stderr}`)
    const log = JSON.parse(readFileSync(output, 'utf8')) as {
      runs: {
        artifacts?: { location?: { uri?: string } }[]
        results?: {
          ruleId?: string
          level?: string
          message?: { text?: string }
          locations?: { physicalLocation?: { artifactLocation?: { uri?: string; index?: number } } }[]
        }[]
      }[]
    }
    const [validation] = log.runs
    return (validation.results ?? []).map((result) => {
      const artifact = result.locations?.[0]?.physicalLocation?.artifactLocation
      const file =
        artifact?.uri ??
        (artifact?.index !== undefined ? validation.artifacts?.[artifact.index]?.location?.uri : '')
      return {
        ruleId: result.ruleId ?? '',
        level: result.level ?? 'warning',
        file: file ?? '',
        message: result.message?.text ?? ''
      }
    })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
