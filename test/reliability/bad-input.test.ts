/**
 * Invalid purchase requests at every entry point: the HTTP API returns 400 (413 for an
 * oversized body) naming the field and the fix, and a console start or a "Purchase
 * Requested" event ends in a FAILED execution with InvalidRequestError. In every case
 * nothing is recorded and the Partner API receives no request.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

import { SANDBOX_CLIENT_SECRET, TUTORIAL_PRODUCT_NO } from '../../local/sandbox/seed.js';
import {
  findSecretLeaks,
  OutputCapture,
  postPurchase,
  recordMeasurement,
  resetAll,
  sandboxRequests,
  SecretCollector,
  startReliabilityRuntime,
  type ReliabilityRuntime,
} from './support.js';

let env: ReliabilityRuntime;
const capture = new OutputCapture();

beforeAll(async () => {
  capture.start();
  env = await startReliabilityRuntime();
});

afterAll(async () => {
  capture.stop();
  await env.close();
});

beforeEach(async () => {
  await resetAll(env);
});

afterEach(async () => {
  await env.runtime.stepFunctions.waitForIdle();
});

const recipe = 'appliance-hotel-pms';

interface BadInput {
  name: string;
  /** The request as a JSON text; `JSON.parse` of it is the console input and event detail. */
  text: string;
  /** The field the error must name. */
  field: string;
  /** Part of the message that names what to send instead. */
  fix: RegExp;
}

const json = (value: unknown) => JSON.stringify(value);

const BAD_INPUTS: BadInput[] = [
  { name: 'missing productNo', text: json({ recipe }), field: 'productNo', fix: /serial number/ },
  { name: 'empty productNo', text: json({ productNo: '', recipe }), field: 'productNo', fix: /must not be empty/ },
  { name: 'unknown recipe', text: json({ productNo: TUTORIAL_PRODUCT_NO, recipe: 'no-such-recipe' }), field: 'recipe', fix: /known recipes are: .*appliance-hotel-pms/ },
  {
    name: 'id with non-digits',
    text: json({ productNo: TUTORIAL_PRODUCT_NO, recipe, billingContactId: '31972181683798462x8' }),
    field: 'billingContactId',
    fix: /decimal id/,
  },
  {
    name: 'small id as a JSON number',
    text: `{"productNo":"${TUTORIAL_PRODUCT_NO}","recipe":"${recipe}","billingContactId":12345}`,
    field: 'billingContactId',
    fix: /JSON string of digits/,
  },
  {
    name: '19-digit id as a JSON number',
    text: `{"productNo":"${TUTORIAL_PRODUCT_NO}","recipe":"${recipe}","billingContactId":3197218168379846218}`,
    field: 'billingContactId',
    fix: /string/,
  },
  { name: 'unexpected field', text: json({ productNo: TUTORIAL_PRODUCT_NO, recipe, colour: 'blue' }), field: 'colour', fix: /known fields are/ },
  { name: '__proto__ key', text: `{"productNo":"${TUTORIAL_PRODUCT_NO}","recipe":"${recipe}","__proto__":{"dryRun":true}}`, field: '__proto__', fix: /remove it/ },
  { name: 'constructor key', text: json({ productNo: TUTORIAL_PRODUCT_NO, recipe, constructor: { name: 'x' } }), field: 'constructor', fix: /remove it/ },
  { name: 'control character', text: json({ productNo: TUTORIAL_PRODUCT_NO, recipe, poNumber: 'HOTEL\n42' }), field: 'poNumber', fix: /control character/ },
  { name: 'over-long field', text: json({ productNo: TUTORIAL_PRODUCT_NO, recipe, poNumber: 'P'.repeat(65) }), field: 'poNumber', fix: /at most 64/ },
];

/** Asserts that the Partner API received nothing and no purchase was recorded. */
async function expectNothingHappened(): Promise<void> {
  expect(await sandboxRequests(env)).toEqual([]);
  expect(await env.runtime.store.listByProductNo(TUTORIAL_PRODUCT_NO)).toEqual([]);
}

