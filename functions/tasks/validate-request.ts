/** Step Functions task: validates and normalizes the execution input and computes the purchase id. */
import { noStepDeps } from '../aws/dependencies.js';
import { validateRequest } from '../core/steps/validate-request.js';
import { createTaskHandler } from './task-handler.js';
import type { StepDepsSource } from './task-handler.js';

export function createValidateRequestHandler(deps: StepDepsSource) {
  return createTaskHandler('validate-request', validateRequest, deps);
}

export const handler = createValidateRequestHandler(noStepDeps);
