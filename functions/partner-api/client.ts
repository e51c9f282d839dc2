/**
 * The Partner API client: one method per endpoint, with ids as decimal strings in and
 * out. Requests are checked before they are sent and results are checked when they
 * arrive; see `authorized-call.ts` for the token handling and the retry policy.
 */
import type * as z from 'zod';
import {
  billingContactListSchema,
  instanceProductPageSchema,
  instanceProductQuerySchema,
  productDetailsQuerySchema,
  productDetailsSchema,
  regionListSchema,
  subordinateUserListSchema,
  type BillingContact,
  type InstanceProduct,
  type InstanceProductQuery,
  type ProductDetails,
  type ProductDetailsQuery,
  type Region,
  type SubordinateUser,
} from './account-schemas.js';
import { callWithRetries, type CallContext, type UnauthorizedRequest } from './authorized-call.js';
import { PartnerApiInvalidRequestError } from './errors.js';
import { createTransport, type TransportOptions } from './http.js';
import {
  createOrderBodySchema,
  createOrderResultSchema,
  orderDetailsSchema,
  orderIdSchema,
  orderListQuerySchema,
  orderPageSchema,
  writeCreateOrderBody,
  type CreateOrderBody,
  type CreateOrderResult,
  type OrderDetails,
  type OrderInfo,
  type OrderListQuery,
} from './order-schemas.js';
import {
  planInfoQuerySchema,
  pricingDetailsSchema,
  purchaseProductInfoQuerySchema,
  purchaseProductInfoSchema,
  serviceInfoQuerySchema,
  subscriptionPriceQuerySchema,
  subscriptionPriceSchema,
  subscriptionProductListSchema,
  type PlanInfoQuery,
  type PricingDetails,
  type PurchaseProductInfo,
  type PurchaseProductInfoQuery,
  type ServiceInfoQuery,
  type SubscriptionPrice,
  type SubscriptionPriceQuery,
  type SubscriptionProduct,
} from './pricing-schemas.js';
import { resolveRetryOptions, type RetryInfo, type RetryOptions } from './retry.js';
import type { Page } from './schema-primitives.js';
import type { AccessTokenProvider } from './token.js';

export interface PartnerApiClientOptions extends TransportOptions {
  /** The source of access tokens, such as an `OAuthTokenManager`. */
  tokens: AccessTokenProvider;
  retry?: RetryOptions;
  /** Called once before each retry, for example to log it with the caller's ids. */
  onRetry?: (info: RetryInfo) => void;
}

type PlanStage = 'trial' | 'purchase' | 'renew';

/** A client for the Yeastar Partner Portal OpenAPI. */
export class PartnerApiClient {
  readonly #context: CallContext;

