/** The scrubber: every resolved secret, in the encodings a peer echoes, becomes its reference. */
import { describe, expect, it } from 'vitest';
import { Secret } from '../../hardware/secret.js';
import { Scrubber } from '../../secrets/index.js';

const VALUE = 'tok en/+?=&"x@1';
const LABEL = '{secret:env/T}';

function scrubber(): Scrubber {
  const s = new Scrubber();
  s.add(new Secret(VALUE), LABEL);
  return s;
}

describe('Scrubber', () => {
  it('replaces the value as written and in URL, form, JSON and base64 encodings', () => {
    const s = scrubber();
    const forms = [
      VALUE,
      encodeURIComponent(VALUE),
      encodeURI(VALUE),
      new URLSearchParams({ v: VALUE }).toString().slice(2),
      JSON.stringify(VALUE).slice(1, -1),
      Buffer.from(VALUE).toString('base64'),
      Buffer.from(VALUE).toString('base64url'),
    ];
    for (const form of forms) expect(s.text(`<${form}>`), form).toBe(`<${LABEL}>`);
    // JSON of an object holding the value: the escaped form is found in the text.
    expect(s.text(JSON.stringify({ echo: VALUE }))).toBe(`{"echo":"${LABEL}"}`);
  });

  it('finds a value the way a URL parser writes it in a path and in a query', () => {
    const value = 'p a"t<h>{x}`é\'';
    const s = new Scrubber();
    s.add(new Secret(value), LABEL);
    const url = new URL(`http://h/hook/${value}?q=${value}`);
    expect(s.text(url.href)).toBe(`http://h/hook/${LABEL}?q=${LABEL}`);
  });

  it('replaces in one pass: a replacement is never scanned again, and longer forms win', () => {
    const s = new Scrubber();
    s.add(new Secret('env'), '{secret:env/A}'); // the value is part of the label
    s.add(new Secret('abc'), '{secret:env/B}');
    s.add(new Secret('abcdef'), '{secret:env/C}');
    expect(s.text('env abcdef abc')).toBe('{secret:env/A} {secret:env/C} {secret:env/B}');
  });

  it('scrubs strings and keys at any depth of a value, keeping its shape and `__proto__` keys', () => {
    const s = scrubber();
    const parsed = JSON.parse(`{"a":[1,true,null,{"${VALUE.replace(/"/g, '\\"')}":"x ${VALUE.replace(/"/g, '\\"')}"}],"__proto__":{"k":"${VALUE.replace(/"/g, '\\"')}"}}`) as unknown;
    const out = s.value(parsed) as Record<string, unknown>;
    expect(JSON.stringify(out)).not.toContain('tok en');
    expect(out['a']).toEqual([1, true, null, { [LABEL]: `x ${LABEL}` }]);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).toBe(true);

    let deep: unknown = VALUE;
    for (let i = 0; i < 50_000; i++) deep = [deep];
    let inner = s.value(deep);
    for (let i = 0; i < 50_000; i++) inner = (inner as unknown[])[0];
    expect(inner).toBe(LABEL);
  });

  it('cuts the start of a secret off the end of a truncated text', () => {
    const s = scrubber();
    expect(s.text(`body ${VALUE.slice(0, 5)}`, { cutTail: true })).toBe('body ');
    expect(s.text(`body ${VALUE.slice(0, 5)}`)).toBe(`body ${VALUE.slice(0, 5)}`);
  });

  it('changes nothing while it holds no secret', () => {
    const s = new Scrubber();
    const value = { a: ['x'] };
    expect(s.empty).toBe(true);
    expect(s.value(value)).toBe(value);
    expect(s.text('x')).toBe('x');
  });
});
