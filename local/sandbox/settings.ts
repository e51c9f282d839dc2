/**
 * Run-time settings of the sandbox. Each one picks between behaviours that Yeastar does not
 * document, or adds a fixed latency for benchmarks.
 */

export interface SandboxSettings {
  /** Fixed delay in milliseconds before every Partner API response. */
  latencyMs: number;
  /** Reject Partner API requests without a User-Agent header (400 parameter_validation_failed). */
  userAgentRequired: boolean;
  /** A refresh invalidates the refresh token it used. */
  refreshRotates: boolean;
  /** Accept Long and Integer body fields of `save` written as JSON strings. */
  acceptStringLongs: boolean;
  /**
   * Key of the name in `purchase_product_info` items: `serviceName` or `planName` (both mean
   * `planName` on plans and `serviceName` on services), or `name` on both.
   */
  catalogueNameField: 'serviceName' | 'planName' | 'name';
  /** `orderStatus` of a new order. */
  saveOrderStatus: 'succeed' | 'pending';
  /** Order of the `page` order list. */
  orderListOrder: 'newest-first' | 'oldest-first';
}

export const DEFAULT_SETTINGS: Readonly<SandboxSettings> = {
  latencyMs: 0,
  userAgentRequired: true,
  refreshRotates: true,
  acceptStringLongs: false,
  catalogueNameField: 'serviceName',
  saveOrderStatus: 'succeed',
  orderListOrder: 'newest-first',
};

const CHOICES: Partial<Record<keyof SandboxSettings, readonly string[]>> = {
  catalogueNameField: ['serviceName', 'planName', 'name'],
  saveOrderStatus: ['succeed', 'pending'],
  orderListOrder: ['newest-first', 'oldest-first'],
};

/** Raised for an unknown setting or a value of the wrong type. */
export class InvalidSettingError extends Error {
  override name = 'InvalidSettingError';
}

/**
 * Checks a partial settings object and returns it typed. Throws `InvalidSettingError`
 * naming the first unknown key or invalid value.
 */
export function parseSettings(input: unknown): Partial<SandboxSettings> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new InvalidSettingError('Invalid settings: expected a JSON object such as {"latencyMs": 20}');
  }

  const parsed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (!Object.hasOwn(DEFAULT_SETTINGS, key)) {
      const known = Object.keys(DEFAULT_SETTINGS).join(', ');
      throw new InvalidSettingError(`Unknown setting "${key}": expected one of ${known}`);
    }
    const name = key as keyof SandboxSettings;
    const expectedType = typeof DEFAULT_SETTINGS[name];
    if (typeof value !== expectedType) {
      throw new InvalidSettingError(`Invalid setting ${key}=${JSON.stringify(value)}: expected a ${expectedType}`);
    }
    const choices = CHOICES[name];
    if (choices !== undefined && !choices.includes(value as string)) {
      throw new InvalidSettingError(`Invalid setting ${key}="${String(value)}": expected one of ${choices.join(', ')}`);
    }
    if (name === 'latencyMs' && (!Number.isInteger(value) || (value as number) < 0 || (value as number) > 60_000)) {
      throw new InvalidSettingError(`Invalid setting latencyMs=${String(value)}: expected an integer from 0 to 60000`);
    }
    parsed[name] = value;
  }
  return parsed as Partial<SandboxSettings>;
}
