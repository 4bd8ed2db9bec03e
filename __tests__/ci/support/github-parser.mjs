// Runs GitHub's own parser, @actions/workflow-parser, on the documents given as JSON on stdin
// ([{ name, content, kind: 'workflow' | 'action' }]) and prints each one's errors as JSON on stdout.
// A process of its own: the parser imports its schema JSON without an import attribute, which Node
// refuses and Jest only tolerates for now; the hook below adds the attribute.
import { registerHooks } from 'node:module'
import { readFileSync } from 'node:fs'

registerHooks({
  load(url, context, nextLoad) {
    const json = url.endsWith('.json') && !context.importAttributes?.type
    return nextLoad(url, json ? { ...context, importAttributes: { type: 'json' } } : context)
  }
})

const { NoOperationTraceWriter, convertWorkflowTemplate, parseWorkflow } =
  await import('@actions/workflow-parser')
const { parseAction } = await import('@actions/workflow-parser/actions/action-parser')

const documents = JSON.parse(readFileSync(0, 'utf8'))
const results = []
for (const { name, content, kind } of documents) {
  const parsed = (kind === 'action' ? parseAction : parseWorkflow)(
    { name, content },
    new NoOperationTraceWriter()
  )
  // Conversion checks what the schema cannot: `needs` naming real jobs, a job graph with a start.
  if (kind === 'workflow' && parsed.value) await convertWorkflowTemplate(parsed.context, parsed.value)
  results.push(parsed.context.errors.getErrors().map((error) => error.message))
}
process.stdout.write(JSON.stringify(results))
