/** Request signing for the stack's IAM-authorized HTTP API. */
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';

import { iamSigner, isLoopbackUrl, regionFor, Sha256 } from '../../local/cli/iam-signer.js';

const EXAMPLE_CREDENTIALS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };

describe('Sha256', () => {
  it('matches the SigV4 test suite get-vanilla signature', async () => {
    // The AWS Signature Version 4 test suite's "get-vanilla" case.
    const signer = new SignatureV4({ service: 'service', region: 'us-east-1', credentials: EXAMPLE_CREDENTIALS, sha256: Sha256, applyChecksum: false });

    const signed = await signer.sign(
      { method: 'GET', protocol: 'https:', hostname: 'example.amazonaws.com', path: '/', headers: { host: 'example.amazonaws.com' } },
      { signingDate: new Date('2015-08-30T12:36:00Z') },
    );

    expect(signed.headers.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    );
  });
});

describe('iamSigner', () => {
  it('signs for execute-api in the region', async () => {
    const sign = iamSigner('eu-west-1', async () => ({ ...EXAMPLE_CREDENTIALS, sessionToken: 'session-example' }));

    const headers = await sign({
      method: 'POST',
      url: 'https://abc123.execute-api.eu-west-1.amazonaws.com/purchases?x=1',
      headers: { 'content-type': 'application/json' },
      body: '{"productNo":"3631E0997265"}',
    });

    expect(headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, /);
    expect(headers.authorization).toMatch(/SignedHeaders=[a-z0-9;-]*content-type;host;/);
    expect(headers['x-amz-security-token']).toBe('session-example');
    expect(headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
  });
});

describe('regionFor', () => {
  it('reads the region from an execute-api host', () => {
    expect(regionFor('https://abc123.execute-api.ap-southeast-1.amazonaws.com')).toBe('ap-southeast-1');
  });

  it('tells loopback URLs apart', () => {
    expect(isLoopbackUrl('http://127.0.0.1:3000')).toBe(true);
    expect(isLoopbackUrl('http://localhost:3000')).toBe(true);
    expect(isLoopbackUrl('https://abc123.execute-api.eu-west-1.amazonaws.com')).toBe(false);
  });
});
