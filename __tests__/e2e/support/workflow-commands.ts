// Reads what a JavaScript action tells the runner: workflow commands on stdout
// (`::error file=…,line=…,title=…::message`) and the GITHUB_OUTPUT file, decoded the way the runner does.

export interface WorkflowCommand {
  command: string
  properties: Record<string, string>
  message: string
}

// The inverse of @actions/core's escapeData / escapeProperty.
function unescapeData(s: string): string {
  return s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function unescapeProperty(s: string): string {
  return s
    .replace(/%0D/g, '\r')
    .replace(/%0A/g, '\n')
    .replace(/%3A/g, ':')
    .replace(/%2C/g, ',')
    .replace(/%25/g, '%')
}

const COMMAND_LINE = /^::([A-Za-z-]+)(?: ([^:]*))?::(.*)$/

/** Every workflow command in the output, in order. Lines that are not commands are ignored. */
export function parseWorkflowCommands(stdout: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = []
  for (const raw of stdout.split('\n')) {
    const match = COMMAND_LINE.exec(raw.replace(/\r$/, ''))
    if (!match) continue
    const properties: Record<string, string> = {}
    for (const pair of (match[2] ?? '').split(',').filter((p) => p !== '')) {
      const eq = pair.indexOf('=')
      if (eq > 0) properties[pair.slice(0, eq)] = unescapeProperty(pair.slice(eq + 1))
    }
    commands.push({ command: match[1], properties, message: unescapeData(match[3]) })
  }
  return commands
}

export const annotationKinds = ['error', 'warning', 'notice'] as const

export function annotations(commands: WorkflowCommand[]): WorkflowCommand[] {
  return commands.filter((c) => (annotationKinds as readonly string[]).includes(c.command))
}

/**
 * Parses a GITHUB_OUTPUT (or GITHUB_ENV) file: `name=value` lines and
 * `name<<DELIMITER` … `DELIMITER` blocks, as the runner reads them.
 */
export function parseOutputFile(content: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = content.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (line === '') continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const [, name, delimiter] = heredoc
      const value: string[] = []
      i++
      while (i < lines.length && lines[i] !== delimiter) value.push(lines[i++])
      if (i >= lines.length) throw new Error(`output ${name}: delimiter ${delimiter} never closes`)
      outputs[name] = value.join('\n')
      continue
    }
    const eq = line.indexOf('=')
    if (eq <= 0) throw new Error(`invalid output line: ${line}`)
    outputs[line.slice(0, eq)] = line.slice(eq + 1)
  }
  return outputs
}
