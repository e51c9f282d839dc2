/**
 * An in-process stand-in for the EventBridge bus: keeps every published event and, like
 * the stack's rule, starts a purchase execution for each "Purchase Requested" event.
 * A start that fails lands in `deadLetters`, as the rule's dead-letter queue would hold it.
 */
import { randomUUID } from 'node:crypto';

export const PURCHASE_REQUESTED = 'Purchase Requested';

export interface LocalEvent {
  id: string;
  source: string;
  detailType: string;
  detail: unknown;
  time: string;
}

export interface PutEventsEntry {
  Source?: string;
  DetailType?: string;
  Detail?: unknown;
  EventBusName?: string;
}

export interface DeadLetter {
  event: LocalEvent;
  error: string;
}

export class LocalEventBus {
  readonly events: LocalEvent[] = [];
  readonly deadLetters: DeadLetter[] = [];
  private readonly listeners: Array<(event: LocalEvent) => void> = [];

  constructor(private readonly startPurchase?: (detail: unknown) => void) {}

  /** Accepts entries in the shape of EventBridge PutEvents and returns its result shape. */
  putEvents(entries: readonly PutEventsEntry[]): { Entries: Array<{ EventId: string }>; FailedEntryCount: number } {
    const results = entries.map((entry) => {
      const event: LocalEvent = {
        id: randomUUID(),
        source: entry.Source ?? 'unknown',
        detailType: entry.DetailType ?? 'unknown',
        detail: typeof entry.Detail === 'string' ? JSON.parse(entry.Detail) : entry.Detail,
        time: new Date().toISOString(),
      };
      this.deliver(event);
      return { EventId: event.id };
    });
    return { Entries: results, FailedEntryCount: 0 };
  }

  onEvent(listener: (event: LocalEvent) => void): void {
    this.listeners.push(listener);
  }

  private deliver(event: LocalEvent): void {
    this.events.push(event);
    for (const listener of this.listeners) {
      listener(event);
    }

    if (event.detailType !== PURCHASE_REQUESTED || !this.startPurchase) {
      return;
    }
    try {
      this.startPurchase(event.detail);
    } catch (error) {
      this.deadLetters.push({ event, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    }
  }
}
