import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalLabels, labelKey, matchesLabels } from '../../incidents/labels.js';

const labelSets = fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 6 });

describe('labelKey', () => {
  it('is 8 hex digits and the same for the same labels in any order', () => {
    expect(labelKey({ b: '2', a: '1' })).toMatch(/^[0-9a-f]{8}$/);
    expect(labelKey({ b: '2', a: '1' })).toBe(labelKey({ a: '1', b: '2' }));
    fc.assert(
      fc.property(labelSets, (labels) => {
        const reversed = Object.fromEntries(Object.entries(labels).reverse());
        expect(labelKey(reversed)).toBe(labelKey(labels));
      }),
    );
  });

  it('tells apart sets that a naive k=v,k=v join would confuse', () => {
    expect(labelKey({ a: '1,b=2' })).not.toBe(labelKey({ a: '1', b: '2' }));
    expect(labelKey({ 'a=1': '' })).not.toBe(labelKey({ a: '=1' }));
    expect(labelKey({ a: '1' })).not.toBe(labelKey({ a: '2' }));
  });

  it('sorts by code unit, not by locale', () => {
    expect(canonicalLabels({ b: '1', B: '2', a: '3' })).toBe('"B"="2","a"="3","b"="1"');
  });

  it('canonical text is injective: different sets never share it', () => {
    fc.assert(
      fc.property(labelSets, labelSets, (x, y) => {
        const same = JSON.stringify(Object.entries(x).sort()) === JSON.stringify(Object.entries(y).sort());
        expect(canonicalLabels(x) === canonicalLabels(y)).toBe(same);
      }),
    );
  });
});

describe('matchesLabels', () => {
  it('needs every match label with an equal value', () => {
    expect(matchesLabels({ service: 'db' }, { service: 'db', severity: 'page' })).toBe(true);
    expect(matchesLabels({ service: 'db', severity: 'page' }, { service: 'db' })).toBe(false);
    expect(matchesLabels({ service: 'db' }, { service: 'web' })).toBe(false);
    expect(matchesLabels({}, {})).toBe(true);
  });
});
