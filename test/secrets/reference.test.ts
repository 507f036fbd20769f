/** The reference syntax: what is a reference, what is refused, and that templates leave it alone. */
import { describe, expect, it } from 'vitest';
import { renderValue } from '../../expr/index.js';
import { containsSecretRef, hasSecretRef, SecretUnavailableError, secretRefsIn, splitSecretRefs } from '../../secrets/index.js';

describe('secret references', () => {
  it('stand alone or inside text, and say which store and name they mean', () => {
    expect(splitSecretRefs('{secret:env/PAGER}')).toEqual([{ kind: 'ref', ref: { store: 'env', name: 'PAGER', text: '{secret:env/PAGER}' } }]);
    expect(splitSecretRefs('Bearer {secret:env/A}; {secret:file/etc/swaybot/secrets/b}!')).toEqual([
      { kind: 'text', text: 'Bearer ' },
      { kind: 'ref', ref: { store: 'env', name: 'A', text: '{secret:env/A}' } },
      { kind: 'text', text: '; ' },
      { kind: 'ref', ref: { store: 'file', name: 'etc/swaybot/secrets/b', text: '{secret:file/etc/swaybot/secrets/b}' } },
      { kind: 'text', text: '!' },
    ]);
    expect(secretRefsIn('https://h/{secret:env/U}/{secret:env/U}').map((r) => r.text)).toEqual(['{secret:env/U}', '{secret:env/U}']);
    expect(splitSecretRefs('no secret {here}')).toEqual([{ kind: 'text', text: 'no secret {here}' }]);
    expect(hasSecretRef('{{ params.x }}')).toBe(false);
    expect(containsSecretRef({ a: [1, { b: 'x {secret:env/A}' }] })).toBe(true);
    expect(containsSecretRef({ a: [1, { b: 'x' }], '{secret:env/A}': 1 })).toBe(false);
  });

  it('refuses text that starts like a reference and is not one, naming it', () => {
    for (const bad of ['{secret:env/}', '{secret:/A}', '{secret:Env/A}', '{secret:env/A B}', '{secret:env/A', '{secret:env/"A"}']) {
      let error: unknown;
      try {
        splitSecretRefs(`Bearer ${bad}`);
      } catch (err) {
        error = err;
      }
      expect(error, bad).toBeInstanceOf(SecretUnavailableError);
      expect((error as Error).message, bad).toMatch(/^Unexpected `\{secret:.*`, expected a secret reference `\{secret:<store>\/<name>\}`/);
      expect((error as SecretUnavailableError).retryable).toBe(false);
    }
  });

  it('never collides with `{{ }}` templates: rendering keeps references as written', () => {
    const scope = { params: { host: 'web-1' } };
    expect(renderValue('Bearer {secret:env/A}', scope)).toBe('Bearer {secret:env/A}');
    expect(renderValue('https://{{ params.host }}/hook/{secret:env/A}', scope)).toBe('https://web-1/hook/{secret:env/A}');
    expect(renderValue({ headers: { authorization: '{secret:env/A}' } }, scope)).toEqual({ headers: { authorization: '{secret:env/A}' } });
    // Doubled braces are a template, and not a valid one: an error, never a half-resolved secret.
    expect(() => renderValue('{{secret:env/A}}', scope)).toThrow();
  });
});
