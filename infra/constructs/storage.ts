/**
 * The purchases table. Its key schema matches `functions/aws/purchases-table.ts`, which
 * creates the same table on the embedded DynamoDB engine of the local runtime.
 */
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

export const PRODUCT_NO_INDEX_NAME = 'byProductNo';

/**
 * Item attribute (epoch seconds) that DynamoDB's time to live reads. The token lease item
 * sets it so that a lease left behind by a crashed holder is removed.
 */
export const TIME_TO_LIVE_ATTRIBUTE = 'ttl';

/** Partition key of the token lease item, as written by `functions/aws/token-lease.ts`. */
export const TOKEN_LEASE_KEY = 'LEASE#partner-token';

const READ_ACTIONS = ['dynamodb:GetItem', 'dynamodb:Query'];
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'];

export class PurchaseStorage extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.table = new Table(this, 'PurchasesTable', {
      partitionKey: { name: 'pk', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      timeToLiveAttribute: TIME_TO_LIVE_ATTRIBUTE,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.table.addGlobalSecondaryIndex({
      indexName: PRODUCT_NO_INDEX_NAME,
      partitionKey: { name: 'productNo', type: AttributeType.STRING },
      sortKey: { name: 'createdAt', type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
  }

  /** Lets the grantee get a record and query the `byProductNo` index, and nothing else. */
  grantRecordRead(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: READ_ACTIONS, resources: [this.table.tableArn, this.indexArn()] }),
    );
  }

  /** Lets the grantee read records and put, update or delete items of the table (not of other tables). */
  grantRecordWrite(grantee: IGrantable): void {
    this.grantRecordRead(grantee);
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: WRITE_ACTIONS, resources: [this.table.tableArn] }),
    );
  }

  /**
   * Lets the grantee put, get and delete the token lease item only: the policy limits the
   * partition keys it may touch to the lease key.
   */
  grantTokenLease(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:DeleteItem'],
        resources: [this.table.tableArn],
        conditions: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [TOKEN_LEASE_KEY] } },
      }),
    );
  }

  private indexArn(): string {
    return `${this.table.tableArn}/index/${PRODUCT_NO_INDEX_NAME}`;
  }
}
