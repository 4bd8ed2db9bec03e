// no-env-secrets: no credential in the image config's Env, nor in what its history records of ENV, ARG
// and the build arguments of RUN: anyone who pulls the image reads both (`docker inspect`, `docker
// history`). Findings name the variable and the kind of credential, never the value.
import {
  AWS_KEY_ID,
  AWS_SECRET,
  type Assignment,
  type CredentialReason,
  credentialIn,
  splitAssignment,
  tokenKinds
} from '../../analysis/credentials.js'
import { readCreatedBy } from '../../dockerfile/history.js'
import type { Finding, FindingFix, OptionReader, Rule } from '../rule.js'

/** `DB_PASSWORD`, `FEATURE_*_KEY`: exact names, `*` for any run of characters. */
function readAllow(options: OptionReader): ((name: string) => boolean)[] {
  const raw = options.strings('allow') ?? []
  return raw.map((pattern, index) => {
    if (pattern.trim() === '') options.fail('allow', 'a variable name cannot be empty', index)
    const source = pattern
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')
    const regex = new RegExp(`^${source}$`, 's')
    return (name: string) => regex.test(name)
  })
}

/** A name as a message may show it: a name that itself holds a credential is not shown. */
function shownName(name: string): string {
  return tokenKinds(name).length > 0 ? '(a variable whose name holds a credential)' : name
}

/** `A=1 B=two words` as ENV and ARG are recorded: a word without `=` continues the value before it. */
function assignmentsOf(text: string): Assignment[] {
  const out: Assignment[] = []
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const assignment = splitAssignment(word)
    if (assignment && /^[A-Za-z_][A-Za-z0-9_]*$/.test(assignment.name)) out.push(assignment)
    else if (out.length > 0) out[out.length - 1].value += ` ${word}`
  }
  return out
}

/** The `|N A=1 B=2` prefix of a RUN as recorded: the build arguments the command ran with. */
function buildArguments(recorded: string): Assignment[] {
  const prefix = /^\|(\d+)\s+/.exec(recorded)
  if (!prefix) return []
  const out: Assignment[] = []
  let rest = recorded.slice(prefix[0].length)
  for (let i = 0; i < Number(prefix[1]) && rest !== ''; i++) {
    const space = rest.search(/\s/)
    const word = space < 0 ? rest : rest.slice(0, space)
    rest = space < 0 ? '' : rest.slice(space + 1).trimStart()
    const assignment = splitAssignment(word)
    if (assignment) out.push(assignment)
  }
  return out
}

const sameAssignment = (a: Assignment, b: Assignment) => a.name === b.name && a.value === b.value

/** "GitHub token in the config's Env GH_TOKEN", "the config's Env DB_PASSWORD is named like a secret and set". */
function describe(reason: CredentialReason | string, subject: string): string {
  if (typeof reason === 'string') return `${reason} in ${subject}`
  return reason.by === 'format'
    ? `${reason.kinds.join(', ')} in ${subject}`
    : `${subject} is named like a secret and set, not to a placeholder`
}

