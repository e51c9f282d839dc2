/**
 * The purchase request: one schema for the HTTP body, the Step Functions execution input
 * and the EventBridge event detail. A request either names a recipe or gives
 * `productId`, `operationType` and `items` itself.
 */
import * as z from 'zod';

import { canonicalJson, sha256Hex } from './canonical.js';
import { InvalidRequestError, type RequestIssue } from './errors.js';
import { findBillingOption, getRecipe, RECIPE_NAMES, type Recipe } from './recipes.js';
import {
  billingCycleField,
  catalogueNameField,
  idempotencyKeyField,
  idField,
  itemSchema,
  MAX_ITEMS,
  multiCycleField,
  objectError,
  operationTypeField,
  poNumberField,
  productNoField,
  quantityField,
  textField,
} from './request-fields.js';
import { findUnsafeContent } from './request-guards.js';

const EXPLICIT_FIELDS = ['productId', 'operationType', 'items'] as const;
const RECIPE_ONLY_FIELDS = ['planName', 'serviceName', 'quantity', 'connectionPlanId', 'billingCycle', 'multiCycle'] as const;

const requestShape = {
  productNo: productNoField.optional(),
  recipe: textField(64).optional(),
  productId: idField.optional(),
  operationType: operationTypeField.optional(),
  items: z
    .array(itemSchema, { error: 'must be an array of plans and services' })
    .min(1, { error: 'must list at least one plan or service' })
    .max(MAX_ITEMS, { error: `must list at most ${MAX_ITEMS} plans and services` })
    .optional(),
  planName: catalogueNameField.optional(),
  serviceName: catalogueNameField.optional(),
  quantity: quantityField.optional(),
  connectionPlanId: idField.optional(),
  billingCycle: billingCycleField.optional(),
  multiCycle: multiCycleField.optional(),
  billingContactId: idField.optional(),
  poNumber: poNumberField.optional(),
  idempotencyKey: idempotencyKeyField.optional(),
  dryRun: z.boolean({ error: 'must be true or false' }).default(false),
  partnerId: idField.optional(),
  assignId: idField.optional(),
};

/** The request schema, with the rules that tie fields together. */
export const purchaseRequestSchema = z
  .strictObject(requestShape, { error: objectError(requestShape, 'a JSON object') })
  .superRefine((request, context) => {
    for (const issue of crossFieldIssues(request)) {
      context.addIssue({ code: 'custom', path: issue.field === '(request)' ? [] : [issue.field], message: issue.message });
    }
  });

/** A normalized purchase request. */
export type PurchaseRequest = z.output<typeof purchaseRequestSchema>;

type RequestFields = PurchaseRequest;

function crossFieldIssues(request: RequestFields): RequestIssue[] {
  const explicitGiven = EXPLICIT_FIELDS.filter((field) => request[field] !== undefined);

  if (request.recipe !== undefined && explicitGiven.length > 0) {
    return explicitGiven.map((field) => ({
      field,
      message: `give either a recipe or the explicit form (productId, operationType, items), not both; remove ${field} or recipe`,
    }));
  }

  if (request.recipe !== undefined) {
    const recipe = getRecipe(request.recipe);
    if (recipe === undefined) {
      return [{ field: 'recipe', message: `unknown recipe "${request.recipe}"; the known recipes are: ${RECIPE_NAMES.join(', ')}` }];
    }
    return recipeIssues(recipe, request);
  }

  return explicitIssues(request, explicitGiven);
}

function explicitIssues(request: RequestFields, explicitGiven: readonly string[]): RequestIssue[] {
  const issues: RequestIssue[] = [];

  if (explicitGiven.length === 0) {
    return [{ field: 'recipe', message: `is required unless productId, operationType and items are given; the known recipes are: ${RECIPE_NAMES.join(', ')}` }];
  }
  for (const field of EXPLICIT_FIELDS) {
    if (request[field] === undefined) {
      issues.push({ field, message: 'is required in the explicit form (productId, operationType, items)' });
    }
  }
  for (const field of RECIPE_ONLY_FIELDS) {
    if (request[field] !== undefined) {
      issues.push({ field, message: 'applies to recipes only; in the explicit form set it on each item instead' });
    }
  }
  if (request.operationType?.startsWith('trial') && request.billingContactId !== undefined) {
    issues.push({ field: 'billingContactId', message: 'trial orders carry no billing contact; remove billingContactId' });
  }
  return issues;
}

