/**
 * Validation of one `serviceList` item of a `save` body against the product's catalogue and
 * the tutorial rule of the order's operationType.
 */

import { SandboxApiError, validationError } from './envelope.js';
import { isObject, readLong, readString } from './dual-json.js';
import type { DualObject } from './dual-json.js';
import type { CatalogueItem, SeedPbx, SeedProduct } from './seed.js';
import { PURCHASE_TYPES } from './seed-tutorials.js';
import type { TutorialRule } from './seed-tutorials.js';
import type { OrderItem } from './state.js';

export type ValidatedItem = OrderItem;

export interface ItemCheck {
  item: DualObject;
  path: string;
  product: SeedProduct;
  rule: TutorialRule;
  pbx: SeedPbx | undefined;
  /** Plan ids ordered in the same body; a service's connectionPlanId must be one of them. */
  orderedPlanIds: ReadonlySet<string>;
  acceptStrings: boolean;
}

const BILLING_MODELS = ['recurring', 'once'];
const BILLING_CYCLES = ['annually', 'monthly', 'once'];

function readChoice(item: DualObject, field: string, path: string, choices: readonly string[]): string | undefined {
  const value = readString(item, field, `${path}.${field}`);
  if (value !== undefined && !choices.includes(value)) {
    throw validationError(`${path}.${field}`, 'oneof', `${path}.${field} "${value}" is not one of ${choices.join(', ')}`);
  }
  return value;
}

function readCount(item: DualObject, field: string, path: string): number | undefined {
  const value = item.values[field];
  if (value === undefined || value === null) {
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw validationError(`${path}.${field}`, 'numeric', `${path}.${field} must be a non-negative integer`);
  }
  return value;
}

function findCatalogueItem(check: ItemCheck, kind: 'plan' | 'service', id: string, field: string): CatalogueItem {
  const items = kind === 'plan' ? check.product.plans : check.product.services;
  const found = items.find((entry) => entry.id === id);
  if (found === undefined) {
    const code = kind === 'plan' ? 'plan_not_found' : 'service_not_found';
    throw new SandboxApiError(400, code, `${field} ${id} is not a ${kind} of product ${check.product.productId} (${check.product.name})`);
  }
  return found;
}

function checkFixedValues(check: ItemCheck, values: { billingModel?: string; billingCycle?: string; multiCycle?: number }): void {
  const { rule, path } = check;

  if (rule.billingModel !== undefined && values.billingModel !== rule.billingModel) {
    const tag = values.billingModel === undefined ? 'required' : 'eq';
    throw validationError(`${path}.billingModel`, tag, `${path}.billingModel must be "${rule.billingModel}" for ${rule.operationType} on product ${rule.productId}`);
  }

  if (rule.billingCycles !== undefined && (values.billingCycle === undefined || !rule.billingCycles.includes(values.billingCycle as never))) {
    const tag = values.billingCycle === undefined ? 'required' : 'oneof';
    throw validationError(`${path}.billingCycle`, tag, `${path}.billingCycle must be one of ${rule.billingCycles.join(', ')} for ${rule.operationType} on product ${rule.productId}`);
  }

  const allowed = rule.multiCycleAny ?? (values.billingCycle === undefined ? undefined : rule.multiCycles?.[values.billingCycle as 'once']);
  if (allowed !== undefined && (values.multiCycle === undefined || !allowed.includes(values.multiCycle))) {
    const tag = values.multiCycle === undefined ? 'required' : 'oneof';
    throw validationError(`${path}.multiCycle`, tag, `${path}.multiCycle must be one of ${allowed.join(', ')} here`);
  }
}

function checkQuantity(check: ItemCheck, serviceType: string, quantity: number | undefined): void {
  const { rule, path, pbx } = check;
  if (rule.quantity === 'forbidden' && quantity !== undefined) {
    throw validationError(`${path}.quantity`, 'excluded', `${path}.quantity is not used for ${rule.operationType} on product ${rule.productId}`);
  }
  if (rule.quantity === 'required' && quantity === undefined) {
    throw validationError(`${path}.quantity`, 'required', `${path}.quantity is required`);
  }
  if (quantity === undefined) {
    return;
  }
  if (rule.quantityRange !== undefined) {
    const [min, max] = rule.quantityRange;
    if (quantity < min || quantity > max) {
      throw validationError(`${path}.quantity`, quantity < min ? 'min' : 'max', `${path}.quantity must be from ${min} to ${max}`);
    }
  } else if (quantity < 1) {
    throw validationError(`${path}.quantity`, 'min', `${path}.quantity must be at least 1`);
  }
  if (rule.quantityEqualsExtensions && serviceType === 'plan' && pbx?.extensions != null && quantity !== pbx.extensions) {
    throw new SandboxApiError(400, 'quantity_mismatch', `${path}.quantity ${quantity} must equal the PBX's current extension count ${pbx.extensions}`);
  }
}

