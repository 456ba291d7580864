import { readFileSync, writeFileSync } from 'node:fs';

/**
 * Replaces what lies between `<!-- <name>:start -->` and `<!-- <name>:end -->` in a Markdown
 * file with `content`, so a benchmark writes its own figures into the docs.
 * @throws Error when the file lacks either marker
 */
export function writeBetweenMarkers(file: string, name: string, content: string): void {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const text = readFileSync(file, 'utf8');
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`${file}: markers '${start}' and '${end}' not found`);
  writeFileSync(file, `${text.slice(0, from + start.length)}\n${content.trimEnd()}\n${text.slice(to)}`);
}

/** A Markdown table of `rows` under `header`. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}