describe('POST /purchases', () => {
  for (const input of BAD_INPUTS) {
    it(`${input.name}: 400 naming ${input.field}`, async () => {
      const answer = await postPurchase(env, input.text);
      await env.runtime.stepFunctions.waitForIdle();

      expect(answer.status, answer.text).toBe(400);
      expect(answer.json.error?.code).toBe('invalid_request');
      const issue = (answer.json.error?.details?.issues as Array<{ field: string; message: string }>).find((entry) => entry.field === input.field);
      expect(issue, answer.text).toBeDefined();
      expect(issue!.message).toMatch(input.fix);
      expect(answer.json.error?.message).toContain(input.field);
      expect(answer.text).not.toMatch(/\n\s+at /);
      expect(env.runtime.stepFunctions.listExecutions()).toEqual([]);
      await expectNothingHappened();
    });
  }

  it('invalid JSON: 400', async () => {
    const answer = await postPurchase(env, '{"productNo": "3631E0997265", "recipe": ');

    expect(answer.status, answer.text).toBe(400);
    expect(answer.json.error?.code).toBe('invalid_json');
    expect(answer.json.error?.message).toMatch(/not valid JSON/);
    expect(env.runtime.stepFunctions.listExecutions()).toEqual([]);
    await expectNothingHappened();
  });

  it('body over the size limit: 413', async () => {
    const answer = await postPurchase(env, json({ productNo: TUTORIAL_PRODUCT_NO, recipe, poNumber: 'P'.repeat(70 * 1024) }));

    expect(answer.status, answer.text).toBe(413);
    expect(answer.json.error?.code).toBe('payload_too_large');
    expect(answer.json.error?.message).toMatch(/over the limit of 65536 bytes/);
    expect(env.runtime.stepFunctions.listExecutions()).toEqual([]);
    await expectNothingHappened();
    await recordMeasurement('bad input over HTTP', env, { cases: BAD_INPUTS.length + 2 });
  });
});

/** Waits for the executions started since `before` and returns the only new one. */
async function onlyNewExecution(before: number) {
  await env.runtime.stepFunctions.waitForIdle();
  const executions = env.runtime.stepFunctions.listExecutions().slice(before);
  expect(executions).toHaveLength(1);
  return executions[0]!;
}

const oversized = { name: 'oversized input', text: json({ productNo: TUTORIAL_PRODUCT_NO, recipe, poNumber: 'P'.repeat(300 * 1024) }), field: 'poNumber', fix: /at most 64/ };

describe('console start', () => {
  for (const input of [...BAD_INPUTS, oversized]) {
    it(`${input.name}: FAILED naming ${input.field}`, async () => {
      const before = env.runtime.stepFunctions.listExecutions().length;
      env.runtime.stepFunctions.startExecution({ name: `console-bad-${before}`, input: JSON.parse(input.text) });

      const execution = await onlyNewExecution(before);

      expect(execution.status).toBe('FAILED');
      expect(execution.error).toBe('InvalidRequestError');
      expect(execution.cause).toContain(input.field);
      expect(execution.cause).toMatch(input.fix);
      await expectNothingHappened();
    });
  }
});

describe('Purchase Requested event', () => {
  for (const input of [...BAD_INPUTS, oversized]) {
    it(`${input.name}: FAILED naming ${input.field}`, async () => {
      const before = env.runtime.stepFunctions.listExecutions().length;
      env.runtime.putPurchaseRequestedEvent(JSON.parse(input.text));

      const execution = await onlyNewExecution(before);

      expect(execution.status).toBe('FAILED');
      expect(execution.error).toBe('InvalidRequestError');
      expect(execution.cause).toContain(input.field);
      expect(execution.cause).toMatch(input.fix);
      await expectNothingHappened();
    });
  }
});

describe('secrets', () => {
  it('client secret appears in no output or history', async () => {
    const secrets = new SecretCollector([SANDBOX_CLIENT_SECRET]);
    expect(await findSecretLeaks(env, capture, secrets, [])).toEqual([]);
  });
});
