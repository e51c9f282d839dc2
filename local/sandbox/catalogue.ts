/**
 * Pricing routes: the product list, a product's plans and services, plan and service info
 * for trial, subscription and renewal, and list prices. Plan and service ids go out as bare
 * JSON numbers.
 */

import { SandboxApiError, validationError } from './envelope.js';
import { findPbx, findProduct, readIntegerQuery, readOptionalQuery } from './context.js';
import type { RouteContext } from './context.js';
import type { CatalogueItem, SeedProduct } from './seed.js';
import type { SandboxSettings } from './settings.js';

export type InfoMode = 'trial' | 'purchase' | 'renew';

/** Renders a catalogue item with its name under the key the settings choose. */
export function renderCatalogueItem(
  item: CatalogueItem,
  settings: SandboxSettings,
  purchaseType: string = 'purchase',
): Record<string, unknown> {
  let nameKey = item.kind === 'plan' ? 'planName' : 'serviceName';
  if (settings.catalogueNameField === 'name') {
    nameKey = 'name';
  }
  const idKey = item.kind === 'plan' ? 'planId' : 'serviceId';
  return {
    [idKey]: BigInt(item.id),
    [nameKey]: item.name,
    serviceType: item.kind,
    purchaseType,
    billingModel: item.billingModel,
    billingCycle: item.billingCycle,
    multiCycle: item.multiCycle,
  };
}

/** Checks `productNo` on routes that take it: required for some products, and it must exist. */
function checkProductNo(context: RouteContext, product: SeedProduct, required: boolean): string | undefined {
  const productNo = readOptionalQuery(context.url, 'productNo');
  if (productNo === undefined) {
    if (required) {
      throw validationError('productNo', 'required', `productNo is required for product ${product.productId} (${product.name})`);
    }
    return undefined;
  }
  findPbx(context.state.seed, product.productId, productNo);
  return productNo;
}

export function listProducts(context: RouteContext): unknown {
  return context.state.seed.products.map((product) => ({ name: product.name, productId: product.productId }));
}

export function getPurchaseProductInfo(context: RouteContext): unknown {
  const product = findProduct(context.state.seed, readIntegerQuery(context.url, 'productId'));
  checkProductNo(context, product, product.productNoRequired);

  const { settings } = context.state;
  return {
    offeringId: product.offeringId,
    productId: product.productId,
    productName: product.name,
    planList: product.plans.map((item) => renderCatalogueItem(item, settings)),
    serviceList: product.services.map((item) => renderCatalogueItem(item, settings)),
  };
}

function findItem(product: SeedProduct, kind: 'plan' | 'service', id: string, mode: InfoMode): CatalogueItem {
  const items = kind === 'plan' ? product.plans : product.services;
  const item = items.find((entry) => entry.id === id);
  const code = kind === 'plan' ? 'plan_not_found' : 'service_not_found';
  if (item === undefined) {
    throw new SandboxApiError(404, code, `No ${kind} with id ${id} in the catalogue of product ${product.productId}`);
  }
  if (mode === 'trial' && !item.trialAvailable) {
    throw new SandboxApiError(404, code, `${kind} ${id} (${item.name}) of product ${product.productId} has no trial`);
  }
  return item;
}

function renderInfo(context: RouteContext, product: SeedProduct, item: CatalogueItem, mode: InfoMode): unknown {
  const purchaseType = mode === 'trial' ? 'trial' : mode;
  return {
    offeringId: product.offeringId,
    productId: product.productId,
    productName: product.name,
    ...renderCatalogueItem(item, context.state.settings, purchaseType),
    price: mode === 'trial' ? 0 : item.price,
    currencyCode: 'USD',
  };
}

function readPathId(context: RouteContext, name: string): string {
  const id = context.params[name] ?? '';
  if (!/^\d{1,19}$/.test(id)) {
    throw validationError(name, 'numeric', `${name} "${id}" is not a decimal id`);
  }
  return id;
}

/** `GET …/{trial|purchase|renew}/plan_info/{pricingPlanId}`. */
export function getPlanInfo(mode: InfoMode): (context: RouteContext) => unknown {
  return (context) => {
    const planId = readPathId(context, 'pricingPlanId');
    const product = findProduct(context.state.seed, readIntegerQuery(context.url, 'productId'));
    checkProductNo(context, product, mode === 'renew' || product.productNoRequired);
    return renderInfo(context, product, findItem(product, 'plan', planId, mode), mode);
  };
}

/** `GET …/{trial|purchase|renew}/add_on_info/{pricingServiceId}`. */
export function getServiceInfo(mode: InfoMode): (context: RouteContext) => unknown {
  return (context) => {
    const serviceId = readPathId(context, 'pricingServiceId');
    const product = findProduct(context.state.seed, readIntegerQuery(context.url, 'productId'));
    checkProductNo(context, product, mode === 'renew');

    const connectionPlanId = readOptionalQuery(context.url, 'connectionPlanId');
    if (connectionPlanId !== undefined && mode !== 'renew') {
      if (!/^\d{1,19}$/.test(connectionPlanId)) {
        throw validationError('connectionPlanId', 'numeric', `connectionPlanId "${connectionPlanId}" is not a decimal id`);
      }
      findItem(product, 'plan', connectionPlanId, 'purchase');
    }
    return renderInfo(context, product, findItem(product, 'service', serviceId, mode), mode);
  };
}

const PRICE_CYCLES = ['once', 'annually', 'monthly'];

/** `GET …/my_price_info`: list prices per cycle. Monthly prices are a tenth of the annual ones. */
export function getSubscriptionPrice(context: RouteContext): unknown {
  const { url, state } = context;
  const product = findProduct(state.seed, readIntegerQuery(url, 'productId'));

  const billingCycle = readOptionalQuery(url, 'billingCycle');
  if (billingCycle === undefined) {
    throw validationError('billingCycle', 'required', 'billingCycle is required');
  }
  if (!PRICE_CYCLES.includes(billingCycle)) {
    throw validationError('billingCycle', 'oneof', `billingCycle "${billingCycle}" is not one of ${PRICE_CYCLES.join(', ')}`);
  }
  const offeringId = readOptionalQuery(url, 'offeringId');
  if (offeringId === undefined) {
    throw validationError('offeringId', 'required', 'offeringId is required');
  }
  if (offeringId !== product.offeringId) {
    throw new SandboxApiError(404, 'offering_not_found', `offeringId ${offeringId} is not the offering of product ${product.productId}`);
  }
  const partnerId = readOptionalQuery(url, 'partnerId');
  if (partnerId !== undefined && !state.seed.subordinateUsers.some((user) => user.partnerId === partnerId)) {
    throw new SandboxApiError(404, 'partner_not_found', `Subordinate user ${partnerId} not found`);
  }

  const priced = (item: CatalogueItem): Record<string, unknown> => ({
    ...renderCatalogueItem(item, state.settings),
    billingCycle,
    price: billingCycle === 'monthly' ? Math.round(item.price / 10) : item.price,
    currencyCode: 'USD',
  });
  const matches = (item: CatalogueItem): boolean => (billingCycle === 'once') === (item.billingModel === 'once');
  return {
    offeringId: product.offeringId,
    planList: product.plans.filter(matches).map(priced),
    serviceList: product.services.filter(matches).map(priced),
  };
}
