/** Step Functions task: stores the resolved ids and moves the purchase to RESOLVED. */
import { storeOnlyStepDeps } from '../aws/dependencies.js';
import { recordResolution } from '../core/steps/record-resolution.js';
import { createTaskHandler } from './task-handler.js';
import type { StepDepsSource } from './task-handler.js';

export function createRecordResolutionHandler(deps: StepDepsSource) {
  return createTaskHandler('record-resolution', recordResolution, deps);
}

export const handler = createRecordResolutionHandler(storeOnlyStepDeps);
