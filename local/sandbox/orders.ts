/**
 * Order routes: Create an Order (`save`), Query Order List (`page`) and Get Order Details
 * (`get/{id}`). Order numbers start at the Hotel PMS tutorial's example values, so the
 * first order after start or reset is EM3206203445147066368.
 */

import { SandboxApiError, validationError } from './envelope.js';
import { readIntegerQuery, toPage } from './context.js';
import type { RouteContext } from './context.js';
import { validateOrder } from './order-validation.js';
import type { ValidatedOrder } from './order-validation.js';
import type { SeedPbx } from './seed.js';
import type { SandboxOrder, SandboxState } from './state.js';

const FIRST_ORDER_NUMBER = 3206203445147066368n;
const FIRST_ORDER_ID = 3206203445155454976n;
const FIRST_TRANSACTION_NUMBER = 3206203447374241793n;
const FIRST_INSTANCE_ID = 1259567;
const NUMBER_STEP = 7919n;

/** Adds the PBX that an order for a new instance creates, so later calls can refer to it. */
function createPbx(state: SandboxState, order: ValidatedOrder, sequence: number): SeedPbx {
  const plan = order.items.find((item) => item.serviceType === 'plan');
  const extensions = plan?.quantity ?? null;
  const created: SeedPbx = {
    productNo: `S${String(order.product.productId).padStart(2, '0')}N${String(sequence + 1).padStart(8, '0')}`,
    productId: order.product.productId,
    planId: plan?.serviceId ?? null,
    billingCycle: (plan?.billingCycle as SeedPbx['billingCycle']) ?? null,
    extensions,
    activationCode: '',
    activationStatus: 'unactivated',
    comment: '',
    createTime: state.now(),
    expireDate: '',
  };
  state.seed.pbxs.push(created);
  return created;
}

/** Commits a validated order and returns it. */
function commitOrder(state: SandboxState, order: ValidatedOrder): SandboxOrder {
  const sequence = state.orders.length;
  const step = BigInt(sequence) * NUMBER_STEP;
  const createsInstance = order.pbx === undefined && /^(purchase|trial)_/.test(order.operationType);
  const pbx = order.pbx ?? (createsInstance ? createPbx(state, order, sequence) : undefined);
  const orderStatus = state.settings.saveOrderStatus;

  const committed: SandboxOrder = {
    id: String(FIRST_ORDER_ID + step),
    orderNo: `EM${FIRST_ORDER_NUMBER + step}`,
    transactionNo: `XO${FIRST_TRANSACTION_NUMBER + step}`,
    instanceId: String(FIRST_INSTANCE_ID + sequence),
    invoiceNo: orderStatus === 'succeed' ? `INV${String(sequence + 1).padStart(8, '0')}` : '',
    orderStatus,
    operationType: order.operationType,
    productId: order.product.productId,
    productNo: pbx?.productNo ?? '',
    billingId: order.billingId,
    poNumber: order.poNumber,
    currencyCode: 'USD',
    totalAmount: order.items.reduce((sum, item) => sum + item.amount, 0),
    createTime: state.now(),
    items: order.items,
    request: order.request,
  };
  state.orders.push(committed);
  return committed;
}

/** `POST /order/openapi/order/v1/save`. */
export function createOrder(context: RouteContext): unknown {
  const contentType = context.request.headers['content-type'] ?? '';
  if (!contentType.startsWith('application/json')) {
    throw validationError('Content-Type', 'oneof', `Content-Type "${contentType}" is not supported: use application/json`);
  }

  const order = commitOrder(context.state, validateOrder(context.state, context.body));
  return {
    instanceId: order.instanceId,
    orderNo: order.orderNo,
    orderStatus: order.orderStatus,
    productNo: order.productNo,
    transactionNo: order.transactionNo,
  };
}

function renderOrderInfo(order: SandboxOrder): Record<string, unknown> {
  return {
    createTime: order.createTime,
    currencyCode: order.currencyCode,
    customReferenceNo: order.poNumber ?? '',
    id: order.id,
    invoiceNo: order.invoiceNo,
    orderNo: order.orderNo,
    orderStatus: order.orderStatus,
    productId: String(order.productId),
    productNo: order.productNo,
    totalAmount: order.totalAmount,
  };
}

/** `GET /order/openapi/order/v1/page`. */
export function listOrders(context: RouteContext): unknown {
  const pageNo = readIntegerQuery(context.url, 'pageNo', 1);
  const pageSize = readIntegerQuery(context.url, 'pageSize', 25);
  const { orders, settings } = context.state;
  const ordered = settings.orderListOrder === 'newest-first' ? [...orders].reverse() : [...orders];
  return toPage(ordered.map(renderOrderInfo), pageNo, pageSize);
}

/** Finds an order by order number or order id. */
export function findOrder(state: SandboxState, id: string): SandboxOrder | undefined {
  return state.orders.find((order) => order.orderNo === id || order.id === id);
}

/** `GET /order/openapi/order/v1/get/{id}`: `id` is the order number or the order id. */
export function getOrderDetails(context: RouteContext): unknown {
  const id = context.params.id ?? '';
  const { state } = context;
  const order = findOrder(state, id);
  if (order === undefined) {
    throw new SandboxApiError(404, 'order_not_found', `Order "${id}" not found: use an order number (EM…) or an order id`);
  }

  const product = state.seed.products.find((item) => item.productId === order.productId);
  const contact = state.seed.billingContacts.find((item) => item.billingContactId === order.billingId);
  return {
    basicInformation: {
      productId: String(order.productId),
      productName: product?.name ?? '',
      productNo: order.productNo,
      instanceId: order.instanceId,
      operationType: order.operationType,
    },
    billingInformation: contact ?? null,
    orderInformation: { ...renderOrderInfo(order), transactionNo: order.transactionNo },
    orderSummary: {
      currencyCode: order.currencyCode,
      totalAmount: order.totalAmount,
      serviceList: order.items.map((item) => ({
        ...item,
        serviceId: BigInt(item.serviceId),
        connectionPlanId: item.connectionPlanId === null ? null : BigInt(item.connectionPlanId),
      })),
    },
  };
}
