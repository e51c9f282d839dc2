/**
 * A small client for the product's HTTP API, used by the CLI against the embedded runtime
 * or a running stack.
 */
import { parseJson } from '../../functions/partner-api/json.js';

export interface ApiErrorBody {
  code: string;
  message: string;
  details?: unknown;
}

/** An HTTP API response with a status of 400 or above. */
export class ApiResponseError extends Error {
  override name = 'ApiResponseError';
  constructor(
    readonly status: number,
    readonly body: ApiErrorBody,
  ) {
    super(`${body.code}: ${body.message}`);
  }
}

export type RequestSigner = (request: { method: string; url: string; headers: Record<string, string>; body?: string }) => Promise<Record<string, string>>;

export class PurchasesApiClient {
  constructor(
    private readonly baseUrl: string,
    private readonly sign?: RequestSigner,
  ) {}

  startPurchase(body: Record<string, unknown>): Promise<{ status: number; body: Record<string, unknown> }> {
    return this.send('POST', '/purchases', body);
  }

  /** Returns the purchase record. */
  async getPurchase(purchaseId: string): Promise<Record<string, unknown>> {
    const { body } = await this.send('GET', `/purchases/${encodeURIComponent(purchaseId)}`);
    return (body.purchase ?? body) as Record<string, unknown>;
  }

  async listPurchases(productNo: string): Promise<Record<string, unknown>> {
    return (await this.send('GET', `/purchases?productNo=${encodeURIComponent(productNo)}`)).body;
  }

  async getCatalog(productId: string, productNo?: string): Promise<Record<string, unknown>> {
    const query = productNo ? `?productNo=${encodeURIComponent(productNo)}` : '';
    return (await this.send('GET', `/catalog/${encodeURIComponent(productId)}${query}`)).body;
  }

  async listBillingContacts(): Promise<Record<string, unknown>> {
    return (await this.send('GET', '/billing-contacts')).body;
  }

  private async send(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
    const url = `${this.baseUrl}${path}`;
    const text = body === undefined ? undefined : JSON.stringify(body);
    let headers: Record<string, string> = text === undefined ? {} : { 'content-type': 'application/json' };
    if (this.sign) {
      headers = { ...headers, ...(await this.sign({ method, url, headers, ...(text === undefined ? {} : { body: text }) })) };
    }

    let response: Response;
    try {
      response = await fetch(url, { method, headers, ...(text === undefined ? {} : { body: text }) });
    } catch (error) {
      throw new Error(`The purchases API at ${this.baseUrl} did not respond (${(error as Error).message}). Check --api-url and that the API is running.`);
    }

    const responseText = await response.text();
    let parsed: unknown;
    try {
      parsed = responseText === '' ? {} : parseJson(responseText);
    } catch {
      throw new Error(`The purchases API responded to ${method} ${path} with HTTP ${response.status} and a body that is not JSON.`);
    }

    if (response.status >= 400) {
      const error = (parsed as { error?: ApiErrorBody }).error;
      if (error === undefined || typeof error.message !== 'string') {
        throw new Error(
          `${this.baseUrl} responded to ${method} ${path} with HTTP ${response.status} and a body that is not a purchases API error; check that --api-url names the purchases HTTP API`,
        );
      }
      throw new ApiResponseError(response.status, error);
    }
    return { status: response.status, body: parsed as Record<string, unknown> };
  }
}