  constructor(options: PartnerApiClientOptions) {
    this.#context = {
      transport: createTransport(options),
      tokens: options.tokens,
      retry: resolveRetryOptions(options.retry),
      onRetry: options.onRetry,
    };
  }

  /** Lists the products the partner may buy (`product_list`). */
  async listProducts(): Promise<SubscriptionProduct[]> {
    return this.#get('product_list', '/pricing/openapi/purchase/v1/product_list', {}, subscriptionProductListSchema);
  }

  /** Fetches the plans and services on offer for a product (`purchase_product_info`). */
  async getPurchaseProductInfo(query: PurchaseProductInfoQuery): Promise<PurchaseProductInfo> {
    const { productId, productNo } = check('purchase_product_info', purchaseProductInfoQuerySchema, query);
    return this.#get('purchase_product_info', '/pricing/openapi/purchase/v1/purchase_product_info', { productId, productNo }, purchaseProductInfoSchema);
  }

  /** Fetches a plan available for trial. */
  async getTrialPlanInfo(query: PlanInfoQuery): Promise<PricingDetails> {
    return this.#getPlanInfo('trial', query);
  }

  /** Fetches a plan available for subscription. */
  async getSubscriptionPlanInfo(query: PlanInfoQuery): Promise<PricingDetails> {
    return this.#getPlanInfo('purchase', query);
  }

  /** Fetches a plan available for renewal; `productNo` is required. */
  async getRenewalPlanInfo(query: PlanInfoQuery): Promise<PricingDetails> {
    return this.#getPlanInfo('renew', query);
  }

  /** Fetches a service available for trial. */
  async getTrialServiceInfo(query: ServiceInfoQuery): Promise<PricingDetails> {
    return this.#getServiceInfo('trial', query);
  }

  /** Fetches a service available for subscription. */
  async getSubscriptionServiceInfo(query: ServiceInfoQuery): Promise<PricingDetails> {
    return this.#getServiceInfo('purchase', query);
  }

  /** Fetches a service available for renewal; `productNo` is required and `connectionPlanId` is not sent. */
  async getRenewalServiceInfo(query: ServiceInfoQuery): Promise<PricingDetails> {
    return this.#getServiceInfo('renew', query);
  }

  /** Fetches the partner's prices for an offering (`my_price_info`). */
  async getSubscriptionPrice(query: SubscriptionPriceQuery): Promise<SubscriptionPrice> {
    const params = check('my_price_info', subscriptionPriceQuerySchema, query);
    return this.#get('my_price_info', '/pricing/openapi/purchase/v1/my_price_info', params, subscriptionPriceSchema);
  }

  /**
   * Creates an order (`save`). The request is sent again only after a throttle or when it
   * was never sent. When it may have arrived without a readable response, the call fails
   * with `PartnerApiOutcomeUnknownError`, and the order must be looked up before any resend.
   */
  async createOrder(body: CreateOrderBody): Promise<CreateOrderResult> {
    const checked = check('save', createOrderBodySchema, body);
    const request: UnauthorizedRequest = {
      route: 'save',
      method: 'POST',
      path: '/order/openapi/order/v1/save',
      body: { contentType: 'application/json', text: writeCreateOrderBody(checked) },
      createsOrder: true,
    };
    return callWithRetries(this.#context, request, createOrderResultSchema);
  }

  /** Lists orders, one page at a time (`page`). */
  async listOrders(query: OrderListQuery = {}): Promise<Page<OrderInfo>> {
    const params = check('page', orderListQuerySchema, query);
    return this.#get('page', '/order/openapi/order/v1/page', params, orderPageSchema);
  }

  /** Fetches one order by its order id or order number. */
  async getOrderDetails(id: string): Promise<OrderDetails> {
    const orderId = check('get', orderIdSchema, id);
    return this.#get('get', `/order/openapi/order/v1/get/${encodeURIComponent(orderId)}`, {}, orderDetailsSchema);
  }

  /** Lists the partner's PBXs (or other instances) of one product. */
  async listInstanceProducts(query: InstanceProductQuery): Promise<Page<InstanceProduct>> {
    const params = check('instance_product_list', instanceProductQuerySchema, query);
    return this.#get('instance_product_list', '/product/openapi/instance_product/v1/client/instance_product_list', params, instanceProductPageSchema);
  }

  /** Fetches one PBX by product id and serial number. */
  async getProductDetails(query: ProductDetailsQuery): Promise<ProductDetails> {
    const params = check('detail', productDetailsQuerySchema, query);
    return this.#get('detail', '/product/openapi/instance_product/v1/detail', params, productDetailsSchema);
  }

  /** Lists the PCE regions with their domain suffixes. */
  async listRegions(): Promise<Region[]> {
    return this.#get('region_list', '/product/openapi/instance/v1/region_list', {}, regionListSchema);
  }

  /** Lists the partner's billing contacts. */
  async listBillingContacts(): Promise<BillingContact[]> {
    return this.#get('billing_contact_list', '/user/openapi/user/v1/client/billing_contact_list', {}, billingContactListSchema);
  }

  /** Lists the partner's subordinate users. */
  async listSubordinateUsers(): Promise<SubordinateUser[]> {
    return this.#get('partner_list', '/user/openapi/user/v1/client/partner_list', {}, subordinateUserListSchema);
  }

  async #getPlanInfo(stage: PlanStage, query: PlanInfoQuery): Promise<PricingDetails> {
    const route = `${stage}/plan_info`;
    const { pricingPlanId, productId, productNo } = check(route, planInfoQuerySchema, query);
    if (stage === 'renew' && productNo === undefined) {
      throw new PartnerApiInvalidRequestError(route, [{ field: 'productNo', message: 'required for renewal' }]);
    }
    const path = `/pricing/openapi/purchase/v1/${route}/${encodeURIComponent(pricingPlanId)}`;
    return this.#get(route, path, { productId, productNo }, pricingDetailsSchema);
  }

  async #getServiceInfo(stage: PlanStage, query: ServiceInfoQuery): Promise<PricingDetails> {
    const route = `${stage}/add_on_info`;
    const { pricingServiceId, productId, productNo, connectionPlanId } = check(route, serviceInfoQuerySchema, query);
    if (stage === 'renew' && productNo === undefined) {
      throw new PartnerApiInvalidRequestError(route, [{ field: 'productNo', message: 'required for renewal' }]);
    }
    if (stage === 'renew' && connectionPlanId !== undefined) {
      throw new PartnerApiInvalidRequestError(route, [{ field: 'connectionPlanId', message: 'not a parameter of the renewal query' }]);
    }
    const path = `/pricing/openapi/purchase/v1/${route}/${encodeURIComponent(pricingServiceId)}`;
    return this.#get(route, path, { productId, productNo, connectionPlanId }, pricingDetailsSchema);
  }

  #get<S extends z.ZodType>(route: string, path: string, query: Record<string, string | number | undefined>, schema: S): Promise<z.output<S>> {
    return callWithRetries(this.#context, { route, method: 'GET', path, query, createsOrder: false }, schema);
  }
}

/** Validates a request, or throws `PartnerApiInvalidRequestError` naming each invalid field. */
function check<S extends z.ZodType>(route: string, schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new PartnerApiInvalidRequestError(
      route,
      parsed.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
    );
  }
  return parsed.data;
}
