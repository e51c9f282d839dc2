import { describe, expect, it } from 'vitest';

import { parseJson, stringifyJson, toLong } from '../../functions/partner-api/json.js';

describe('parseJson edge cases', () => {
  it('keeps negative integers beyond the safe range exact', () => {
    expect(parseJson('[-3197218168379846218]')).toEqual(['-3197218168379846218']);
  });

  it('splits at the safe integer limit', () => {
    expect(parseJson('[9007199254740991, 9007199254740992, 9007199254740993]')).toEqual([9007199254740991, '9007199254740992', '9007199254740993']);
  });

  it('leaves 16-digit safe integers as numbers', () => {
    expect(parseJson('1234567890123456')).toBe(1234567890123456);
  });

  it('leaves large decimals and exponents as numbers', () => {
    expect(parseJson('[3197218168379846218.5, 3197218168379846218e0]')).toEqual([3197218168379846218.5, 3197218168379846218]);
  });

  it('handles escaped quotes and backslashes before digits', () => {
    const parsed = parseJson('{"a":"x\\\\","b":3197218168379846218,"c":"\\"3131184659391672320\\""}') as Record<string, unknown>;

    expect(parsed).toEqual({ a: 'x\\', b: '3197218168379846218', c: '"3131184659391672320"' });
  });

  it('handles ids as object keys and nested arrays', () => {
    const parsed = parseJson('{"3197218168379846218":[[3131184659391672320]]}');

    expect(parsed).toEqual({ '3197218168379846218': [['3131184659391672320']] });
  });

  it('handles whitespace around numbers', () => {
    expect(parseJson(' {\n "id" :\t3197218168379846218 \n} ')).toEqual({ id: '3197218168379846218' });
  });

  it('rejects a leading zero like JSON.parse', () => {
    expect(() => parseJson('[03197218168379846218]')).toThrow(SyntaxError);
  });

  it('rejects an unterminated string', () => {
    expect(() => parseJson('{"a":"3197218168379846218')).toThrow(SyntaxError);
  });

  it('keeps a __proto__ key as data', () => {
    const parsed = parseJson('{"__proto__":{"polluted":3197218168379846218}}') as Record<string, unknown>;

    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(parsed, '__proto__')?.value).toEqual({ polluted: '3197218168379846218' });
  });
});

describe('stringifyJson edge cases', () => {
  it('writes negative and zero bigints', () => {
    expect(stringifyJson([toLong('-3197218168379846218'), 0n])).toBe('[-3197218168379846218,0]');
  });

  it('leaves a string that looks like a marker alone', () => {
    const text = stringifyJson({ note: '\u0001abc:123', id: 1n });

    expect(parseJson(text)).toEqual({ note: '\u0001abc:123', id: 1 });
  });

  it('drops undefined fields and indents on request', () => {
    expect(stringifyJson({ a: undefined, b: 2n }, 2)).toBe('{\n  "b": 2\n}');
  });

  it('throws for a value without JSON form', () => {
    expect(() => stringifyJson(undefined)).toThrow(TypeError);
  });
});

describe('toLong', () => {
  it('rejects values that are not decimal integers', () => {
    for (const value of ['', '12a', '1.5', ' 1', '1e3']) {
      expect(() => toLong(value)).toThrow(TypeError);
    }
  });
});
