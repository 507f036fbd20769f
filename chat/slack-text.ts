/**
 * Slack's size limits and the text helpers that keep messages within them:
 * mrkdwn escaping (user text never turns into mentions or links) and cutting
 * with an ellipsis. Shared by the Block Kit builder and the local Slack's checks.
 */

/** Block Kit and message limits, from Slack's Block Kit reference. */
export const SLACK_LIMITS = {
  blocks: 50,
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  /** `text` of chat.postMessage; longer is `msg_too_long`. */
  messageText: 40_000,
} as const;

export const ELLIPSIS = '…';

/**
 * `text` cut to at most `max` UTF-16 units, ending in an ellipsis when cut. Never
 * leaves half a surrogate pair or half an HTML entity (`&amp;`) at the cut.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let cut = text.slice(0, max - 1);
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  cut = cut.replace(/&[a-z]{0,4}$/, '');
  return cut + ELLIPSIS;
}

/** Escapes the three characters Slack's mrkdwn gives meaning to (`&`, `<`, `>`). */
export function escapeMrkdwn(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** Undoes `escapeMrkdwn`, for showing mrkdwn as plain text. */
export function unescapeMrkdwn(text: string): string {
  return text.replaceAll('&lt;', '<').replaceAll('&gt;', '>').replaceAll('&amp;', '&');
}

/**
 * mrkdwn as a person reads it in a terminal: `<!date^…|fallback>` → fallback,
 * `<url|label>` → label, `<@U1>` → `@U1`, entities unescaped.
 */
export function mrkdwnToPlain(text: string): string {
  const plain = text.replace(/<([^<>|]*)(?:\|([^<>]*))?>/g, (_whole, target: string, label: string | undefined) => {
    if (label !== undefined) return label;
    if (target.startsWith('@') || target.startsWith('#')) return target;
    if (target.startsWith('!')) return `@${target.slice(1)}`;
    return target;
  });
  return unescapeMrkdwn(plain);
}

/** A mrkdwn text object. */
export function mrkdwn(text: string, max: number = SLACK_LIMITS.sectionText): { type: 'mrkdwn'; text: string } {
  return { type: 'mrkdwn', text: truncate(text, max) };
}

/** A plain-text object (emoji codes rendered). */
export function plainText(text: string, max: number): { type: 'plain_text'; text: string; emoji: true } {
  return { type: 'plain_text', text: truncate(text, max), emoji: true };
}
