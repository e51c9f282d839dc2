/**
 * Errors of the purchase steps. Each class sets `name` to its class name because Step
 * Functions matches Retry and Catch rules on the error name. No message carries a token
 * or a secret: they name purchase ids, Yeastar ids and what to do next.
 */

/** One problem with a purchase request: the field path (such as `items[0].serviceId`) and the fix. */
export interface RequestIssue {
  field: string;
  message: string;
}

/** The purchase request is invalid. `issues` lists every problem found. */
export class InvalidRequestError extends Error {
  override name = 'InvalidRequestError';
  readonly issues: RequestIssue[];

  constructor(issues: RequestIssue[]) {
    super(summarizeIssues(issues));
    this.issues = issues;
  }
}

/** Issues spelled out in the message; the Step Functions console shows only the message. */
const ISSUES_IN_MESSAGE = 5;

function summarizeIssues(issues: RequestIssue[]): string {
  if (issues.length === 0) return 'Invalid purchase request';
  const listed = issues.slice(0, ISSUES_IN_MESSAGE).map((issue) => `${issue.field}: ${issue.message}`);
  const more = issues.length > ISSUES_IN_MESSAGE ? ` (and ${issues.length - ISSUES_IN_MESSAGE} more)` : '';
  return `Invalid purchase request: ${listed.join('; ')}${more}`;
}

/** A purchase with this id exists with a different request; send a new idempotencyKey for a new purchase. */
export class PurchaseConflictError extends Error {
  override name = 'PurchaseConflictError';

  constructor(readonly purchaseId: string) {
    super(
      `Purchase ${purchaseId} already exists with a different request. ` +
        'Send the original request to read its outcome, or use a new idempotencyKey for a new purchase.',
    );
  }
}

/** No purchase record exists for this id. */
export class PurchaseNotFoundError extends Error {
  override name = 'PurchaseNotFoundError';

  constructor(readonly purchaseId: string) {
    super(`Purchase ${purchaseId} not found: record the purchase before running this step`);
  }
}

/** The purchase is in a status from which this step cannot run. */
export class PurchaseStateError extends Error {
  override name = 'PurchaseStateError';

  constructor(
    readonly purchaseId: string,
    readonly status: string,
    step: string,
  ) {
    super(`Purchase ${purchaseId} is ${status}, so the ${step} step cannot run on it`);
  }
}

/** A billing contact as error messages list it. */
export interface BillingContactSummary {
  billingContactId: string;
  name: string;
}

function listContacts(contacts: readonly BillingContactSummary[]): string {
  if (contacts.length === 0) return 'the partner account has no billing contacts';
  return 'available: ' + contacts.map((contact) => `${contact.billingContactId} (${contact.name})`).join(', ');
}

/** The given or configured billing contact does not exist, or the account has none. */
export class BillingContactNotFoundError extends Error {
  override name = 'BillingContactNotFoundError';

  constructor(
    readonly billingContactId: string | undefined,
    readonly contacts: readonly BillingContactSummary[],
  ) {
    const subject = billingContactId === undefined ? 'No billing contact found' : `Billing contact ${billingContactId} not found`;
    super(`${subject}; set billingContactId to one of the partner's contacts (${listContacts(contacts)})`);
  }
}

/** Several billing contacts exist and neither the request nor the settings choose one. */
export class BillingContactAmbiguousError extends Error {
  override name = 'BillingContactAmbiguousError';

  constructor(readonly contacts: readonly BillingContactSummary[]) {
    super(`The partner has ${contacts.length} billing contacts; set billingContactId to one of them (${listContacts(contacts)})`);
  }
}

/**
 * A `save` call may have created an order, and the order list could not settle it yet
 * (the lookup failed, or the list was not fully scanned). Retry later; after the retries
 * the purchase is recorded UNKNOWN and needs a person to check the Partner Portal orders.
 */
export class ReconciliationPendingError extends Error {
  override name = 'ReconciliationPendingError';

  constructor(
    readonly purchaseId: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Purchase ${purchaseId}: cannot tell yet whether the order was created: ${reason}`, options);
  }
}

/**
 * A `save` attempt started recently: another invocation may still be sending it, or its
 * order may not be in the order list yet. Retry later to read its outcome.
 */
export class SubmissionInProgressError extends Error {
  override name = 'SubmissionInProgressError';

  constructor(readonly purchaseId: string) {
    super(`Purchase ${purchaseId}: a save attempt started recently and its order is not listed yet; retry to read its outcome`);
  }
}

/**
 * Every allowed `save` attempt ended without an order, and the order list shows none.
 * The purchase is recorded FAILED; start a new purchase to try again.
 */
export class SaveAttemptsExhaustedError extends Error {
  override name = 'SaveAttemptsExhaustedError';

  constructor(
    readonly purchaseId: string,
    readonly attempts: number,
  ) {
    super(
      `Purchase ${purchaseId}: ${attempts} save attempts created no order (the order list shows none); ` +
        'start a new purchase with a new idempotencyKey to try again',
    );
  }
}

/** The order was placed, but its final `orderStatus` is failed, invalid or cancelled. */
export class OrderFailedError extends Error {
  override name = 'OrderFailedError';

  constructor(
    readonly purchaseId: string,
    readonly orderNo: string,
    readonly orderStatus: string,
  ) {
    super(`Purchase ${purchaseId}: order ${orderNo} ended with orderStatus "${orderStatus}"`);
  }
}
