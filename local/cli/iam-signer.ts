/**
 * Signs requests to the stack's HTTP API, which uses IAM authorization, with AWS
 * Signature Version 4 for the `execute-api` service. Credentials come from the standard
 * AWS chain: environment variables, the shared config and credentials files, SSO, or an
 * instance or container role.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';

import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

import type { RequestSigner } from './api-client.js';

/** SHA-256 (or HMAC-SHA-256 with a secret) in the shape SignatureV4 expects. */
type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBytes(data: SourceData): string | Uint8Array {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

export class Sha256 {
  private readonly hash: Hash | Hmac;

  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }

  update(data: SourceData): void {
    this.hash.update(toBytes(data));
  }

  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
}

/** Returns whether requests to `url` go to the local runtime, which needs no signature. */
export function isLoopbackUrl(url: string): boolean {
  const { hostname } = new URL(url);
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * Reads the region from an `execute-api` host name (`API_ID.execute-api.REGION.amazonaws.com`),
 * or else from AWS_REGION / AWS_DEFAULT_REGION.
 */
export function regionFor(url: string): string {
  const fromHost = /\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$/.exec(new URL(url).hostname)?.[1];
  const region = fromHost ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new Error(`Cannot tell the AWS region of ${url}: set AWS_REGION, or use the API's execute-api URL.`);
  }
  return region;
}

export function iamSigner(region: string, credentials = defaultProvider()): RequestSigner {
  const signer = new SignatureV4({ service: 'execute-api', region, credentials, sha256: Sha256 });

  return async ({ method, url, headers, body }) => {
    const target = new URL(url);
    const query: Record<string, string> = {};
    for (const [name, value] of target.searchParams) {
      query[name] = value;
    }

    const signed = await signer.sign({
      method,
      protocol: target.protocol,
      hostname: target.hostname,
      ...(target.port ? { port: Number(target.port) } : {}),
      path: target.pathname,
      query,
      headers: { ...headers, host: target.host },
      ...(body === undefined ? {} : { body }),
    });
    return signed.headers;
  };
}
