/** Starts purchase executions of the Step Functions state machine. */
import { DescribeExecutionCommand, ExecutionAlreadyExists, SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';

import { PurchaseConflictError } from '../core/errors.js';
import type { PurchaseStore } from '../core/ports.js';
import { computePurchaseId, parsePurchaseRequest } from '../core/request.js';
import type { PurchaseStarter, PurchaseToStart, StartedPurchase } from '../http/ports.js';
import { parseJson } from '../partner-api/json.js';

export interface StepFunctionsStarterOptions {
  stateMachineArn: string;
  store: PurchaseStore;
  client?: SFNClient;
}

/**
 * Starts one execution per purchase, named after the purchase id, with the normalized
 * request as input. An existing execution of the same purchase is a replay: the same
 * request, by the stored record's `requestHash` or else by the execution's input.
 */
export class StepFunctionsStarter implements PurchaseStarter {
  private readonly stateMachineArn: string;
  private readonly store: PurchaseStore;
  private readonly client: SFNClient;

  constructor(options: StepFunctionsStarterOptions) {
    this.stateMachineArn = options.stateMachineArn;
    this.store = options.store;
    this.client = options.client ?? new SFNClient({});
  }

  async start(purchase: PurchaseToStart): Promise<StartedPurchase> {
    try {
      const output = await this.client.send(
        new StartExecutionCommand({
          stateMachineArn: this.stateMachineArn,
          name: purchase.purchaseId,
          input: JSON.stringify(purchase.request),
        }),
      );
      return { outcome: 'started', ...(output.executionArn === undefined ? {} : { executionArn: output.executionArn }) };
    } catch (error) {
      if (!(error instanceof ExecutionAlreadyExists)) throw error;
    }

    const executionArn = this.executionArn(purchase.purchaseId);
    if (await this.isSameRequest(purchase, executionArn)) {
      return { outcome: 'replayed', executionArn };
    }
    throw new PurchaseConflictError(purchase.purchaseId);
  }

  private async isSameRequest(purchase: PurchaseToStart, executionArn: string): Promise<boolean> {
    const record = await this.store.get(purchase.purchaseId);
    if (record !== undefined) {
      return record.requestHash === purchase.requestHash;
    }

    // The execution has not recorded the purchase yet, so compare its input instead.
    const execution = await this.client.send(new DescribeExecutionCommand({ executionArn }));
    if (execution.input === undefined) {
      return false;
    }
    try {
      return computePurchaseId(parsePurchaseRequest(parseJson(execution.input))).requestHash === purchase.requestHash;
    } catch {
      return false;
    }
  }

  /** Builds the execution ARN from the state machine ARN: `...:stateMachine:<name>` becomes `...:execution:<name>:<purchaseId>`. */
  private executionArn(purchaseId: string): string {
    return `${this.stateMachineArn.replace(':stateMachine:', ':execution:')}:${purchaseId}`;
  }
}
