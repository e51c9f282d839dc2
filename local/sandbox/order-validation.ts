/**
 * Validation of a `save` (Create an Order) body against the seed data and the fixed values
 * of the product's purchase tutorial. Items are checked in order-items.ts.
 */

import { parseJson } from '../../functions/partner-api/json.js';
import { SandboxApiError, validationError } from './envelope.js';
import { findPbx, findProduct } from './context.js';
import { isObject, readLong, readString } from './dual-json.js';
import type { DualObject } from './dual-json.js';
import { checkItem } from './order-items.js';
import type { ValidatedItem } from './order-items.js';
import type { SeedPbx, SeedProduct } from './seed.js';
import { findTutorialRule, OPERATION_TYPES } from './seed-tutorials.js';
import type { TutorialRule } from './seed-tutorials.js';
import type { SandboxState } from './state.js';

export interface ValidatedOrder {
  operationType: string;
  product: SeedProduct;
  rule: TutorialRule;
  pbx: SeedPbx | undefined;
  billingId: string | null;
  poNumber: string | null;
  items: ValidatedItem[];
  request: unknown;
}

function parseBody(body: Buffer): { dual: DualObject; request: unknown } {
  const text = body.toString('utf8');
  let values: unknown;
  let types: unknown;
  try {
    values = parseJson(text);
    types = JSON.parse(text);
  } catch {
    throw validationError('body', 'json', 'Request body is not valid JSON');
  }
  if (!isObject(values) || !isObject(types)) {
    throw validationError('body', 'object', 'Request body must be a JSON object');
  }
  return { dual: { values, types }, request: values };
}

function checkSubordinate(state: SandboxState, dual: DualObject, field: string): void {
  const value = dual.values[field];
  if (value === undefined || value === null) {
    return;
  }
  const id = typeof value === 'number' && Number.isInteger(value) ? String(value) : value;
  if (typeof id !== 'string') {
    throw validationError(field, 'string', `${field} must be a string`);
  }
  if (!state.seed.subordinateUsers.some((user) => user.partnerId === id)) {
    throw new SandboxApiError(400, 'partner_not_found', `${field} ${id} is not one of your subordinate users`);
  }
}

function checkPceSpecialRequest(state: SandboxState, dual: DualObject, rule: TutorialRule, hasPbx: boolean): void {
  const value = dual.values.orderPceSpecialRequest;
  const needed = rule.pceSpecialRequest === 'required-without-productNo' && !hasPbx;
  if (value === undefined || value === null) {
    if (needed) {
      throw validationError('orderPceSpecialRequest', 'required', 'orderPceSpecialRequest is required to buy a new Cloud Edition PBX');
    }
    return;
  }
  if (!isObject(value)) {
    throw validationError('orderPceSpecialRequest', 'object', 'orderPceSpecialRequest must be a JSON object');
  }
  if (!needed) {
    return;
  }

  const pbxName = value.pbxName;
  if (typeof pbxName !== 'string' || pbxName === '') {
    throw validationError('orderPceSpecialRequest.pbxName', 'required', 'orderPceSpecialRequest.pbxName is required');
  }
  const regionId = value.regionId === undefined ? undefined : String(value.regionId);
  const subDomainId = value.pbxSubDomainId === undefined ? undefined : String(value.pbxSubDomainId);
  if (regionId === undefined) {
    throw validationError('orderPceSpecialRequest.regionId', 'required', 'orderPceSpecialRequest.regionId is required');
  }
  if (subDomainId === undefined) {
    throw validationError('orderPceSpecialRequest.pbxSubDomainId', 'required', 'orderPceSpecialRequest.pbxSubDomainId is required');
  }
  const region = state.seed.regions.find((item) => item.id === regionId);
  if (region === undefined || !region.region.some((domain) => domain.pbxSubDomainId === subDomainId)) {
    throw new SandboxApiError(400, 'region_not_found', `Region ${regionId} with domain suffix ${subDomainId} not found`);
  }
}

