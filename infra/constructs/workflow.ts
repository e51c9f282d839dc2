/**
 * The purchase workflow: one Lambda function per step and the Standard state machine that
 * runs them.
 */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  DefinitionBody,
  LogLevel,
  QueryLanguage,
  StateMachine,
  StateMachineType,
} from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

import type { PurchasesSettings } from '../settings.js';
import { PurchaseFunction } from './purchase-function.js';
import type { PurchaseStorage } from './storage.js';
import type { TokenRefresh } from './token-refresh.js';
import { buildPurchaseDefinition, type WorkflowTaskFunctions } from './workflow-definition.js';

export interface PurchaseWorkflowProps {
  settings: PurchasesSettings;
  storage: PurchaseStorage;
  tokens: TokenRefresh;
  eventBus: IEventBus;
}

interface TaskSpec {
  entry: string;
  description: string;
  /** Reads and writes purchase records. */
  store: boolean;
  /** Calls the Partner API. */
  partnerApi: boolean;
  timeout?: Duration;
  memorySize?: number;
}

/** The handler module and the access of each Task state's function. */
const TASKS: Record<keyof WorkflowTaskFunctions, TaskSpec> = {
  ValidateRequest: { entry: 'tasks/validate-request', description: 'Validates a purchase request and computes its purchaseId', store: false, partnerApi: false, timeout: Duration.seconds(10) },
  RecordPurchase: { entry: 'tasks/record-purchase', description: 'Records a new purchase, or reports a duplicate or a conflict', store: true, partnerApi: false },
  ResolveItems: { entry: 'tasks/resolve-items', description: 'Resolves the ordered plans and services from the product catalogue', store: false, partnerApi: true },
  ResolveBillingContact: { entry: 'tasks/resolve-billing-contact', description: 'Resolves the billing contact of a purchase', store: false, partnerApi: true },
  RecordResolution: { entry: 'tasks/record-resolution', description: 'Records the resolved ids on the purchase', store: true, partnerApi: false },
  Quote: { entry: 'tasks/quote', description: 'Records the quote of a dry-run purchase', store: true, partnerApi: true },
  // Longer: after an ambiguous `save` it looks the order up before anything is sent again.
  CreateOrder: { entry: 'tasks/create-order', description: 'Places the order, or reconciles an earlier attempt', store: true, partnerApi: true, timeout: Duration.seconds(120), memorySize: 512 },
  CheckOrder: { entry: 'tasks/check-order', description: 'Checks the payment of an order in PENDING_PAYMENT', store: true, partnerApi: true },
  RecordFailure: { entry: 'tasks/record-failure', description: 'Records a FAILED or UNKNOWN purchase outcome', store: true, partnerApi: false },
};

export class PurchaseWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly logGroup: LogGroup;
  /** Each Task state's function, by state name. `RecordUnknown` runs the RecordFailure function. */
  readonly tasks: Record<keyof WorkflowTaskFunctions, PurchaseFunction>;

  constructor(scope: Construct, id: string, props: PurchaseWorkflowProps) {
    super(scope, id);
    const { settings, storage, tokens } = props;

    const tasks = {} as Record<keyof WorkflowTaskFunctions, PurchaseFunction>;
    for (const [stateName, spec] of Object.entries(TASKS) as [keyof WorkflowTaskFunctions, TaskSpec][]) {
      const task = new PurchaseFunction(this, `${stateName}Function`, {
        entry: spec.entry,
        description: spec.description,
        timeout: spec.timeout,
        memorySize: spec.memorySize,
      });
      if (spec.store) storage.grantRecordWrite(task.function);
      if (spec.partnerApi) tokens.grantPartnerApiAccess(task);
      // The steps that call the Partner API build the store client too, so they need the
      // table name even where they have no access to the table.
      if (spec.store || spec.partnerApi) task.function.addEnvironment('PURCHASES_TABLE_NAME', storage.table.tableName);
      tasks[stateName] = task;
    }
    if (settings.defaultBillingContactId !== '') {
      tasks.ResolveBillingContact.function.addEnvironment('DEFAULT_BILLING_CONTACT_ID', settings.defaultBillingContactId);
    }
    // The check-order step reports `limitReached` after this many order-detail checks.
    tasks.CheckOrder.function.addEnvironment('PAYMENT_CHECK_LIMIT', String(settings.paymentCheckLimit));
    this.tasks = tasks;

    const functions = Object.fromEntries(
      Object.entries(tasks).map(([stateName, task]) => [stateName, task.function]),
    ) as unknown as WorkflowTaskFunctions;

    this.logGroup = new LogGroup(this, 'ExecutionLogs', {
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Maximum run: paymentCheckLimit payment waits, plus two hours for the steps and their retries.
    const paymentFollowUp = Duration.seconds(settings.paymentWaitSeconds * settings.paymentCheckLimit);
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineType: StateMachineType.STANDARD,
      queryLanguage: QueryLanguage.JSON_PATH,
      comment: 'Buys a Yeastar Partner Portal plan or service for one purchase request',
      definitionBody: DefinitionBody.fromChainable(
        buildPurchaseDefinition(this, {
          functions,
          eventBus: props.eventBus,
          paymentWaitSeconds: settings.paymentWaitSeconds,
        }),
      ),
      timeout: paymentFollowUp.plus(Duration.hours(2)),
      tracingEnabled: true,
      // Execution data stays out of the logs: the console's execution history already shows it.
      logs: { destination: this.logGroup, level: LogLevel.ALL, includeExecutionData: false },
    });
  }
}
