/** Step Functions task: finds the plan or service ids in the product's catalogue. */
import { stepDeps } from '../aws/dependencies.js';
import { resolveItems } from '../core/steps/resolve-items.js';
import { createTaskHandler } from './task-handler.js';
import type { StepDepsSource } from './task-handler.js';

export function createResolveItemsHandler(deps: StepDepsSource) {
  return createTaskHandler('resolve-items', resolveItems, deps);
}

export const handler = createResolveItemsHandler(stepDeps);
