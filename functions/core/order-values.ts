/** The values the Partner API documents for the fields of an order (`save`). */

export const OPERATION_TYPES = [
  'trial_plan',
  'trial_service',
  'purchase_plan',
  'purchase_service',
  'switch_plan',
  'switchTrial_plan',
  'renew_plan',
  'renew_service',
] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export const SERVICE_TYPES = ['plan', 'service'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const PURCHASE_TYPES = ['purchase', 'trial', 'renew', 'switch'] as const;
export type PurchaseType = (typeof PURCHASE_TYPES)[number];

export const BILLING_MODELS = ['recurring', 'once'] as const;
export type BillingModel = (typeof BILLING_MODELS)[number];

export const BILLING_CYCLES = ['annually', 'monthly', 'once'] as const;
export type BillingCycle = (typeof BILLING_CYCLES)[number];
