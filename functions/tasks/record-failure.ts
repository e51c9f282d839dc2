/** Step Functions task: records a failed or unknown outcome from the caught error. */
import { storeOnlyStepDeps } from '../aws/dependencies.js';
import { recordFailure } from '../core/steps/record-failure.js';
import { createTaskHandler } from './task-handler.js';
import type { StepDepsSource } from './task-handler.js';

export function createRecordFailureHandler(deps: StepDepsSource) {
  return createTaskHandler('record-failure', recordFailure, deps);
}

export const handler = createRecordFailureHandler(storeOnlyStepDeps);
