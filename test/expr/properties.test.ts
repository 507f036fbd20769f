// Property tests: whatever authors type, the language answers with its own
// errors, never a crash (TypeError, RangeError: stack overflow, …).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateCondition, ExprEvalError, ExprSyntaxError, parseTemplate, renderValue } from '../../expr/index.js';

// Strings biased towards the language's own characters, so the parser gets past the first token.
const fragments = ['{{', '}}', '\\{{', ' ', '(', ')', '[', ']', '.', ',', "'", '"', '\\', '!', '-', '+', '*', '/', '%', '==', '!=', '<', '>=', '&&', '||', '?', ':', 'in', 'a', 'params', 'x', '__proto__', 'constructor', 'len', 'default', 'json', 'number', '0', '1', '2.5', 'null', 'true', '[]'];
const exprish = fc.array(fc.constantFrom(...fragments), { maxLength: 40 }).map((parts) => parts.join(''));
const anyText = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }), exprish);
const scope = fc.dictionary(fc.constantFrom('a', 'x', 'params', 'len'), fc.jsonValue({ maxDepth: 3 }));

const isLanguageError = (error: unknown): boolean => error instanceof ExprSyntaxError || error instanceof ExprEvalError;

describe('properties', () => {
  it('parseTemplate returns parts or throws ExprSyntaxError, with an offset inside the string', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        try {
          const parts = parseTemplate(s);
          expect(Array.isArray(parts)).toBe(true);
        } catch (error) {
          if (!(error instanceof ExprSyntaxError)) throw error;
          expect(error.offset).toBeGreaterThanOrEqual(0);
          expect(error.offset).toBeLessThanOrEqual(s.length);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('evaluateCondition returns a boolean or throws ExprSyntaxError/ExprEvalError', () => {
    fc.assert(
      fc.property(anyText, scope, (src, vars) => {
        try {
          expect(typeof evaluateCondition(src, vars)).toBe('boolean');
        } catch (error) {
          if (!isLanguageError(error)) throw error;
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('rendering a string without `{{` returns it unchanged', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }).filter((s) => !s.includes('{{')), scope, (s, vars) => {
        expect(renderValue(s, vars)).toBe(s);
      }),
      { numRuns: 1000 },
    );
  });

  it('a rendered JSON value without templates is deep-equal to the input', () => {
    const noTemplates = fc.jsonValue({ maxDepth: 3 }).filter((v) => !JSON.stringify(v).includes('{{'));
    fc.assert(
      fc.property(noTemplates, (value) => {
        expect(renderValue(value as never, {})).toEqual(value);
      }),
      { numRuns: 500 },
    );
  });
});
