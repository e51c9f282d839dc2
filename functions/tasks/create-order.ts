/** Step Functions task: sends the order (`save`) at most once per claimed attempt and reconciles a lost response. */
import { stepDeps } from '../aws/dependencies.js';
import { createOrder } from '../core/steps/create-order.js';
import { createTaskHandler } from './task-handler.js';
import type { StepDepsSource } from './task-handler.js';

export function createCreateOrderHandler(deps: StepDepsSource) {
  return createTaskHandler('create-order', createOrder, deps);
}

export const handler = createCreateOrderHandler(stepDeps);
