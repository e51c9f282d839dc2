/**
 * JSON reading and writing that keeps 19-digit Yeastar ids exact.
 *
 * The Partner API writes ids such as 3197218168379846218 as bare JSON numbers, and
 * `JSON.parse` rounds every integer above 2^53 - 1 (that one becomes 3197218168379846000).
 * These helpers never let such a value pass through a JavaScript number.
 */

const NUMBER_TOKEN = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;

/** Unsafe integers have at least 16 digits, so text without such a run needs no rewriting. */
const LONG_DIGIT_RUN = /\d{16}/;

/**
 * Parses JSON text like `JSON.parse`, except that an integer literal outside the safe
 * integer range comes back as its decimal string, with every digit.
 *
 * Throws the `SyntaxError` of `JSON.parse` when the text is not valid JSON.
 */
export function parseJson(text: string): unknown {
  return JSON.parse(quoteUnsafeIntegers(text));
}

function quoteUnsafeIntegers(text: string): string {
  if (!LONG_DIGIT_RUN.test(text)) {
    return text;
  }

  let output = '';
  let copiedUpTo = 0;
  let index = 0;

  while (index < text.length) {
    const code = text.charCodeAt(index);

    if (code === QUOTE) {
      index = skipString(text, index);
      continue;
    }

    if (code !== MINUS && (code < DIGIT_0 || code > DIGIT_9)) {
      index += 1;
      continue;
    }

    NUMBER_TOKEN.lastIndex = index;
    const match = NUMBER_TOKEN.exec(text);
    if (match === null) {
      // Not a number token: leave it for JSON.parse to reject with its own message.
      index += 1;
      continue;
    }

    const token = match[0];
    if (isUnsafeInteger(token)) {
      output += text.slice(copiedUpTo, index) + '"' + token + '"';
      copiedUpTo = index + token.length;
    }
    index += token.length;
  }

  return copiedUpTo === 0 ? text : output + text.slice(copiedUpTo);
}

/** Returns the index just past the string literal that starts at `start`. */
function skipString(text: string, start: number): number {
  let index = start + 1;
  while (index < text.length) {
    const code = text.charCodeAt(index);
    if (code === BACKSLASH) {
      index += 2;
    } else if (code === QUOTE) {
      return index + 1;
    } else {
      index += 1;
    }
  }
  return index;
}

function isUnsafeInteger(token: string): boolean {
  if (/[.eE]/.test(token)) {
    return false;
  }
  const digits = token.startsWith('-') ? token.slice(1) : token;
  if (digits.length < 16) {
    return false;
  }
  return !Number.isSafeInteger(Number(token));
}

/**
 * Serializes a value like `JSON.stringify`, writing every `bigint` as a bare JSON number
 * with all its digits. Use `BigInt(id)` for the fields the Partner API types Long or
 * Integer, and plain strings everywhere else.
 */
export function stringifyJson(value: unknown, space?: number): string {
  let hasBigInt = false;
  const text = JSON.stringify(
    value,
    (_key, item: unknown) => {
      if (typeof item !== 'bigint') return item;
      hasBigInt = true;
      return BIGINT_MARKER + item.toString();
    },
    space,
  );
  if (text === undefined) {
    throw new TypeError('stringifyJson: the value has no JSON representation');
  }
  return hasBigInt ? text.replace(BIGINT_PATTERN, '$1') : text;
}

/**
 * Stands in for a bigint inside a JSON string until the string is replaced by the bare
 * digits. The random part, drawn once per process, keeps a caller's own string from
 * matching it.
 */
const BIGINT_MARKER = `\u0001${Math.random().toString(36).slice(2)}:`;
const BIGINT_PATTERN = new RegExp(
  `"${JSON.stringify(BIGINT_MARKER).slice(1, -1).replace(/[\\$.*+?()[\]{}|^]/g, '\\$&')}(-?\\d+)"`,
  'g',
);

/** Converts a decimal id to a `bigint`, for a Long or Integer field of a Partner API request. */
export function toLong(id: string): bigint {
  if (!/^-?\d+$/.test(id)) {
    throw new TypeError(`Invalid id "${id}": expected a decimal integer string`);
  }
  return BigInt(id);
}
