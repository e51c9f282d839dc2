import { describe, expect, it } from 'vitest';

import { parseJson, stringifyJson, toLong } from '../../functions/partner-api/json.js';

describe('parseJson', () => {
  it('keeps 19-digit integers exact as strings', () => {
    const parsed = parseJson('{"billingId":3197218168379846218,"serviceId":3131184659391672320}') as Record<string, unknown>;

    expect(parsed.billingId).toBe('3197218168379846218');
    expect(parsed.serviceId).toBe('3131184659391672320');
  });

  it('leaves safe integers, decimals and exponents as numbers', () => {
    const parsed = parseJson('[9007199254740991, 2.5, 1e30, -12]');

    expect(parsed).toEqual([9007199254740991, 2.5, 1e30, -12]);
  });

  it('does not touch digits inside strings', () => {
    const parsed = parseJson('{"note":"id \\"3197218168379846218\\" and 3131184659391672320"}') as Record<string, unknown>;

    expect(parsed.note).toBe('id "3197218168379846218" and 3131184659391672320');
  });

  it('rejects invalid JSON with a SyntaxError', () => {
    expect(() => parseJson('{"a":')).toThrow(SyntaxError);
    expect(() => parseJson('<html>')).toThrow(SyntaxError);
  });
});

describe('stringifyJson', () => {
  it('writes bigint as bare digits', () => {
    const text = stringifyJson({ billingId: toLong('3197218168379846218'), productNo: '3631E0997265' });

    expect(text).toBe('{"billingId":3197218168379846218,"productNo":"3631E0997265"}');
  });

  it('round-trips with parseJson without rounding', () => {
    const text = stringifyJson({ ids: [toLong('3048571730026938368'), toLong('3299326068732223488')] });

    expect(parseJson(text)).toEqual({ ids: ['3048571730026938368', '3299326068732223488'] });
  });

  it('keeps a string that looks like the internal marker as a string', () => {
    const text = stringifyJson({ value: '\u0001abc:123' });

    expect(JSON.parse(text)).toEqual({ value: '\u0001abc:123' });
  });
});

describe('toLong', () => {
  it('rejects a value that is not a decimal integer', () => {
    expect(() => toLong('12a')).toThrow(/Invalid id "12a"/);
  });
});
