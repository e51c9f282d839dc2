/** Step Functions task: stores the purchase record, or reports a duplicate or a conflict. */
import { storeOnlyStepDeps } from '../aws/dependencies.js';
import { recordPurchase } from '../core/steps/record-purchase.js';
import { createTaskHandler } from './task-handler.js';
import type { StepDepsSource } from './task-handler.js';

export function createRecordPurchaseHandler(deps: StepDepsSource) {
  return createTaskHandler('record-purchase', recordPurchase, deps);
}

export const handler = createRecordPurchaseHandler(storeOnlyStepDeps);