/** Validates a `save` body. Throws `SandboxApiError` naming the first failing field. */
export function validateOrder(state: SandboxState, body: Buffer): ValidatedOrder {
  const { dual, request } = parseBody(body);
  const acceptStrings = state.settings.acceptStringLongs;

  const operationType = readString(dual, 'operationType', 'operationType');
  if (operationType === undefined) {
    throw validationError('operationType', 'required', 'operationType is required');
  }
  if (!(OPERATION_TYPES as readonly string[]).includes(operationType)) {
    throw validationError('operationType', 'oneof', `operationType "${operationType}" is not one of ${OPERATION_TYPES.join(', ')}`);
  }

  const productIdText = readLong(dual, 'productId', 'productId', acceptStrings);
  if (productIdText === undefined) {
    throw validationError('productId', 'required', 'productId is required');
  }
  const product = findProduct(state.seed, Number(productIdText), 400);
  const rule = findTutorialRule(product.productId, operationType);
  if (rule === undefined) {
    throw new SandboxApiError(
      400,
      'operation_not_supported',
      `operationType ${operationType} is not supported for product ${product.productId} (${product.name})`,
    );
  }

  const productNo = readString(dual, 'productNo', 'productNo');
  if (productNo === undefined && (rule.productNo === 'required' || product.productNoRequired)) {
    throw validationError('productNo', 'required', `productNo (the PBX SN) is required for ${operationType} on product ${product.productId}`);
  }
  const pbx = productNo === undefined ? undefined : findPbx(state.seed, product.productId, productNo, 400);

  const billingId = readLong(dual, 'billingId', 'billingId', acceptStrings);
  if (billingId === undefined && rule.billingId === 'required') {
    throw validationError('billingId', 'required', 'billingId is required');
  }
  if (billingId !== undefined && !state.seed.billingContacts.some((item) => item.billingContactId === billingId)) {
    throw new SandboxApiError(400, 'billing_contact_not_found', `Billing contact ${billingId} not found`);
  }

  const poNumber = readString(dual, 'poNumber', 'poNumber', 64);
  checkSubordinate(state, dual, 'assignId');
  checkSubordinate(state, dual, 'partnerId');
  checkPceSpecialRequest(state, dual, rule, pbx !== undefined);

  const serviceList = dual.values.serviceList;
  const serviceTypes = dual.types.serviceList;
  if (serviceList === undefined || serviceList === null) {
    throw validationError('serviceList', 'required', 'serviceList is required');
  }
  if (!Array.isArray(serviceList) || !Array.isArray(serviceTypes)) {
    throw validationError('serviceList', 'array', 'serviceList must be an array');
  }
  if (serviceList.length === 0) {
    throw validationError('serviceList', 'min', 'serviceList must contain at least one plan or service');
  }

  const items: ValidatedItem[] = [];
  const orderedPlanIds = new Set<string>();
  serviceList.forEach((item, index) => {
    const typed = serviceTypes[index] as unknown;
    const path = `serviceList[${index}]`;
    if (!isObject(item) || !isObject(typed)) {
      throw validationError(path, 'object', `${path} must be a JSON object`);
    }
    if (item.serviceType === 'plan') {
      const id = readLong({ values: item, types: typed }, 'serviceId', `${path}.serviceId`, acceptStrings);
      if (id !== undefined) {
        orderedPlanIds.add(id);
      }
    }
  });
  serviceList.forEach((item, index) => {
    const dualItem = { values: item as Record<string, unknown>, types: serviceTypes[index] as Record<string, unknown> };
    items.push(checkItem({ item: dualItem, path: `serviceList[${index}]`, product, rule, pbx, orderedPlanIds, acceptStrings }));
  });

  return {
    operationType,
    product,
    rule,
    pbx,
    billingId: billingId ?? null,
    poNumber: poNumber ?? null,
    items,
    request,
  };
}
