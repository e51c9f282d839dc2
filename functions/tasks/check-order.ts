/** Step Functions task: reads the status of an order waiting for payment. */
import { stepDeps } from '../aws/dependencies.js';
import { checkOrder } from '../core/steps/check-order.js';
import { createTaskHandler } from './task-handler.js';
import type { StepDepsSource } from './task-handler.js';

export function createCheckOrderHandler(deps: StepDepsSource) {
  return createTaskHandler('check-order', checkOrder, deps);
}

export const handler = createCheckOrderHandler(stepDeps);
