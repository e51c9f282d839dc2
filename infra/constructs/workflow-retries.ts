/**
 * Retry policies of the purchase workflow. Each one names only errors after which another
 * attempt is safe: the steps are reads, conditional forward-only writes, or (create-order)
 * idempotent through the purchase record. All back off exponentially with full jitter.
 */
import { Duration } from 'aws-cdk-lib';
import { Errors, JitterType, type RetryProps } from 'aws-cdk-lib/aws-stepfunctions';

/** Transient failures of the Lambda service itself; the function did not run or its result was lost. */
export const LAMBDA_SERVICE_ERRORS = [
  'Lambda.ClientExecutionTimeoutException',
  'Lambda.ServiceException',
  'Lambda.AWSLambdaException',
  'Lambda.SdkClientException',
  'Lambda.TooManyRequestsException',
];

/** Step Functions reports a function timeout or out-of-memory end as `Lambda.Unknown`. */
export const LAMBDA_UNKNOWN_ERROR = 'Lambda.Unknown';

/** Partner API failures that a repeated read can cure; the client has already retried them. */
export const PARTNER_API_TRANSIENT_ERRORS = [
  'PartnerApiUnavailableError',
  'PartnerApiThrottledError',
  'PartnerApiMalformedResponseError',
];

export const LAMBDA_SERVICE_RETRY: RetryProps = {
  errors: LAMBDA_SERVICE_ERRORS,
  interval: Duration.seconds(1),
  maxAttempts: 4,
  backoffRate: 2,
  maxDelay: Duration.seconds(10),
  jitterStrategy: JitterType.FULL,
};

/** One more try after a timeout: every task is a read or a conditional, forward-only write. */
export const LAMBDA_UNKNOWN_RETRY: RetryProps = {
  errors: [LAMBDA_UNKNOWN_ERROR],
  interval: Duration.seconds(2),
  maxAttempts: 1,
  jitterStrategy: JitterType.FULL,
};

export const PARTNER_API_RETRY: RetryProps = {
  errors: PARTNER_API_TRANSIENT_ERRORS,
  interval: Duration.seconds(5),
  maxAttempts: 4,
  backoffRate: 2,
  maxDelay: Duration.seconds(60),
  jitterStrategy: JitterType.FULL,
};

/**
 * A `save` attempt started less than the create-order step's lease (2 minutes) ago, so
 * it may still be in flight or its order not yet listed. The pauses add up to between
 * 0 and 740 seconds (full jitter, about 370 on average), well past the lease.
 */
export const SUBMISSION_IN_PROGRESS_RETRY: RetryProps = {
  errors: ['SubmissionInProgressError'],
  interval: Duration.seconds(20),
  maxAttempts: 8,
  backoffRate: 2,
  maxDelay: Duration.seconds(120),
  jitterStrategy: JitterType.FULL,
};

/**
 * The create-order step could not yet tell whether `save` created an order, because the
 * order did not (yet) show in the order list. Each retry looks it up again before anything
 * is sent; the tries span about a quarter of an hour.
 */
export const RECONCILIATION_RETRY: RetryProps = {
  errors: ['ReconciliationPendingError'],
  interval: Duration.seconds(30),
  maxAttempts: 6,
  backoffRate: 2,
  maxDelay: Duration.minutes(5),
  jitterStrategy: JitterType.FULL,
};

/** Putting an event again is harmless: consumers receive outcome events at least once. */
export const PUBLISH_RETRY: RetryProps = {
  errors: [Errors.TASKS_FAILED],
  interval: Duration.seconds(2),
  maxAttempts: 5,
  backoffRate: 2,
  maxDelay: Duration.seconds(30),
  jitterStrategy: JitterType.FULL,
};
