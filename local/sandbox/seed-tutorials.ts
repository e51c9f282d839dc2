/**
 * The fixed `save` values of Yeastar's purchase tutorials, one rule per product and
 * operationType. `save` accepts only the orders these rules describe. A field the tutorial
 * leaves out or cuts off is left undefined here and is not checked.
 */

import type { BillingCycle, BillingModel } from './seed-catalogue.js';

export type OperationType =
  | 'trial_plan'
  | 'trial_service'
  | 'purchase_plan'
  | 'purchase_service'
  | 'switch_plan'
  | 'switchTrial_plan'
  | 'renew_plan'
  | 'renew_service';

export const OPERATION_TYPES: readonly OperationType[] = [
  'trial_plan',
  'trial_service',
  'purchase_plan',
  'purchase_service',
  'switch_plan',
  'switchTrial_plan',
  'renew_plan',
  'renew_service',
];

export type PurchaseType = 'purchase' | 'trial' | 'renew' | 'switch';
export const PURCHASE_TYPES: readonly PurchaseType[] = ['purchase', 'trial', 'renew', 'switch'];

/** Presence rule for a `serviceList` item field: `required`, `forbidden` or `optional`. */
export type FieldRule = 'required' | 'forbidden' | 'optional';

/** One tutorial's rule for the order body and each `serviceList` item. */
export interface TutorialRule {
  productId: number;
  operationType: OperationType;
  /** The item kinds the order may contain. */
  serviceTypes: ReadonlyArray<'plan' | 'service'>;
  purchaseType: PurchaseType;
  /** Undefined when the tutorial leaves the value out or cuts it off. */
  billingModel?: BillingModel;
  billingCycles?: readonly BillingCycle[];
  /** Allowed multiCycle values per billing cycle; a cycle missing here is not checked. */
  multiCycles?: Partial<Record<BillingCycle, readonly number[]>>;
  /** multiCycle values allowed whatever the cycle (trials, which have no cycle). */
  multiCycleAny?: readonly number[];
  quantity: FieldRule;
  quantityRange?: readonly [number, number];
  /** Renewals whose quantity must equal the PBX's current extension count. */
  quantityEqualsExtensions?: boolean;
  connectionPlanId: FieldRule;
  productNo: 'required' | 'optional';
  billingId: 'required' | 'optional';
  /** Only the purchase of a new Cloud Edition PBX needs `orderPceSpecialRequest`. */
  pceSpecialRequest?: 'required-without-productNo';
}

const ONE_TO_FIVE = [1, 2, 3, 4, 5] as const;

const base = {
  quantity: 'forbidden',
  connectionPlanId: 'forbidden',
  productNo: 'optional',
  billingId: 'required',
} as const;

