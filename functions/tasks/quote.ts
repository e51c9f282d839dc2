/** Step Functions task: records the quote of a dry run and ends the purchase as QUOTED. */
import { stepDeps } from '../aws/dependencies.js';
import { quote } from '../core/steps/quote.js';
import { createTaskHandler } from './task-handler.js';
import type { StepDepsSource } from './task-handler.js';

export function createQuoteHandler(deps: StepDepsSource) {
  return createTaskHandler('quote', quote, deps);
}

export const handler = createQuoteHandler(stepDeps);
