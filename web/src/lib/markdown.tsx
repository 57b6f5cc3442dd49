/**
 * A small, safe Markdown renderer for the transparency report: headings, paragraphs, pipe tables
 * (with right-aligned columns), bullet lists, fenced code blocks, and inline `code` and **bold**.
 * It builds React elements, never HTML strings, so nothing in the text can inject markup.
 *
 * Pure: no I/O.
 */
import type { ReactNode } from 'react';

/** Renders inline code and bold. */
export function inline(text: string, key = ''): ReactNode[] {
  const out: ReactNode[] = [];
  const re = /`([^`]+)`|\*\*([^*]+)\*\*/g;
  let last = 0;
  let m: RegExpExecArray | null;
  let i = 0;
  while ((m = re.exec(text)) !== null) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push(m[1] !== undefined ? <code key={`${key}c${i++}`}>{m[1]}</code> : <strong key={`${key}b${i++}`}>{m[2]}</strong>);
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const cells = (line: string): string[] =>
  line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split('|')
    .map((c) => c.trim());

function table(lines: readonly string[], key: number): ReactNode {
  const head = cells(lines[0]!);
  const right = cells(lines[1]!).map((c) => c.endsWith(':'));
  const rows = lines.slice(2).map(cells);
  return (
    <div className="table-wrap" key={key}>
      <table>
        <thead>
          <tr>
            {head.map((h, i) => (
              <th key={i} scope="col" className={right[i] === true ? 'num' : undefined}>
                {inline(h)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, j) => (
            <tr key={j}>
              {r.map((c, i) => (
                <td key={i} className={right[i] === true ? 'num' : undefined}>
                  {inline(c, `${j}-${i}`)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Renders Markdown text as React elements. */
export function renderMarkdown(text: string): ReactNode[] {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const out: ReactNode[] = [];
  let i = 0;
  let k = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.trim() === '') {
      i++;
    } else if (line.startsWith('```')) {
      const end = lines.indexOf('```', i + 1);
      const stop = end < 0 ? lines.length : end;
      out.push(
        <pre className="doc" key={k++}>
          {lines.slice(i + 1, stop).join('\n')}
        </pre>,
      );
      i = stop + 1;
    } else if (/^#{1,4} /.test(line)) {
      const level = line.indexOf(' ');
      const content = inline(line.slice(level + 1));
      out.push(level === 1 ? <h1 key={k++}>{content}</h1> : level === 2 ? <h2 key={k++}>{content}</h2> : <h3 key={k++}>{content}</h3>);
      i++;
    } else if (line.startsWith('|') && /^\|?\s*:?-{3,}/.test(lines[i + 1] ?? '')) {
      let j = i;
      while (j < lines.length && lines[j]!.startsWith('|')) j++;
      out.push(table(lines.slice(i, j), k++));
      i = j;
    } else if (/^[-*] /.test(line)) {
      const items: string[] = [];
      while (i < lines.length && /^[-*] /.test(lines[i]!)) items.push(lines[i++]!.slice(2));
      out.push(
        <ul key={k++}>
          {items.map((t, n) => (
            <li key={n}>{inline(t)}</li>
          ))}
        </ul>,
      );
    } else {
      const para: string[] = [];
      while (i < lines.length && lines[i]!.trim() !== '' && !/^(#{1,4} |```|\||[-*] )/.test(lines[i]!)) para.push(lines[i++]!);
      out.push(<p key={k++}>{inline(para.join(' '))}</p>);
    }
  }
  return out;
}
