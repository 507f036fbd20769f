/**
 * Putting people's text into generated markdown without breaking its structure:
 * table cells, single-line list items, inline code.
 */

/**
 * `text` as one GFM table cell: `|` escaped (and a backslash before one, so it cannot
 * unescape it), line breaks as `<br>`. Other markdown in it (backticks, emphasis) still
 * renders, as the timeline's own texts use inline code.
 */
export function cell(text: string): string {
  return text
    .replace(/\\(?=\|)/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/\r\n|\r|\n/g, '<br>')
    .trim();
}

/** `text` on one line (line breaks become spaces), for headings and list items. */
export function line(text: string): string {
  return text.replace(/\s*(\r\n|\r|\n)\s*/g, ' ').trim();
}

/** `text` as inline code, with a fence longer than any run of backticks inside it. */
export function code(text: string): string {
  const flat = line(text);
  const longest = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${flat}${pad}${fence}`;
}
