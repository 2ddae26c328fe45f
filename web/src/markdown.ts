// The small Markdown the legal texts (src/legal/texts) are written in, parsed into blocks that
// the cabinet renders as React elements: no HTML string is ever built or injected, so whatever a
// text holds (a stray "<script>", an "&") is shown as the characters it is.
//
// Understood: "#"…"######" headings, "-"/"*"/"+" bullet lists, "1." / "1)" numbered lists,
// **bold** and *italic*. Everything else is text. Unlike CommonMark, every line is its own
// paragraph: the texts put one clause per line ("1.1. …", "1.2. …") and those lines must not run
// together into one block.

export type Inline = { readonly kind: 'text' | 'strong' | 'em'; readonly text: string };

export type Block =
  | { readonly kind: 'heading'; readonly level: 1 | 2 | 3 | 4 | 5 | 6; readonly content: Inline[] }
  | { readonly kind: 'paragraph'; readonly content: Inline[] }
  | { readonly kind: 'list'; readonly ordered: boolean; readonly start: number; readonly items: Inline[][] };

const HEADING = /^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$/;
const BULLET = /^[ \t]*[-*+][ \t]+(.*)$/;
// "1. text" or "1) text"; a clause number such as "1.1." has no space after its first dot.
const NUMBERED = /^[ \t]*(\d{1,9})[.)][ \t]+(.*)$/;
const INLINE = /\*\*(.+?)\*\*|\*(?!\s)(.+?)(?<!\s)\*/g;

export function parseInline(text: string): Inline[] {
  const out: Inline[] = [];
  let at = 0;
  for (const match of text.matchAll(INLINE)) {
    if (match.index > at) out.push({ kind: 'text', text: text.slice(at, match.index) });
    out.push(match[1] !== undefined ? { kind: 'strong', text: match[1] } : { kind: 'em', text: match[2] });
    at = match.index + match[0].length;
  }
  if (at < text.length) out.push({ kind: 'text', text: text.slice(at) });
  return out;
}

export function parseMarkdown(source: string): Block[] {
  const blocks: Block[] = [];
  let list: { ordered: boolean; start: number; items: Inline[][] } | undefined;
  const endList = () => {
    if (list) blocks.push({ kind: 'list', ...list });
    list = undefined;
  };
  for (const raw of source.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/)) {
    const line = raw.trimEnd();
    const heading = HEADING.exec(line);
    const bullet = heading ? null : BULLET.exec(line);
    const numbered = heading || bullet ? null : NUMBERED.exec(line);
    if (bullet || numbered) {
      const ordered = !!numbered;
      if (list && list.ordered !== ordered) endList();
      list ??= { ordered, start: numbered ? Number(numbered[1]) : 1, items: [] };
      list.items.push(parseInline((bullet ?? numbered)![bullet ? 1 : 2].trim()));
      continue;
    }
    endList();
    if (heading) {
      blocks.push({ kind: 'heading', level: heading[1].length as 1 | 2 | 3 | 4 | 5 | 6, content: parseInline(heading[2]) });
    } else if (line.trim()) {
      blocks.push({ kind: 'paragraph', content: parseInline(line.trim()) });
    }
  }
  endList();
  return blocks;
}
