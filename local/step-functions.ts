/**
 * An in-process stand-in for the Step Functions service. It runs the synthesized state
 * machine definition with aws-local-stepfunctions and keeps the Standard workflow's
 * naming rule: a repeated start with the same name and input returns the running
 * execution instead of a second run.
 */
import './polyfills.js';

import { randomUUID } from 'node:crypto';

import { StateMachine } from 'aws-local-stepfunctions';

export type LocalTaskHandler = (input: unknown) => Promise<unknown>;

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

export interface ExecutionDescription {
  executionArn: string;
  name: string;
  status: ExecutionStatus;
  input: unknown;
  output?: unknown;
  error?: string;
  cause?: string;
  startDate: Date;
  stopDate?: Date;
}

export interface ExecutionHistoryEvent {
  type: string;
  timestamp: number;
  [key: string]: unknown;
}

/** Raised like the service's ExecutionAlreadyExists: same name, but other input or a closed execution. */
export class ExecutionAlreadyExistsError extends Error {
  override name = 'ExecutionAlreadyExists';
}

export interface LocalStepFunctionsOptions {
  definition: object;
  stateMachineArn: string;
  /** Local handlers by Task state name. */
  handlers: Record<string, LocalTaskHandler>;
  waitTimeOverrides?: Record<string, number>;
  retryIntervalOverrides?: Record<string, number | number[]>;
}

interface ExecutionEntry {
  description: ExecutionDescription;
  canonicalInput: string;
  history: ExecutionHistoryEvent[];
  done: Promise<ExecutionDescription>;
  abort?: () => void;
}

export class LocalStepFunctions {
  private readonly machine: StateMachine;
  private readonly executions = new Map<string, ExecutionEntry>();
  private readonly listeners: Array<(executionName: string, event: ExecutionHistoryEvent) => void> = [];

  constructor(private readonly options: LocalStepFunctionsOptions) {
    this.machine = new StateMachine(options.definition as never, {
      validationOptions: { checkArn: false },
    });
  }

  /**
   * Starts an execution. The same name with the same input while it runs returns that
   * execution. The same name with other input, or after it closed, raises
   * ExecutionAlreadyExistsError, as the Standard workflow service does.
   */
  startExecution(request: { name?: string; input: unknown }): { executionArn: string; startDate: Date } {
    const name = request.name ?? randomUUID();
    const canonicalInput = JSON.stringify(request.input);
    const existing = this.executions.get(name);

    if (existing) {
      if (existing.description.status === 'RUNNING' && existing.canonicalInput === canonicalInput) {
        return { executionArn: existing.description.executionArn, startDate: existing.description.startDate };
      }
      throw new ExecutionAlreadyExistsError(`Execution already exists: ${name}`);
    }

    const executionArn = `${this.options.stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`;
    const description: ExecutionDescription = {
      executionArn,
      name,
      status: 'RUNNING',
      input: request.input,
      startDate: new Date(),
    };
    const history: ExecutionHistoryEvent[] = [];
    const entry: ExecutionEntry = { description, canonicalInput, history, done: Promise.resolve(description) };
    this.executions.set(name, entry);
    entry.done = this.run(entry);
    return { executionArn, startDate: description.startDate };
  }

  describeExecution(name: string): ExecutionDescription | undefined {
    return this.executions.get(name)?.description;
  }

  /** Resolves when the execution has closed, with its final description. */
  async waitForExecution(name: string): Promise<ExecutionDescription> {
    const entry = this.executions.get(name);
    if (!entry) {
      throw new Error(`Execution not found: ${name}`);
    }
    return entry.done;
  }

  /** Events of one execution, in order: ExecutionStarted, StateEntered, TaskFailed, ... */
  getExecutionHistory(name: string): ExecutionHistoryEvent[] {
    return [...(this.executions.get(name)?.history ?? [])];
  }

  /** Calls `listener` with every history event of every execution as it happens. */
  onHistoryEvent(listener: (executionName: string, event: ExecutionHistoryEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const index = this.listeners.indexOf(listener);
      if (index >= 0) this.listeners.splice(index, 1);
    };
  }

  listExecutions(): ExecutionDescription[] {
    return [...this.executions.values()].map((entry) => entry.description);
  }

  /** Resolves when every execution started so far has closed. */
  async waitForIdle(): Promise<void> {
    let pending = [...this.executions.values()].filter((entry) => entry.description.status === 'RUNNING');
    while (pending.length > 0) {
      await Promise.allSettled(pending.map((entry) => entry.done));
      pending = [...this.executions.values()].filter((entry) => entry.description.status === 'RUNNING');
    }
  }

  /**
   * Waits up to `graceMs` for running executions to close, then stops the rest, which end
   * ABORTED. A purchase waiting for payment would
   * otherwise keep the process alive for as long as its Wait states last.
   */
  async stopAll(graceMs: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), graceMs);
    });
    const outcome = await Promise.race([this.waitForIdle().then(() => 'idle' as const), grace]);
    clearTimeout(timer);
    if (outcome === 'idle') return;

    for (const entry of this.executions.values()) {
      if (entry.description.status === 'RUNNING') entry.abort?.();
    }
    await this.waitForIdle();
  }

  private async run(entry: ExecutionEntry): Promise<ExecutionDescription> {
    const { description } = entry;
    const execution = this.machine.run(description.input as never, {
      noThrowOnAbort: false,
      overrides: {
        taskResourceLocalHandlers: this.options.handlers as never,
        waitTimeOverrides: this.options.waitTimeOverrides,
        retryIntervalOverrides: this.options.retryIntervalOverrides,
      },
      context: {
        Execution: {
          Id: description.executionArn,
          Name: description.name,
          Input: description.input as never,
          StartTime: description.startDate.toISOString(),
        },
        StateMachine: { Id: this.options.stateMachineArn, Name: this.options.stateMachineArn.split(':').pop() },
      },
    });

    entry.abort = execution.abort;
    const collectHistory = (async () => {
      for await (const event of execution.eventLogs) {
        const historyEvent = event as unknown as ExecutionHistoryEvent;
        entry.history.push(historyEvent);
        for (const listener of this.listeners) {
          listener(description.name, historyEvent);
        }
      }
    })().catch(() => undefined);

    try {
      description.output = await execution.result;
      description.status = 'SUCCEEDED';
    } catch (error) {
      // The runner wraps the failure in an ExecutionError; the ExecutionFailed event keeps
      // the state machine's own Error and Cause, as the service reports them.
      await collectHistory;
      const failed = entry.history.find((event) => event.type === 'ExecutionFailed');
      const failure = error as { name?: string; message?: string };
      description.status = entry.history.some((event) => event.type === 'ExecutionAborted') ? 'ABORTED' : 'FAILED';
      description.error = typeof failed?.Error === 'string' ? failed.Error : (failure.name ?? 'Error');
      description.cause = typeof failed?.Cause === 'string' ? failed.Cause : (failure.message ?? '');
    }

    await collectHistory;
    description.stopDate = new Date();
    return description;
  }
}
