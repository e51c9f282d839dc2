/**
 * Recipes: the documented Partner API purchases, each with the fixed values that the
 * Yeastar tutorial for it prescribes. A request names a recipe instead of spelling out
 * `productId`, `operationType` and the `serviceList` values.
 */

import type { BillingCycle, BillingModel, OperationType, PurchaseType, ServiceType } from './order-values.js';
import { RECIPE_LIST } from './recipe-list.js';

/** Whether a request field must, may or must not be given with a recipe. */
export type FieldRule = 'required' | 'optional' | 'forbidden';

/** A fixed `multiCycle`, or a range the caller chooses from (with a value used when the caller gives none). */
export type MultiCycleRule = number | { min: number; max: number; default?: number };

/** One billing option: the `billingCycle` sent (absent for trials) and its `multiCycle` rule. */
export interface BillingOption {
  billingCycle?: BillingCycle;
  multiCycle: MultiCycleRule;
}

export interface Recipe {
  name: string;
  description: string;
  productId: string;
  operationType: OperationType;
  serviceType: ServiceType;
  purchaseType: PurchaseType;
  /** Absent when the tutorial sends no `billingModel`. */
  billingModel?: BillingModel;
  /** One option is fixed; with several, the request's `billingCycle` chooses. */
  billing: readonly BillingOption[];
  /**
   * The catalogue name of the plan or service. `field` is the request field that may
   * give it; without `default`, the request must give it.
   * NOTE: the Partner API does not publish catalogue names; each default is the item's
   * name in the title of the Yeastar tutorial for that purchase.
   */
  catalogueName: { field: 'planName' | 'serviceName'; default?: string };
  productNo: FieldRule;
  quantity: FieldRule;
  /** The plan the service depends on (the PBX's current plan). */
  connectionPlanId: FieldRule;
  /** Whether the order carries a `billingId`; trial orders do not. */
  billingContact: boolean;
}

/** Every recipe by name. */
export const RECIPES: Readonly<Record<string, Recipe>> = Object.freeze(
  Object.fromEntries(RECIPE_LIST.map((recipe) => [recipe.name, recipe])),
);

export const RECIPE_NAMES: readonly string[] = RECIPE_LIST.map((recipe) => recipe.name);

/** Returns the recipe with this name, or `undefined` when there is none. */
export function getRecipe(name: string): Recipe | undefined {
  return Object.hasOwn(RECIPES, name) ? RECIPES[name] : undefined;
}

/** Tells whether orders of this operation type carry a `billingId`. Trial orders do not. */
export function needsBillingContact(operationType: OperationType): boolean {
  return !operationType.startsWith('trial');
}

/** Derives the `purchaseType` of an operation type, for items where neither the request nor the catalogue gives one. */
export function purchaseTypeFor(operationType: OperationType): PurchaseType {
  if (operationType.startsWith('trial')) return 'trial';
  if (operationType.startsWith('renew')) return 'renew';
  if (operationType.startsWith('switch')) return 'switch';
  return 'purchase';
}

/** Picks the billing option for a requested cycle: the only one, or the one named. */
export function findBillingOption(recipe: Recipe, billingCycle: string | undefined): BillingOption | undefined {
  if (billingCycle === undefined) {
    return recipe.billing.length === 1 ? recipe.billing[0] : undefined;
  }
  return recipe.billing.find((option) => option.billingCycle === billingCycle);
}

/** Chooses the `multiCycle` to send: the fixed value, the caller's choice, or the option's default. */
export function resolveMultiCycle(option: BillingOption, requested: number | undefined): number | undefined {
  if (typeof option.multiCycle === 'number') return option.multiCycle;
  return requested ?? option.multiCycle.default;
}
