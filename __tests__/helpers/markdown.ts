// What a reader sees of a job summary: the Markdown rendered (CommonMark + GFM tables, by markdown-it),
// then its text without tags, for tests that look for words rather than for escapes.
import MarkdownIt from 'markdown-it'

const markdown = new MarkdownIt({ html: true })
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" }

export function renderedText(source: string): string {
  return markdown
    .render(source)
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name])
}