export const TUTORIAL_RULES: readonly TutorialRule[] = [
  // Linkus Cloud Service: every order is for an existing PBX.
  { ...base, productId: 9, operationType: 'purchase_plan', serviceTypes: ['plan'], purchaseType: 'purchase', billingModel: 'recurring', billingCycles: ['annually'], multiCycles: { annually: ONE_TO_FIVE }, productNo: 'required' },
  { ...base, productId: 9, operationType: 'switch_plan', serviceTypes: ['plan'], purchaseType: 'switch', billingModel: 'recurring', billingCycles: ['annually'], multiCycles: { annually: ONE_TO_FIVE }, productNo: 'required' },

  // P-Series Appliance Edition: every order is for an existing PBX.
  { ...base, productId: 11, operationType: 'purchase_service', serviceTypes: ['service'], purchaseType: 'purchase', billingModel: 'once', billingCycles: ['once'], multiCycles: { once: [0] }, productNo: 'required' },
  { ...base, productId: 11, operationType: 'purchase_plan', serviceTypes: ['plan'], purchaseType: 'purchase', billingModel: 'recurring', billingCycles: ['monthly', 'annually'], multiCycles: { monthly: [0], annually: ONE_TO_FIVE }, productNo: 'required' },
  { ...base, productId: 11, operationType: 'switch_plan', serviceTypes: ['plan'], purchaseType: 'switch', billingModel: 'recurring', billingCycles: ['monthly', 'annually'], multiCycles: { monthly: [0], annually: ONE_TO_FIVE }, productNo: 'required' },
  { ...base, productId: 11, operationType: 'renew_plan', serviceTypes: ['plan'], purchaseType: 'renew', billingModel: 'recurring', billingCycles: ['monthly', 'annually'], multiCycles: { monthly: [0] }, productNo: 'required' },

  // P-Series Software Edition.
  { ...base, productId: 12, operationType: 'purchase_plan', serviceTypes: ['plan', 'service'], purchaseType: 'purchase', billingModel: 'recurring', quantity: 'optional', connectionPlanId: 'optional' },
  { ...base, productId: 12, operationType: 'trial_plan', serviceTypes: ['plan', 'service'], purchaseType: 'trial', multiCycleAny: [0], connectionPlanId: 'optional', billingId: 'optional' },
  { ...base, productId: 12, operationType: 'purchase_service', serviceTypes: ['service'], purchaseType: 'purchase', billingModel: 'recurring', quantity: 'optional', connectionPlanId: 'required', productNo: 'required' },
  { ...base, productId: 12, operationType: 'switch_plan', serviceTypes: ['plan'], purchaseType: 'switch', billingModel: 'recurring', billingCycles: ['annually'], multiCycles: { annually: ONE_TO_FIVE }, productNo: 'required' },
  { ...base, productId: 12, operationType: 'renew_plan', serviceTypes: ['plan', 'service'], purchaseType: 'renew', quantity: 'optional', quantityEqualsExtensions: true, connectionPlanId: 'optional', productNo: 'required' },

  // P-Series Cloud Edition (PCE Instance).
  { ...base, productId: 13, operationType: 'purchase_plan', serviceTypes: ['plan', 'service'], purchaseType: 'purchase', quantity: 'optional', quantityRange: [5, 500], connectionPlanId: 'optional', pceSpecialRequest: 'required-without-productNo' },
  { ...base, productId: 13, operationType: 'renew_plan', serviceTypes: ['plan', 'service'], purchaseType: 'renew', quantity: 'optional', quantityEqualsExtensions: true, connectionPlanId: 'optional', productNo: 'required' },
  { ...base, productId: 13, operationType: 'purchase_service', serviceTypes: ['service'], purchaseType: 'purchase', quantity: 'required', quantityRange: [1, 500], connectionPlanId: 'required', productNo: 'required' },
  { ...base, productId: 13, operationType: 'switch_plan', serviceTypes: ['plan'], purchaseType: 'switch', billingModel: 'recurring', billingCycles: ['annually', 'monthly'], productNo: 'required' },

  // P-Series Turnkey Package.
  { ...base, productId: 14, operationType: 'purchase_plan', serviceTypes: ['plan', 'service'], purchaseType: 'purchase', billingModel: 'recurring', quantity: 'optional', connectionPlanId: 'optional' },
  { ...base, productId: 14, operationType: 'purchase_service', serviceTypes: ['service'], purchaseType: 'purchase', quantity: 'required', connectionPlanId: 'required', productNo: 'required' },
  { ...base, productId: 14, operationType: 'renew_plan', serviceTypes: ['plan', 'service'], purchaseType: 'renew', billingModel: 'recurring', quantity: 'optional', quantityEqualsExtensions: true, connectionPlanId: 'optional', productNo: 'required' },
  { ...base, productId: 14, operationType: 'trial_plan', serviceTypes: ['plan', 'service'], purchaseType: 'trial', multiCycleAny: [0], connectionPlanId: 'optional', billingId: 'optional' },

  // Remote Management and its Premium editions.
  { ...base, productId: 15, operationType: 'purchase_plan', serviceTypes: ['plan', 'service'], purchaseType: 'purchase', billingModel: 'recurring', quantity: 'optional', connectionPlanId: 'optional' },
  { ...base, productId: 15, operationType: 'trial_plan', serviceTypes: ['plan'], purchaseType: 'trial', multiCycleAny: [0], billingId: 'optional' },
  { ...base, productId: 15, operationType: 'renew_plan', serviceTypes: ['plan'], purchaseType: 'renew', billingModel: 'recurring', billingCycles: ['annually'], multiCycles: { annually: [1] } },
  { ...base, productId: 15, operationType: 'purchase_service', serviceTypes: ['service'], purchaseType: 'purchase', billingCycles: ['once'], multiCycles: { once: [0] }, quantity: 'required', connectionPlanId: 'required' },
  { ...base, productId: 20, operationType: 'purchase_service', serviceTypes: ['service'], purchaseType: 'purchase', billingModel: 'recurring', billingCycles: ['annually'], multiCycles: { annually: [0] }, quantity: 'required' },
  { ...base, productId: 21, operationType: 'purchase_service', serviceTypes: ['service'], purchaseType: 'purchase', billingModel: 'recurring', billingCycles: ['annually'], multiCycles: { annually: [0] }, quantity: 'required' },
  { ...base, productId: 21, operationType: 'trial_service', serviceTypes: ['service'], purchaseType: 'trial', multiCycleAny: [0], billingId: 'optional' },

  // Add-on Service (YCM White Label): only a renewal tutorial exists.
  { ...base, productId: 19, operationType: 'renew_service', serviceTypes: ['service'], purchaseType: 'renew', billingModel: 'recurring', billingCycles: ['annually'], multiCycles: { annually: [0] } },
];

/** Returns the tutorial rule for a product and operation, or undefined when no tutorial covers it. */
export function findTutorialRule(productId: number, operationType: string): TutorialRule | undefined {
  return TUTORIAL_RULES.find((rule) => rule.productId === productId && rule.operationType === operationType);
}
