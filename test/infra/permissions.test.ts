import { describe, expect, it } from 'vitest';

import { PurchaseFunction } from '../../infra/constructs/purchase-function.js';
import { getDefaultStack, grantsOfRole, logicalIdOf } from './fixture.js';

const { stack, template } = getDefaultStack();

/** Labels for the resources that grants may name, by logical id. */
function sharedLabels(): Record<string, string> {
  return {
    [logicalIdOf(stack.storage.table)]: 'table',
    [logicalIdOf(stack.tokens.tokenSecret)]: 'token-secret',
    [logicalIdOf(stack.tokens.credentialsSecret)]: 'credentials-secret',
    [logicalIdOf(stack.tokens.refresher.function)]: 'refresher',
    [logicalIdOf(stack.workflow.stateMachine)]: 'state-machine',
    [logicalIdOf(stack.events.bus)]: 'bus',
  };
}

function grantsOf(purchaseFunction: PurchaseFunction): string[] {
  return grantsOfRole(template, logicalIdOf(purchaseFunction.role), {
    ...sharedLabels(),
    [logicalIdOf(purchaseFunction.logGroup)]: 'own-log-group',
  });
}

const BASE = [
  'logs:CreateLogStream on own-log-group',
  'logs:PutLogEvents on own-log-group',
  'xray:PutTelemetryRecords on *',
  'xray:PutTraceSegments on *',
];
const STORE_READ = [
  'dynamodb:GetItem on table',
  'dynamodb:GetItem on table/index/byProductNo',
  'dynamodb:Query on table',
  'dynamodb:Query on table/index/byProductNo',
];
const STORE_WRITE = [
  ...STORE_READ,
  'dynamodb:DeleteItem on table',
  'dynamodb:PutItem on table',
  'dynamodb:UpdateItem on table',
];
const PARTNER_API = [
  'lambda:InvokeFunction on refresher',
  'secretsmanager:DescribeSecret on token-secret',
  'secretsmanager:GetSecretValue on token-secret',
];

/** The complete grant list each function may have, by handler entry. */
const EXPECTED_GRANTS: Record<string, string[]> = {
  'tasks/validate-request': BASE,
  'tasks/record-purchase': [...BASE, ...STORE_WRITE],
  'tasks/resolve-items': [...BASE, ...PARTNER_API],
  'tasks/resolve-billing-contact': [...BASE, ...PARTNER_API],
  'tasks/record-resolution': [...BASE, ...STORE_WRITE],
  'tasks/quote': [...BASE, ...STORE_WRITE, ...PARTNER_API],
  'tasks/create-order': [...BASE, ...STORE_WRITE, ...PARTNER_API],
  'tasks/check-order': [...BASE, ...STORE_WRITE, ...PARTNER_API],
  'tasks/record-failure': [...BASE, ...STORE_WRITE],
  'http/start-purchase': [...BASE, ...STORE_READ, 'states:StartExecution on state-machine'],
  'http/get-purchase': [...BASE, ...STORE_READ],
  'http/list-purchases': [...BASE, ...STORE_READ],
  'http/get-catalog': [...BASE, ...PARTNER_API],
  'http/list-billing-contacts': [...BASE, ...PARTNER_API],
  'http/create-order': [...BASE, ...STORE_WRITE, ...PARTNER_API],
  'scheduled/refresh-token': [
    ...BASE,
    'secretsmanager:DescribeSecret on credentials-secret',
    'secretsmanager:DescribeSecret on token-secret',
    'secretsmanager:GetSecretValue on credentials-secret',
    'secretsmanager:GetSecretValue on token-secret',
    'secretsmanager:PutSecretValue on token-secret',
    ...['DeleteItem', 'GetItem', 'PutItem'].map(
      (action) =>
        `dynamodb:${action} on table if {"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["LEASE#partner-token"]}}`,
    ),
  ],
};

const functions = stack.node.findAll().filter((node): node is PurchaseFunction => node instanceof PurchaseFunction);

describe('function permissions', () => {
  it('covers one function per handler entry', () => {
    expect(functions.map((fn) => fn.entry).sort()).toEqual(Object.keys(EXPECTED_GRANTS).sort());
  });

  it.each(functions.map((fn) => [fn.entry, fn] as const))('%s has exactly its own grants', (entry, purchaseFunction) => {
    expect(grantsOf(purchaseFunction)).toEqual([...EXPECTED_GRANTS[entry]!].sort());
  });

  it('only the refresher reads the credentials secret', () => {
    const readers = functions.filter((fn) => grantsOf(fn).some((grant) => grant.includes('credentials-secret')));

    expect(readers.map((fn) => fn.entry)).toEqual(['scheduled/refresh-token']);
  });

  it('only the refresher writes the token secret', () => {
    const writers = functions.filter((fn) =>
      grantsOf(fn).some((grant) => /^secretsmanager:(PutSecretValue|UpdateSecret)/.test(grant)),
    );

    expect(writers.map((fn) => fn.entry)).toEqual(['scheduled/refresh-token']);
  });

  it('no policy in the stack names the credentials secret except the refresher role', () => {
    const credentialsId = logicalIdOf(stack.tokens.credentialsSecret);
    const refresherRoleId = logicalIdOf(stack.tokens.refresher.role);
    const policies = template.findResources('AWS::IAM::Policy');

    const naming = Object.values(policies)
      .filter((policy) => JSON.stringify(policy.Properties.PolicyDocument).includes(`"${credentialsId}"`))
      .map((policy) => policy.Properties.Roles);

    expect(naming).toEqual([[{ Ref: refresherRoleId }]]);
    expect(template.findResources('AWS::SecretsManager::ResourcePolicy')).toEqual({});
  });
});

describe('state machine permissions', () => {
  const taskLabels = Object.fromEntries(
    Object.values(stack.workflow.tasks).map((task) => [logicalIdOf(task.function), `fn:${task.entry}`]),
  );
  const roleId = logicalIdOf(stack.workflow.stateMachine.role);
  const grants = grantsOfRole(template, roleId, { ...sharedLabels(), ...taskLabels });

  it('invokes exactly the task functions', () => {
    const invoked = grants.filter((grant) => grant.startsWith('lambda:InvokeFunction on ')).map((grant) => grant.replace('lambda:InvokeFunction on ', ''));
    const expected = Object.values(taskLabels).flatMap((label) => [label, `${label}:*`]);

    expect(invoked.sort()).toEqual(expected.sort());
  });

  it('puts events on the purchases bus only', () => {
    expect(grants.filter((grant) => grant.startsWith('events:'))).toEqual(['events:PutEvents on bus']);
  });

  it('has no secret, table or refresher access', () => {
    expect(grants.filter((grant) => /secretsmanager:|dynamodb:|refresher|token-secret/.test(grant))).toEqual([]);
  });
});