export const noEnvSecrets: Rule = {
  doc: {
    id: 'no-env-secrets',
    title: 'No secrets in Env',
    description:
      "No credential in the image config's Env, nor in its history's ENV, ARG and RUN build arguments: known token formats (GitHub, GitLab, AWS key pairs, Slack, Google, Stripe, npm, PyPI, Docker Hub, private keys, JWTs, URLs with a password, …) anywhere, and values of variables named like secrets (*_TOKEN, *_PASSWORD, *_SECRET, *_KEY, *_API_KEY) that are not placeholders. The value is never printed. `allow` lists variable names to accept.",
    defaultSeverity: 'error'
  },
  example: `no-env-secrets:\n  allow: ["SENTRY_DSN_KEY"]`,
  configure(options) {
    const allow = readAllow(options)
    const allowed = (name: string) => allow.some((matches) => matches(name))
    const includeHistory = options.boolean('history') ?? true
    return {
      run(image) {
        const findings: Finding[] = []
        const env = image.config.env.flatMap((entry) => splitAssignment(entry) ?? [])
        const awsSecrets = env.filter((a) => /SECRET/i.test(a.name) && AWS_SECRET.test(a.value))
        const awsKeyIds = env.filter((a) => AWS_KEY_ID.test(a.value))
        const reported: Assignment[] = []
        for (const assignment of env) {
          if (allowed(assignment.name)) continue
          let reason: CredentialReason | string | undefined = credentialIn(assignment)
          // An access key ID alone is no credential; beside its secret it is half of one.
          if (reason === undefined && AWS_KEY_ID.test(assignment.value) && awsSecrets.length > 0)
            reason = `AWS access key ID (its secret access key is in ${shownName(awsSecrets[0].name)})`
          else if (awsSecrets.includes(assignment) && awsKeyIds.length > 0)
            reason = `AWS secret access key (its key ID is in ${shownName(awsKeyIds[0].name)})`
          if (reason === undefined) continue
          reported.push(assignment)
          findings.push({
            message: `${describe(reason, `the config's Env ${shownName(assignment.name)}`)}: anyone who pulls the image can read it`,
            fix: envFix(shownName(assignment.name))
          })
        }
        if (!includeHistory) return findings
        image.config.history.forEach((entry, index) => {
          const step = readCreatedBy(entry.createdBy)
          const layer = image.layers.find((candidate) => candidate.historyIndex === index)?.index
          const at = layer === undefined ? {} : { layer }
          const where = `history entry ${index}`
          const recorded: { how: string; assignments: Assignment[] }[] = []
          if (step.keyword === 'ENV' || step.keyword === 'ARG')
            recorded.push({ how: step.keyword, assignments: assignmentsOf(step.text) })
          if (step.keyword === 'RUN' && step.withBuildArgs)
            recorded.push({ how: 'the build argument', assignments: buildArguments(step.withBuildArgs) })
          for (const { how, assignments } of recorded) {
            for (const assignment of assignments) {
              if (allowed(assignment.name) || reported.some((done) => sameAssignment(done, assignment)))
                continue
              const reason = credentialIn(assignment)
              if (reason === undefined) continue
              reported.push(assignment)
              findings.push({
                message: `${describe(reason, `${how} ${shownName(assignment.name)} that ${where} records`)}: it stays in the image's history`,
                fix: historyFix(shownName(assignment.name)),
                ...at
              })
            }
          }
          // What else the entry records (a RUN's command line, a LABEL): known formats only.
          if (step.keyword === 'ENV' || step.keyword === 'ARG') return
          const kinds = tokenKinds(step.keyword === 'RUN' ? (step.commandLine ?? step.text) : step.text)
          if (kinds.length > 0)
            findings.push({
              message: `${kinds.join(', ')} in the ${step.keyword || 'command'} that ${where} records: it stays in the image's history`,
              fix: historyFix(undefined),
              ...at
            })
        })
        return findings
      }
    }
  }
}

const ROTATE = 'and rotate the credential: every copy of the image already holds it'

/** A credential is given at run time, never baked: the config's Env ships with the image. */
function envFix(name: string): FindingFix {
  return {
    text: `Remove ${name} from ENV and give it at run time (docker run -e, a Kubernetes secret); a build step that needs it reads it from RUN --mount=type=secret, ${ROTATE}.`,
    ...(/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)
      ? { snippet: [`RUN --mount=type=secret,id=${name.toLowerCase()},env=${name} ...`] }
      : {})
  }
}

/** ARG values and build arguments are recorded in the history: a secret mount is not. */
function historyFix(name: string | undefined): FindingFix {
  const what = name === undefined ? 'the credential' : name
  return {
    text: `Rebuild without ${what} in ENV, ARG or a build argument (all recorded in the history): read it from RUN --mount=type=secret, ${ROTATE}.`
  }
}
