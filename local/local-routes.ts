/** The routes of the stack's HTTP API, served locally by the same handler modules. */
import type { PurchaseStarter } from '../functions/http/ports.js';
import type { StepDeps } from '../functions/core/settings.js';
import { createCreateOrderHandler } from '../functions/http/create-order.js';
import { createGetCatalogHandler } from '../functions/http/get-catalog.js';
import { createGetPurchaseHandler } from '../functions/http/get-purchase.js';
import { createListBillingContactsHandler } from '../functions/http/list-billing-contacts.js';
import { createListPurchasesHandler } from '../functions/http/list-purchases.js';
import { createStartPurchaseHandler } from '../functions/http/start-purchase.js';
import type { HttpHandler, HttpRoute } from './http-api.js';

export function buildHttpRoutes(deps: { stepDeps: StepDeps; starter: PurchaseStarter }): HttpRoute[] {
  const { stepDeps, starter } = deps;
  const store = stepDeps.store;

  return [
    { method: 'POST', path: '/purchases', handler: createStartPurchaseHandler({ store, starter }) as HttpHandler },
    { method: 'GET', path: '/purchases', handler: createListPurchasesHandler({ store }) as HttpHandler },
    { method: 'GET', path: '/purchases/{purchaseId}', handler: createGetPurchaseHandler({ store }) as HttpHandler },
    { method: 'GET', path: '/catalog/{productId}', handler: createGetCatalogHandler({ partnerApi: stepDeps.partnerApi }) as HttpHandler },
    { method: 'GET', path: '/billing-contacts', handler: createListBillingContactsHandler({ partnerApi: stepDeps.partnerApi }) as HttpHandler },
    { method: 'POST', path: '/orders', handler: createCreateOrderHandler(stepDeps) as HttpHandler },
  ];
}
