/**
 * Sections that only inform: what an alert means, its impact, background.
 * They become `info` steps that people read, not checklists to tick, when
 * they hold nothing to do (no commands, task list or `swaybot` block).
 */

/** Section titles that describe rather than instruct, lower case, without trailing punctuation. */
const INFO_TITLES = new Set([
  'about', 'additional information', 'additional notes', 'background', 'causes', 'context', 'description', 'details',
  'further reading', 'impact', 'links', 'meaning', 'more information', 'notes', 'overview', 'possible causes', 'references',
  'related alerts', 'see also', 'summary', 'symptoms',
]);

/** True when `title` names a section that informs (`Meaning`, `Impact:`, `Related Alerts`…). */
export function isInfoTitle(title: string): boolean {
  return INFO_TITLES.has(title.toLowerCase().replace(/[\s:.!]+$/, '').replace(/\s+/g, ' ').trim());
}

/** Every informing title, for the docs. */
export const infoTitles: readonly string[] = [...INFO_TITLES];
