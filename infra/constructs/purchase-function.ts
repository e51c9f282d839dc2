/**
 * One Lambda function of the product: a handler module under `functions/`, bundled by the
 * local esbuild into one ESM file, with its own role and log group so that every grant
 * stays visible per function.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** Repository root: this file lives in `infra/constructs/`. */
export const REPOSITORY_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Service name that Powertools writes on every log line and metric. */
export const SERVICE_NAME = 'yeastar-partner-purchases';

/** CloudWatch namespace of the custom metrics that the functions emit with Powertools Metrics. */
export const METRICS_NAMESPACE = 'YeastarPartnerPurchases';

/**
 * ESM output has no `require`. Some bundled CommonJS dependencies call it, so the banner
 * defines one for the bundle.
 */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

export interface PurchaseFunctionProps {
  /** Handler module below `functions/`, without extension, for example `tasks/quote`. */
  entry: string;
  description: string;
  /** @default 256 */
  memorySize?: number;
  /** @default 30 seconds */
  timeout?: Duration;
  environment?: Record<string, string>;
  /** @default one month */
  logRetention?: RetentionDays;
}

export class PurchaseFunction extends Construct {
  readonly function: NodejsFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  /** Handler module below `functions/`, as given. */
  readonly entry: string;
  /** Absolute path of the handler's source file. */
  readonly entryPath: string;

  constructor(scope: Construct, id: string, props: PurchaseFunctionProps) {
    super(scope, id);

    this.entry = props.entry;
    this.entryPath = resolve(REPOSITORY_ROOT, 'functions', `${props.entry}.ts`);

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: props.logRetention ?? RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // An own role instead of AWSLambdaBasicExecutionRole: it may write only to its own log group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.entry} function`,
    });
    this.logGroup.grantWrite(this.role);

    this.function = new NodejsFunction(this, 'Function', {
      entry: this.entryPath,
      handler: 'handler',
      description: props.description,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: resolve(REPOSITORY_ROOT, 'package-lock.json'),
      environment: {
        POWERTOOLS_SERVICE_NAME: SERVICE_NAME,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        minify: true,
        // No source maps: NODE_OPTIONS=--enable-source-maps added 25 to 30 ms to every cold
        // start (npm run bench), and no error this product returns carries a stack trace.
        sourceMap: false,
        // Bundled, because the runtime's own SDK copy measured slower at cold start than a bundled, minified one.
        bundleAwsSDK: true,
        tsconfig: resolve(REPOSITORY_ROOT, 'tsconfig.json'),
      },
    });
  }
}
