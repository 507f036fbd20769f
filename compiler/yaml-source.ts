/**
 * A YAML snippet (front matter or a `swaybot` block) parsed with positions, so
 * that every diagnostic about a key or a value points at the right line and
 * column of the markdown file, not of the snippet.
 */
import { LineCounter, parseDocument, isCollection, isMap, isSeq, isScalar, isPair, visit, type Document, type Node } from 'yaml';
import type { Place } from './diagnostics.js';

export type PathSegment = string | number;

/** A plain (unquoted) value that starts with `{{`: after `key: ` or a list dash. */
const UNQUOTED_TEMPLATE = /^[^\S\n]*(?:-[^\S\n]+|[^\n#'"{]*?:[^\S\n]+)\{\{/m;

/** One YAML problem, already placed in the markdown file. */
export interface YamlSyntaxError {
  message: string;
  place: Place;
  /** Set for problems with their own rule (`unquoted-template`); otherwise it is `bad-yaml`. */
  ruleId?: string;
}

export class YamlSource {
  readonly #text: string;
  readonly #origin: Place;
  readonly #lines = new LineCounter();
  readonly #doc: Document.Parsed;
  /** The first syntax error, if any; when non-empty, `value` is undefined. */
  readonly errors: YamlSyntaxError[] = [];
  /** The snippet as plain JS (aliases resolved), or undefined when it did not parse. */
  readonly value: unknown;

  /**
   * @param text the snippet
   * @param origin where the snippet's first character sits in the markdown file
   */
  constructor(text: string, origin: Place) {
    this.#text = text;
    this.#origin = origin;
    this.#doc = parseDocument(text, { lineCounter: this.#lines, prettyErrors: false, uniqueKeys: true });
    // Later YAML errors are mostly echoes of the first one: report that one only.
    const [first] = this.#doc.errors;
    const unquoted = first ? UNQUOTED_TEMPLATE.exec(text) : null;
    if (unquoted) this.errors.push(this.#unquoted(unquoted.index + unquoted[0].length - 2));
    else if (first) this.errors.push({ message: firstLine(first.message), place: this.point(first.pos[0]) });
    if (this.errors.length === 0) this.#checkKeys();
    if (this.errors.length === 0) this.#checkCycles();
    let value: unknown;
    if (this.errors.length === 0) {
      try {
        value = this.#doc.toJS({ maxAliasCount: 100 });
      } catch (error) {
        // Alias bombs and similar: report at the start, never crash.
        this.errors.push({ message: firstLine(error instanceof Error ? error.message : String(error)), place: origin });
      }
    }
    this.value = value;
  }

  /**
   * Keys must be scalars. The usual way to get a mapping as a key is an
   * unquoted template: YAML reads `url: {{ x }}` as a nested flow mapping.
   */
  #checkKeys(): void {
    visit(this.#doc, {
      Pair: (_, pair) => {
        if (!isCollection(pair.key)) return undefined;
        const start = pair.key.range?.[0] ?? 0;
        const before = this.#text.slice(0, start).trimEnd();
        if (before.endsWith('{') && this.#text[start] === '{') {
          this.errors.push(this.#unquoted(before.length - 1));
        } else {
          this.errors.push({ message: 'a list or mapping used as a key, expected a plain key', place: this.point(start) });
        }
        return visit.BREAK;
      },
    });
  }

  /**
   * An alias inside the collection it names (`a: &x { b: *x }`) makes a value
   * that contains itself: no plan (JSON) can hold it, and every walk over it
   * would never end.
   */
  #checkCycles(): void {
    visit(this.#doc, {
      Alias: (_, alias, path) => {
        const source = alias.resolve(this.#doc);
        if (source === undefined || !path.includes(source)) return undefined;
        this.errors.push({
          message: `an alias \`*${alias.source}\` inside the value it names, expected an alias to a value that is complete where it is used`,
          place: this.point(alias.range?.[0] ?? 0),
        });
        return visit.BREAK;
      },
    });
  }

  #unquoted(offset: number): YamlSyntaxError {
    return {
      ruleId: 'unquoted-template',
      message: 'Unexpected unquoted `{{`, expected quotes around a value that starts with a template (YAML reads `{` as a mapping)',
      place: this.point(offset),
    };
  }

  /** The markdown place of a 0-based offset into the snippet. */
  point(offset: number): Place {
    const { line, col } = this.#lines.linePos(Math.max(0, Math.min(offset, this.#text.length)));
    return { line: this.#origin.line + line - 1, column: this.#origin.column + col - 1 };
  }

  /** The node at `path` (its value, or with `key` the key of its last segment), when it exists. */
  node(path: readonly PathSegment[], key = false): Node | undefined {
    let node: unknown = this.#doc.contents;
    let keyNode: unknown;
    for (const segment of path) {
      keyNode = undefined;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
        keyNode = pair?.key;
        node = pair?.value;
      } else if (isSeq(node) && typeof segment === 'number') {
        node = node.items[segment];
      } else {
        node = undefined;
      }
    }
    const found = key ? keyNode : node;
    return isNodeLike(found) ? found : undefined;
  }

  /** Place of the value (or key) at `path`, falling back to its key, then to the nearest ancestor's key. */
  at(path: readonly PathSegment[], key = false): Place {
    for (let depth = path.length; depth >= 0; depth--) {
      const sub = path.slice(0, depth);
      const preferKey = key || depth < path.length;
      const first = this.node(sub, preferKey && depth > 0)?.range?.[0];
      const start = first ?? (depth > 0 ? this.node(sub, !preferKey)?.range?.[0] : undefined);
      if (start !== undefined) return this.point(start);
    }
    return this.#origin;
  }

  /**
   * Place of character `offset` of the string value at `path`. YAML quoting and
   * escapes mean the value is not always a verbatim slice of the source, so the
   * text around the offset is searched for in the scalar's source; when it is
   * not found the scalar's start is used.
   */
  inString(path: readonly PathSegment[], value: string, offset: number): Place {
    const node = this.node(path);
    const range = node?.range;
    if (!range) return this.at(path);
    const raw = this.#text.slice(range[0], range[1]);
    // Anchor on the template or word that holds the offset.
    const open = value.lastIndexOf('{{', offset);
    const anchor = open >= 0 ? open : 0;
    const close = value.indexOf('}}', offset);
    const needle = value.slice(anchor, close >= 0 ? close + 2 : value.length);
    // The same template can occur twice in one string: match occurrence for occurrence.
    let nth = 0;
    for (let at = value.indexOf(needle); at >= 0 && at < anchor; at = value.indexOf(needle, at + 1)) nth++;
    let found = needle.length > 0 ? raw.indexOf(needle) : -1;
    for (; nth > 0 && found >= 0; nth--) found = raw.indexOf(needle, found + 1);
    if (found < 0) return this.point(range[0]);
    return this.point(range[0] + found + (offset - anchor));
  }
}

function isNodeLike(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && 'range' in value;
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
}
