/** Step Functions task: chooses the billing contact of the order. */
import { stepDeps } from '../aws/dependencies.js';
import { resolveBillingContact } from '../core/steps/resolve-billing-contact.js';
import { createTaskHandler } from './task-handler.js';
import type { StepDepsSource } from './task-handler.js';

export function createResolveBillingContactHandler(deps: StepDepsSource) {
  return createTaskHandler('resolve-billing-contact', resolveBillingContact, deps);
}

export const handler = createResolveBillingContactHandler(stepDeps);
