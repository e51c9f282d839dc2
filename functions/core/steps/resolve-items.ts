import * as z from 'zod';

import { findCatalogueEntry, type CatalogueEntry } from '../../partner-api/catalogue.js';
import type { ResolvedItem } from '../purchase.js';
import type { OperationType } from '../order-values.js';
import { findBillingOption, getRecipe, purchaseTypeFor, resolveMultiCycle, type Recipe } from '../recipes.js';
import { parsePurchaseRequest, type PurchaseRequest } from '../request.js';
import type { PurchaseItemRequest } from '../request-fields.js';
import type { StepDeps } from '../settings.js';
import { lookUpWithFreshRetry } from './fresh-lookup.js';
import { parseStepInput, purchaseIdField, withoutUndefined } from './step-input.js';

const inputSchema = z.object({ purchaseId: purchaseIdField, request: z.unknown() });
export type ResolveItemsInput = z.input<typeof inputSchema>;

export interface ResolveItemsOutput {
  purchaseId: string;
  productId: string;
  productNo?: string;
  operationType: OperationType;
  offeringId?: string;
  /** Id and name of the first item. */
  serviceId: string;
  serviceName: string;
  items: ResolvedItem[];
}

/** The catalogue query for one item, and how to build the order item from the entry found. */
interface ItemSpec {
  query: { name?: string; id?: string; kind?: 'plan' | 'service' };
  complete(entry: CatalogueEntry): ResolvedItem;
}

/**
 * Looks up the plans and services of a purchase in the product's catalogue and returns
 * their ids, names and the fixed values of the order. Throws `CatalogueLookupError` when
 * a name or id matches no entry or several.
 */
export async function resolveItems(input: ResolveItemsInput, deps: StepDeps): Promise<ResolveItemsOutput> {
  const { purchaseId, request: rawRequest } = parseStepInput(inputSchema, input, 'resolveItems');
  const request = parsePurchaseRequest(rawRequest);

  const recipe = request.recipe === undefined ? undefined : getRecipe(request.recipe);
  const productId = recipe?.productId ?? request.productId!;
  const operationType = recipe?.operationType ?? request.operationType!;
  const specs = recipe === undefined ? explicitSpecs(request, operationType) : [recipeSpec(recipe, request)];

  const { productInfo, items } = await lookUpWithFreshRetry(deps, ['CatalogueLookupError'], async () => {
    const info = await deps.partnerApi.getPurchaseProductInfo(withoutUndefined({ productId, productNo: request.productNo }));
    return { productInfo: info, items: specs.map((spec) => spec.complete(findCatalogueEntry(info, spec.query))) };
  });
  const [first] = items;

  return withoutUndefined({
    purchaseId,
    productId,
    productNo: request.productNo,
    operationType,
    offeringId: readOfferingId(productInfo),
    serviceId: first!.serviceId,
    serviceName: first!.name,
    items,
  });
}

function recipeSpec(recipe: Recipe, request: PurchaseRequest): ItemSpec {
  const name = request[recipe.catalogueName.field] ?? recipe.catalogueName.default!;
  const option = findBillingOption(recipe, request.billingCycle)!;

  return {
    query: { name, kind: recipe.serviceType },
    complete: (entry) =>
      withoutUndefined({
        serviceType: recipe.serviceType,
        serviceId: entry.id,
        name: entry.name,
        purchaseType: recipe.purchaseType,
        billingModel: recipe.billingModel,
        billingCycle: option.billingCycle,
        multiCycle: resolveMultiCycle(option, request.multiCycle),
        quantity: request.quantity,
        connectionPlanId: request.connectionPlanId,
      }),
  };
}

function explicitSpecs(request: PurchaseRequest, operationType: OperationType): ItemSpec[] {
  return request.items!.map((item) => ({
    query: withoutUndefined({ name: item.serviceName, id: item.serviceId, kind: item.serviceType }),
    complete: (entry) => explicitItem(item, entry, operationType),
  }));
}

/** Fills the values the request left out: from the catalogue entry, else from the operation type. */
function explicitItem(item: PurchaseItemRequest, entry: CatalogueEntry, operationType: OperationType): ResolvedItem {
  const trial = operationType.startsWith('trial');
  const derivedPurchaseType = operationType.startsWith('purchase') ? (entry.purchaseType ?? 'purchase') : purchaseTypeFor(operationType);
  // Trial orders send no billing model or cycle, whatever the catalogue lists for the paid plan.
  const billingCycle = item.billingCycle ?? (trial ? undefined : entry.billingCycle);
  const billingModel = item.billingModel ?? (trial ? undefined : (entry.billingModel ?? billingModelFor(billingCycle)));

  return withoutUndefined({
    serviceType: item.serviceType ?? entry.kind,
    serviceId: entry.id,
    name: entry.name,
    purchaseType: item.purchaseType ?? derivedPurchaseType,
    billingModel,
    billingCycle,
    multiCycle: item.multiCycle ?? (trial ? 0 : (entry.multiCycle ?? 0)),
    quantity: item.quantity,
    connectionPlanId: item.connectionPlanId,
  });
}

function billingModelFor(billingCycle: string | undefined): string | undefined {
  if (billingCycle === undefined) return undefined;
  return billingCycle === 'once' ? 'once' : 'recurring';
}

function readOfferingId(productInfo: unknown): string | undefined {
  if (productInfo === null || typeof productInfo !== 'object') return undefined;
  const offeringId = (productInfo as Record<string, unknown>).offeringId;
  if (typeof offeringId === 'string' && offeringId !== '') return offeringId;
  if (typeof offeringId === 'number' || typeof offeringId === 'bigint') return offeringId.toString();
  return undefined;
}
