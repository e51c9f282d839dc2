/** The Yeastar Partner Portal OpenAPI client: public API. */
export { PartnerApiClient, type PartnerApiClientOptions } from './client.js';
export {
  OAuthTokenManager,
  requestAccessToken,
  refreshAccessToken,
  DEFAULT_RENEW_MARGIN_MS,
  REFRESH_TOKEN_LIFETIME_MS,
  type OAuthTokenManagerOptions,
  type RefreshAccessTokenOptions,
  type RequestAccessTokenOptions,
  type TokenDetails,
} from './oauth.js';
export { authorizationHeader, normalizeTokenHead, DEFAULT_TOKEN_HEAD, type AccessToken, type AccessTokenProvider } from './token.js';
export {
  PartnerApiError,
  PartnerApiRejectedError,
  PartnerApiAuthenticationError,
  PartnerApiThrottledError,
  PartnerApiUnavailableError,
  PartnerApiOutcomeUnknownError,
  PartnerApiMalformedResponseError,
  PartnerApiInvalidRequestError,
  type PartnerApiErrorDetails,
} from './errors.js';
export { DEFAULT_TIMEOUT_MS, DEFAULT_USER_AGENT, type TransportOptions } from './http.js';
export type { RetryInfo, RetryOptions } from './retry.js';
export {
  CatalogueLookupError,
  findCatalogueEntry,
  listCatalogueEntries,
  normalizeCatalogueName,
  NAME_FIELDS,
  type CatalogueEntry,
  type CatalogueQuery,
} from './catalogue.js';
export type { Page } from './schema-primitives.js';
export type {
  CatalogueItem,
  PlanInfoQuery,
  PricingDetails,
  PurchaseProductInfo,
  PurchaseProductInfoQuery,
  ServiceInfoQuery,
  SubscriptionPrice,
  SubscriptionPriceQuery,
  SubscriptionProduct,
} from './pricing-schemas.js';
export type {
  CreateOrderBody,
  CreateOrderResult,
  OperationType,
  OrderDetails,
  OrderInfo,
  OrderItem,
  OrderListQuery,
} from './order-schemas.js';
export type {
  BillingContact,
  InstanceProduct,
  InstanceProductQuery,
  ProductDetails,
  ProductDetailsQuery,
  Region,
  SubordinateUser,
} from './account-schemas.js';
export { parseJson, stringifyJson, toLong } from './json.js';
