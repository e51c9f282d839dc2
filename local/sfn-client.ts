/**
 * An SFNClient look-alike over the in-process state machine, so the local HTTP API starts
 * purchases through the same `StepFunctionsStarter` that runs on AWS.
 */
import { DescribeExecutionCommand, ExecutionAlreadyExists, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { SFNClient } from '@aws-sdk/client-sfn';

import { parseJson } from '../functions/partner-api/json.js';
import { ExecutionAlreadyExistsError, type LocalStepFunctions } from './step-functions.js';

export function localSfnClient(stepFunctions: LocalStepFunctions): SFNClient {
  const send = async (command: unknown): Promise<unknown> => {
    if (command instanceof StartExecutionCommand) {
      const { name, input } = command.input;
      try {
        return stepFunctions.startExecution({ ...(name ? { name } : {}), input: parseJson(input ?? '{}') });
      } catch (error) {
        if (error instanceof ExecutionAlreadyExistsError) {
          throw new ExecutionAlreadyExists({ message: error.message, $metadata: {} });
        }
        throw error;
      }
    }

    if (command instanceof DescribeExecutionCommand) {
      const name = (command.input.executionArn ?? '').split(':').pop() ?? '';
      const execution = stepFunctions.describeExecution(name);
      if (!execution) {
        throw new Error(`Execution not found: ${command.input.executionArn}`);
      }
      return {
        executionArn: execution.executionArn,
        name: execution.name,
        status: execution.status,
        input: JSON.stringify(execution.input),
        startDate: execution.startDate,
      };
    }

    throw new Error(`The local Step Functions client does not support ${(command as object).constructor.name}`);
  };

  return { send } as unknown as SFNClient;
}