function recipeIssues(recipe: Recipe, request: RequestFields): RequestIssue[] {
  const issues: RequestIssue[] = [];
  const about = `recipe ${recipe.name}`;

  checkRule(issues, recipe.productNo, request.productNo, 'productNo', `${about} needs productNo, the PBX serial number (SN)`, about);
  checkRule(issues, recipe.quantity, request.quantity, 'quantity', `${about} needs quantity, the number of extensions, connections or minutes`, about);
  checkRule(issues, recipe.connectionPlanId, request.connectionPlanId, 'connectionPlanId', `${about} needs connectionPlanId, the id of the current plan the service depends on`, about);

  if (!recipe.billingContact && request.billingContactId !== undefined) {
    issues.push({ field: 'billingContactId', message: `${about} places a trial order, which carries no billing contact; remove billingContactId` });
  }

  const nameField = recipe.catalogueName.field;
  const otherNameField = nameField === 'planName' ? 'serviceName' : 'planName';
  if (request[otherNameField] !== undefined) {
    issues.push({ field: otherNameField, message: `${about} buys a ${recipe.serviceType}; give its name as ${nameField} instead` });
  }
  if (request[nameField] === undefined && recipe.catalogueName.default === undefined) {
    issues.push({ field: nameField, message: `${about} needs ${nameField}, the name of the ${recipe.serviceType} as the product catalogue lists it` });
  }

  issues.push(...billingIssues(recipe, request));
  return issues;
}

function checkRule(issues: RequestIssue[], rule: string, value: unknown, field: string, missing: string, about: string): void {
  if (rule === 'required' && value === undefined) {
    issues.push({ field, message: missing });
  }
  if (rule === 'forbidden' && value !== undefined) {
    issues.push({ field, message: `${about} does not use ${field}; remove it` });
  }
}

function billingIssues(recipe: Recipe, request: RequestFields): RequestIssue[] {
  const about = `recipe ${recipe.name}`;
  const cycles = recipe.billing.map((option) => option.billingCycle).filter((cycle) => cycle !== undefined);
  const option = findBillingOption(recipe, request.billingCycle);

  if (option === undefined) {
    if (request.billingCycle === undefined) {
      return [{ field: 'billingCycle', message: `${about} needs billingCycle, one of: ${cycles.join(', ')}` }];
    }
    const allowed = cycles.length === 0 ? 'it sends no billing cycle; remove billingCycle' : `use one of: ${cycles.join(', ')}`;
    return [{ field: 'billingCycle', message: `${about} does not offer "${request.billingCycle}"; ${allowed}` }];
  }

  const rule = option.multiCycle;
  const cycleName = option.billingCycle ?? 'trial';
  if (typeof rule === 'number') {
    if (request.multiCycle !== undefined && request.multiCycle !== rule) {
      return [{ field: 'multiCycle', message: `${about} sends multiCycle ${rule} for ${cycleName}; remove multiCycle or set it to ${rule}` }];
    }
    return [];
  }
  if (request.multiCycle === undefined && rule.default === undefined) {
    return [{ field: 'multiCycle', message: `${about} needs multiCycle for ${cycleName}, the number of cycles from ${rule.min} to ${rule.max}` }];
  }
  if (request.multiCycle !== undefined && (request.multiCycle < rule.min || request.multiCycle > rule.max)) {
    return [{ field: 'multiCycle', message: `${about} accepts multiCycle from ${rule.min} to ${rule.max} for ${cycleName}` }];
  }
  return [];
}

/**
 * Validates and normalizes a purchase request. Parsing a normalized request returns an
 * equal request. Throws `InvalidRequestError` listing every problem found.
 */
export function parsePurchaseRequest(input: unknown): PurchaseRequest {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw new InvalidRequestError([{ field: '(request)', message: 'must be a JSON object' }]);
  }

  const unsafe = findUnsafeContent(input);
  if (unsafe.length > 0) {
    throw new InvalidRequestError(unsafe);
  }

  const result = purchaseRequestSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidRequestError(toRequestIssues(result.error));
  }
  return result.data;
}

function toRequestIssues(error: z.ZodError): RequestIssue[] {
  const issues: RequestIssue[] = [];
  for (const issue of error.issues) {
    const base = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        issues.push({ field: base === '' ? key : `${base}.${key}`, message: issue.message });
      }
      continue;
    }
    issues.push({ field: base === '' ? '(request)' : base, message: issue.message });
  }
  return issues;
}

function formatPath(path: readonly PropertyKey[]): string {
  let text = '';
  for (const part of path) {
    if (typeof part === 'number') {
      text += `[${part}]`;
    } else {
      text += text === '' ? String(part) : `.${String(part)}`;
    }
  }
  return text;
}

/**
 * Computes the purchase id and the request hash of a normalized request.
 * `requestHash` is the SHA-256 of the canonical request without `idempotencyKey`.
 * `purchaseId` is the idempotency key, or else `p-` and the first 32 hex characters of that hash.
 */
export function computePurchaseId(request: PurchaseRequest): { purchaseId: string; requestHash: string } {
  const { idempotencyKey, ...rest } = request;
  const requestHash = sha256Hex(canonicalJson(rest));
  return { purchaseId: idempotencyKey ?? `p-${requestHash.slice(0, 32)}`, requestHash };
}
