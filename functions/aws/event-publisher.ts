/** Purchase outcome events on an EventBridge bus. */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';

import type { EventPublisher } from '../core/ports.js';
import type { PurchaseRecord } from '../core/purchase.js';

/** The `source` of every event this product publishes. */
export const EVENT_SOURCE = 'yeastar.partner-purchases';

/** An event was not accepted by EventBridge. */
export class EventPublishError extends Error {
  override name = 'EventPublishError';
}

export interface EventBridgePublisherOptions {
  /** Name or ARN of the event bus. */
  eventBusName: string;
  client?: EventBridgeClient;
}

/**
 * Builds the event detail of a purchase: ids, status, order and error, never the request
 * history or any token.
 */
export function purchaseEventDetail(record: PurchaseRecord): Record<string, unknown> {
  return {
    purchaseId: record.purchaseId,
    status: record.status,
    productNo: record.productNo,
    poNumber: record.poNumber,
    productId: record.resolved?.productId,
    serviceId: record.resolved?.serviceId,
    serviceName: record.resolved?.serviceName,
    billingId: record.resolved?.billingId,
    order: record.order,
    error: record.error,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export class EventBridgePublisher implements EventPublisher {
  private readonly eventBusName: string;
  private readonly client: EventBridgeClient;

  constructor(options: EventBridgePublisherOptions) {
    this.eventBusName = options.eventBusName;
    this.client = options.client ?? new EventBridgeClient({});
  }

  async publish(detailType: string, record: PurchaseRecord): Promise<void> {
    const output = await this.client.send(
      new PutEventsCommand({
        Entries: [
          {
            EventBusName: this.eventBusName,
            Source: EVENT_SOURCE,
            DetailType: detailType,
            Detail: JSON.stringify(purchaseEventDetail(record)),
          },
        ],
      }),
    );

    const failed = output.Entries?.find((entry) => entry.ErrorCode !== undefined);
    if ((output.FailedEntryCount ?? 0) > 0 || failed !== undefined) {
      throw new EventPublishError(
        `EventBridge rejected "${detailType}" for purchase ${record.purchaseId} on bus ${this.eventBusName}: ` +
          `${failed?.ErrorCode ?? 'unknown error'} ${failed?.ErrorMessage ?? ''}`.trim(),
      );
    }
  }
}
