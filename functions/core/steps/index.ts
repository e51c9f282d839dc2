/** The purchase steps, each `(input, deps) => Promise<output>`. */
export { validateRequest, type ValidatedRequest } from './validate-request.js';
export { recordPurchase, assertSameRequest, type RecordPurchaseInput, type RecordPurchaseOutput, type RecordOutcome } from './record-purchase.js';
export { resolveItems, type ResolveItemsInput, type ResolveItemsOutput } from './resolve-items.js';
export { resolveBillingContact, type ResolveBillingContactInput, type ResolveBillingContactOutput } from './resolve-billing-contact.js';
export { recordResolution, type RecordResolutionInput, type RecordResolutionOutput } from './record-resolution.js';
export { quote, type QuoteInput, type QuoteOutput } from './quote.js';
export { createOrder, type CreateOrderInput, type CreateOrderOutput } from './create-order.js';
export { checkOrder, type CheckOrderInput, type CheckOrderOutput } from './check-order.js';
export { recordFailure, describeError, type RecordFailureInput, type RecordFailureOutput } from './record-failure.js';
