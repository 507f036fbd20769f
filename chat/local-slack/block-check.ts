/**
 * The Block Kit checks the local Slack makes before accepting a message, so a
 * block that real Slack would refuse (`invalid_blocks`) is refused here too:
 * block count, text lengths, fields, buttons and their values, ids.
 */
import { SLACK_LIMITS } from '../slack-text.js';

const KNOWN_BLOCKS = new Set(['header', 'section', 'context', 'actions', 'divider', 'image', 'rich_text', 'input', 'file', 'video', 'markdown']);

/**
 * Slack-style error strings (`must be less than 151 characters [json-pointer:/blocks/0/text/text]`); empty when fine.
 * `fileExists` tells whether an image block's `slack_file.id` names an uploaded file (unchecked without it).
 */
export function checkBlocks(blocks: unknown[], fileExists?: (id: string) => boolean): string[] {
  const errors: string[] = [];
  const fail = (message: string, pointer: string) => errors.push(`${message} [json-pointer:${pointer}]`);
  if (blocks.length > SLACK_LIMITS.blocks) fail(`no more than ${SLACK_LIMITS.blocks} items allowed`, '/blocks');
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `/blocks/${i}`;
    if (!isObject(block) || typeof block['type'] !== 'string') return fail('must provide an object with a type', at);
    if (!KNOWN_BLOCKS.has(block['type'])) return fail(`unsupported type: ${block['type']}`, `${at}/type`);
    const blockId = block['block_id'];
    if (blockId !== undefined) {
      if (typeof blockId !== 'string' || blockId.length > SLACK_LIMITS.blockId) fail(`must be a string of at most ${SLACK_LIMITS.blockId} characters`, `${at}/block_id`);
      else if (blockIds.has(blockId)) fail('block_id must be unique', `${at}/block_id`);
      else blockIds.add(blockId);
    }
    switch (block['type']) {
      case 'header':
        checkText(block['text'], SLACK_LIMITS.headerText, `${at}/text`, fail, 'plain_text');
        break;
      case 'section':
        if (block['text'] === undefined && block['fields'] === undefined) fail('must provide text or fields', at);
        if (block['text'] !== undefined) checkText(block['text'], SLACK_LIMITS.sectionText, `${at}/text`, fail);
        if (block['fields'] !== undefined) checkList(block['fields'], SLACK_LIMITS.fields, `${at}/fields`, fail, (f, p) => checkText(f, SLACK_LIMITS.fieldText, p, fail));
        break;
      case 'context':
        checkList(block['elements'], SLACK_LIMITS.contextElements, `${at}/elements`, fail, (e, p) => {
          if (isObject(e) && (e['type'] === 'mrkdwn' || e['type'] === 'plain_text')) checkText(e, SLACK_LIMITS.contextText, p, fail);
        });
        break;
      case 'actions':
        checkList(block['elements'], SLACK_LIMITS.actionsElements, `${at}/elements`, fail, (e, p) => checkElement(e, p, fail));
        break;
      case 'image': {
        if (typeof block['alt_text'] !== 'string' || block['alt_text'].length === 0) fail('must provide alt_text', `${at}/alt_text`);
        const file = block['slack_file'];
        if (block['image_url'] === undefined && file === undefined) fail('must provide image_url or slack_file', at);
        if (file !== undefined) {
          const id = isObject(file) ? file['id'] : undefined;
          if (typeof id !== 'string' && !(isObject(file) && typeof file['url'] === 'string')) fail('must provide an id or url', `${at}/slack_file`);
          else if (typeof id === 'string' && fileExists && !fileExists(id)) fail('invalid slack file', `${at}/slack_file/id`);
        }
        break;
      }
    }
  });
  return errors;
}

type Fail = (message: string, pointer: string) => void;

function checkText(text: unknown, max: number, at: string, fail: Fail, only?: 'plain_text'): void {
  if (!isObject(text) || typeof text['text'] !== 'string' || (text['type'] !== 'plain_text' && text['type'] !== 'mrkdwn')) return fail('must provide a text object', at);
  if (only && text['type'] !== only) return fail(`must be ${only}`, `${at}/type`);
  if (text['text'].length === 0) return fail('must be more than 0 characters', `${at}/text`);
  if (text['text'].length > max) fail(`must be less than ${max + 1} characters`, `${at}/text`);
}

function checkList(list: unknown, max: number, at: string, fail: Fail, each: (item: unknown, at: string) => void): void {
  if (!Array.isArray(list) || list.length === 0) return fail('must provide a non-empty array', at);
  if (list.length > max) fail(`no more than ${max} items allowed`, at);
  (list as unknown[]).forEach((item, i) => each(item, `${at}/${i}`));
}

function checkElement(element: unknown, at: string, fail: Fail): void {
  if (!isObject(element) || typeof element['type'] !== 'string') return fail('must provide an object with a type', at);
  const actionId = element['action_id'];
  if (actionId !== undefined && (typeof actionId !== 'string' || actionId.length > SLACK_LIMITS.actionId)) fail(`must be at most ${SLACK_LIMITS.actionId} characters`, `${at}/action_id`);
  if (element['type'] !== 'button') return;
  checkText(element['text'], SLACK_LIMITS.buttonText, `${at}/text`, fail, 'plain_text');
  const value = element['value'];
  if (value !== undefined && (typeof value !== 'string' || value.length > SLACK_LIMITS.buttonValue)) fail(`must be less than ${SLACK_LIMITS.buttonValue + 1} characters`, `${at}/value`);
  const style = element['style'];
  if (style !== undefined && style !== 'primary' && style !== 'danger') fail('must be primary or danger', `${at}/style`);
  const confirm = element['confirm'];
  if (confirm !== undefined) {
    if (!isObject(confirm)) return fail('must provide an object', `${at}/confirm`);
    checkText(confirm['title'], SLACK_LIMITS.confirmTitle, `${at}/confirm/title`, fail, 'plain_text');
    checkText(confirm['text'], SLACK_LIMITS.confirmText, `${at}/confirm/text`, fail);
    checkText(confirm['confirm'], SLACK_LIMITS.confirmButton, `${at}/confirm/confirm`, fail, 'plain_text');
    checkText(confirm['deny'], SLACK_LIMITS.confirmButton, `${at}/confirm/deny`, fail, 'plain_text');
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
