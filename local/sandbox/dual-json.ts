/**
 * Field readers for a JSON object parsed twice. `parseJson` gives the exact values, and
 * `JSON.parse` gives the JSON type of each field, which distinguishes a Long written as a
 * JSON string from a bare number.
 */

import { validationError } from './envelope.js';

/** A JSON object seen both ways: exact values and the JSON type of each field. */
export interface DualObject {
  values: Record<string, unknown>;
  types: Record<string, unknown>;
}

const MAX_LONG = 9223372036854775807n;

/**
 * Reads a Long or Integer field as a decimal string, or undefined when it is absent.
 * A JSON string is rejected unless the `acceptStringLongs` setting is on.
 */
export function readLong(object: DualObject, field: string, path: string, acceptStrings: boolean): string | undefined {
  const value = object.values[field];
  const written = object.types[field];
  if (value === undefined || value === null) {
    return undefined;
  }

  let digits: string;
  if (typeof written === 'number') {
    if (!Number.isInteger(written) || written < 0) {
      throw validationError(path, 'numeric', `${path} must be a non-negative integer`);
    }
    digits = typeof value === 'string' ? value : BigInt(value as number).toString();
  } else if (typeof written === 'string') {
    if (!acceptStrings) {
      throw validationError(path, 'number', `${path} must be a JSON number, not a string (got "${written}")`);
    }
    if (!/^\d{1,19}$/.test(written)) {
      throw validationError(path, 'numeric', `${path} "${written}" is not a decimal id`);
    }
    digits = written;
  } else {
    throw validationError(path, 'numeric', `${path} must be an integer`);
  }

  if (BigInt(digits) > MAX_LONG) {
    throw validationError(path, 'max', `${path} ${digits} is larger than a Long`);
  }
  return digits;
}

export function readString(object: DualObject, field: string, path: string, maxLength = 128): string | undefined {
  const value = object.values[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'string') {
    throw validationError(path, 'string', `${path} must be a string`);
  }
  if (value.length > maxLength) {
    throw validationError(path, 'max', `${path} is longer than ${maxLength} characters`);
  }
  return value;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

