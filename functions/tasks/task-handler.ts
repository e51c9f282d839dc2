/**
 * The shared shape of the Step Functions task handlers: parse the task input, call one
 * purchase step, return its output. A failure reaches Step Functions with the step
 * error's `name` (which Retry and Catch rules match) and its message, but without a
 * stack trace.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import * as z from 'zod';

import { errorFields, logger, metrics, metricsMiddleware, MetricUnit, withPurchaseId } from '../aws/observability.js';
import { InvalidRequestError } from '../core/errors.js';
import type { StepDeps } from '../core/settings.js';

/** Step dependencies, or a function that builds them at the first invocation. */
export type StepDepsSource = StepDeps | (() => StepDeps | Promise<StepDeps>);

export type PurchaseStep<Output> = (input: never, deps: StepDeps) => Promise<Output>;

export type TaskHandler<Output> = (event: unknown, context: Context) => Promise<Output>;

/** Every task input is a JSON object; the step itself checks its fields. */
const taskInputSchema = z.looseObject({ purchaseId: z.string().optional() });

export function createTaskHandler<Output>(
  taskName: string,
  step: PurchaseStep<Output>,
  depsSource: StepDepsSource,
): middy.MiddyfiedHandler<unknown, Output, Error, Context> {
  const run = async (event: unknown): Promise<Output> => {
    const input = taskInputSchema.safeParse(event);
    if (!input.success) {
      throw toTaskError(new InvalidRequestError([{ field: `(${taskName} input)`, message: 'must be a JSON object' }]));
    }
    if (input.data.purchaseId !== undefined) {
      logger.appendKeys({ purchaseId: input.data.purchaseId });
    }

    const deps = typeof depsSource === 'function' ? await depsSource() : depsSource;
    try {
      // The step gets the event itself, because the parsed copy would turn a "__proto__"
      // key into a prototype and hide it from the request checks.
      const output = await withPurchaseId(input.data.purchaseId, () => step(event as never, deps));
      metrics.addMetric('TaskSucceeded', MetricUnit.Count, 1);
      return output;
    } catch (error) {
      const purchaseId = input.data.purchaseId;
      logger.warn('Task failed', { ...(purchaseId === undefined ? {} : { purchaseId }), task: taskName, ...errorFields(error) });
      metrics.addMetric('TaskFailed', MetricUnit.Count, 1);
      throw toTaskError(error);
    }
  };

  return middy<unknown, Output, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(metricsMiddleware())
    .use({
      before: () => {
        // With metrics switched off (the local runtime runs many handlers concurrently in
        // one process), a shared dimension would only produce overwrite warnings.
        if (process.env.POWERTOOLS_METRICS_DISABLED !== 'true') {
          metrics.addDimension('task', taskName);
        }
      },
    })
    .handler(run);
}

/**
 * Copies an error's name and message into a new error whose stack is one line, so that
 * the Lambda error payload (and the Step Functions `Cause`) carries no stack trace or file path.
 */
export function toTaskError(error: unknown): Error {
  const source = error instanceof Error ? error : new Error(String(error));
  const taskError = new Error(source.message);
  taskError.name = source.name;
  taskError.stack = `${source.name}: ${source.message}`;
  return taskError;
}
