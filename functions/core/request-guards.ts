/**
 * Checks on the raw purchase request that run before the schema: keys that could
 * pollute prototypes and control characters hidden in strings.
 */
import type { RequestIssue } from './errors.js';

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

// C0 controls (tab and newline included), DEL and C1 controls; none belongs in an id, a name or a reference.
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTER = /[\u0000-\u001f\u007f-\u009f]/;

/** Nesting deeper than this is reported instead of walked, because the request schema is two levels deep. */
const MAX_DEPTH = 6;

/** Arrays and objects larger than this are reported instead of walked; the schema allows far fewer entries. */
const MAX_ENTRIES = 100;

/**
 * Lists forbidden keys (`__proto__`, `constructor`, `prototype`) and strings with control
 * characters anywhere in `input`, with the path of each.
 */
export function findUnsafeContent(input: unknown): RequestIssue[] {
  const issues: RequestIssue[] = [];
  walk(input, '', 0, issues);
  return issues;
}

function walk(value: unknown, path: string, depth: number, issues: RequestIssue[]): void {
  if (typeof value === 'string') {
    if (CONTROL_CHARACTER.test(value)) {
      issues.push({ field: path || '(request)', message: 'contains a control character (such as a newline or tab); remove it' });
    }
    return;
  }

  if (value === null || typeof value !== 'object') return;

  if (depth >= MAX_DEPTH) {
    issues.push({ field: path || '(request)', message: `is nested more than ${MAX_DEPTH} levels deep; send the documented fields only` });
    return;
  }

  const size = Array.isArray(value) ? value.length : Object.keys(value).length;
  if (size > MAX_ENTRIES) {
    issues.push({ field: path || '(request)', message: `has ${size} entries, more than ${MAX_ENTRIES}; send the documented fields only` });
    return;
  }

  if (Array.isArray(value)) {
    value.forEach((item, index) => walk(item, `${path}[${index}]`, depth + 1, issues));
    return;
  }

  for (const key of Object.keys(value)) {
    const childPath = path === '' ? key : `${path}.${key}`;
    if (FORBIDDEN_KEYS.has(key)) {
      issues.push({ field: childPath, message: `the key "${key}" is not allowed; remove it` });
      continue;
    }
    if (CONTROL_CHARACTER.test(key)) {
      issues.push({ field: path || '(request)', message: 'contains a key with a control character; remove it' });
      continue;
    }
    walk((value as Record<string, unknown>)[key], childPath, depth + 1, issues);
  }
}
