/**
 * Local handlers for the Task states of the synthesized state machine, by state name: the
 * handler module that the stack deploys for the state, built with local dependencies, and
 * the EventBridge PutEvents integration served by the local bus.
 */
import { pathToFileURL } from 'node:url';

import type { StepDeps } from '../functions/core/settings.js';
import type { LocalTask } from '../infra/local-definition.js';
import type { PutEventsEntry } from './event-bus.js';
import { fakeContext } from './http-api.js';
import type { LocalTaskHandler } from './step-functions.js';

export type PutEvents = (entries: PutEventsEntry[]) => unknown;

type HandlerFactory = (deps: StepDeps) => (event: unknown, context: ReturnType<typeof fakeContext>) => Promise<unknown>;

/**
 * Builds one handler per Task state. Each Lambda module exports a `create...Handler(deps)`
 * factory beside its `handler`; the factory runs the same middleware and step with local
 * dependencies.
 */
export async function buildTaskHandlers(
  tasks: Record<string, LocalTask>,
  stepDeps: StepDeps,
  putEvents: PutEvents,
): Promise<Record<string, LocalTaskHandler>> {
  const handlers: Record<string, LocalTaskHandler> = {};

  for (const [stateName, task] of Object.entries(tasks)) {
    if (task.kind === 'putEvents') {
      handlers[stateName] = async (input) => putEvents((input as { Entries: PutEventsEntry[] }).Entries);
      continue;
    }

    const module = (await import(pathToFileURL(task.entryPath).href)) as Record<string, unknown>;
    const factoryName = Object.keys(module).find((name) => /^create\w+Handler$/.test(name));
    if (!factoryName) {
      throw new Error(`Handler module ${task.entry} exports no create...Handler factory, so state ${stateName} cannot run locally`);
    }
    const handler = (module[factoryName] as HandlerFactory)(stepDeps);
    handlers[stateName] = (input) => handler(input, fakeContext(task.entry));
  }

  return handlers;
}