function checkConnectionPlan(check: ItemCheck, serviceType: string, connectionPlanId: string | undefined): void {
  const { rule, path, pbx, orderedPlanIds } = check;
  const field = `${path}.connectionPlanId`;
  if (rule.connectionPlanId === 'forbidden' && connectionPlanId !== undefined) {
    throw validationError(field, 'excluded', `${field} is not used for ${rule.operationType} on product ${rule.productId}`);
  }
  if (rule.connectionPlanId === 'required' && serviceType === 'service' && connectionPlanId === undefined) {
    throw validationError(field, 'required', `${field} (the plan the service depends on) is required`);
  }
  if (connectionPlanId === undefined) {
    return;
  }

  findCatalogueItem(check, 'plan', connectionPlanId, field);
  if (orderedPlanIds.size > 0) {
    if (!orderedPlanIds.has(connectionPlanId)) {
      throw validationError(field, 'eqfield', `${field} must equal the serviceId of the plan ordered with it`);
    }
  } else if (pbx?.planId != null && pbx.planId !== connectionPlanId) {
    throw new SandboxApiError(400, 'connection_plan_mismatch', `${field} ${connectionPlanId} is not the current plan ${pbx.planId} of PBX ${pbx.productNo}`);
  }
}

/** Validates one `serviceList` item and returns it with ids as decimal strings. */
export function checkItem(check: ItemCheck): ValidatedItem {
  const { item, path, rule, acceptStrings } = check;
  if (!isObject(item.values)) {
    throw validationError(path, 'object', `${path} must be a JSON object`);
  }

  const serviceType = readChoice(item, 'serviceType', path, ['plan', 'service']);
  if (serviceType === undefined) {
    throw validationError(`${path}.serviceType`, 'required', `${path}.serviceType is required`);
  }
  if (!rule.serviceTypes.includes(serviceType as 'plan')) {
    throw validationError(`${path}.serviceType`, 'oneof', `${path}.serviceType must be ${rule.serviceTypes.join(' or ')} for ${rule.operationType}`);
  }

  const serviceId = readLong(item, 'serviceId', `${path}.serviceId`, acceptStrings);
  if (serviceId === undefined) {
    throw validationError(`${path}.serviceId`, 'required', `${path}.serviceId is required`);
  }
  const entry = findCatalogueItem(check, serviceType as 'plan', serviceId, `${path}.serviceId`);
  if (rule.purchaseType === 'trial' && !entry.trialAvailable) {
    throw new SandboxApiError(400, 'trial_not_available', `${entry.name} (${serviceId}) has no trial`);
  }

  const purchaseType = readChoice(item, 'purchaseType', path, PURCHASE_TYPES);
  if (purchaseType !== rule.purchaseType) {
    const tag = purchaseType === undefined ? 'required' : 'eq';
    throw validationError(`${path}.purchaseType`, tag, `${path}.purchaseType must be "${rule.purchaseType}" for ${rule.operationType}`);
  }

  const billingModel = readChoice(item, 'billingModel', path, BILLING_MODELS);
  const billingCycle = readChoice(item, 'billingCycle', path, BILLING_CYCLES);
  const multiCycle = readCount(item, 'multiCycle', path);
  const quantity = readCount(item, 'quantity', path);
  const connectionPlanId = readLong(item, 'connectionPlanId', `${path}.connectionPlanId`, acceptStrings);

  checkFixedValues(check, { billingModel, billingCycle, multiCycle });
  checkQuantity(check, serviceType, quantity);
  checkConnectionPlan(check, serviceType, connectionPlanId);

  const cycles = Math.max(1, multiCycle ?? 1);
  const amount = rule.purchaseType === 'trial' ? 0 : entry.price * Math.max(1, quantity ?? 1) * cycles;
  return {
    serviceType: serviceType as 'plan' | 'service',
    serviceId,
    name: entry.name,
    purchaseType,
    billingModel: billingModel ?? null,
    billingCycle: billingCycle ?? null,
    multiCycle: multiCycle ?? null,
    quantity: quantity ?? null,
    connectionPlanId: connectionPlanId ?? null,
    amount,
  };
}
