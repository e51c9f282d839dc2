import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startSandbox } from '../../local/sandbox/server.js';
import type { RunningSandbox } from '../../local/sandbox/server.js';
import { SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET } from '../../local/sandbox/seed.js';
import { CONTACTS_PATH, control, get, getWithExactHeaders, readResponse, requestToken, TOKEN_PATH, USER_AGENT } from './support.js';

describe('sandbox tokens', () => {
  let sandbox: RunningSandbox;

  beforeEach(async () => {
    sandbox = await startSandbox();
  });

  afterEach(async () => {
    await sandbox.close();
  });

  async function callWith(token: string): Promise<{ status: number; code: string }> {
    const answer = await get(sandbox.url, CONTACTS_PATH, { ...USER_AGENT, authorization: `Bearer ${token}` });
    return { status: answer.status, code: answer.json.code };
  }

  async function refresh(refreshToken: string): Promise<Awaited<ReturnType<typeof requestToken>>> {
    return requestToken(sandbox.url, { grant_type: 'refresh_token', refresh_token: refreshToken });
  }

  it('issues an HS256 JWT-shaped access token', async () => {
    const { json } = await requestToken(sandbox.url);
    const [header, payload] = (json.result.token as string).split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT' });
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    expect(claims.client_id).toBe(SANDBOX_CLIENT_ID);
    expect(claims.token_type).toBe('openapi');
    expect(claims.exp - Math.floor(Date.now() / 1000)).toBeGreaterThan(1700);
    expect(typeof JSON.parse(claims['X-MS-USER']).userId).toBe('string');
  });

  it('expires the access token after 30 minutes on the sandbox clock', async () => {
    const { json } = await requestToken(sandbox.url);
    expect(await callWith(json.result.token)).toEqual({ status: 200, code: 'success' });

    await control(sandbox.url, 'POST', 'clock', { advanceSeconds: 1799 });
    expect(await callWith(json.result.token)).toEqual({ status: 200, code: 'success' });

    await control(sandbox.url, 'POST', 'clock', { advanceSeconds: 1 });
    const expired = await get(sandbox.url, CONTACTS_PATH, { ...USER_AGENT, authorization: `Bearer ${json.result.token}` });
    expect(expired.status).toBe(401);
    expect(expired.json.code).toBe('token_expired');
    expect(expired.json.status).toBe(401);
    expect(expired.json.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refreshes after the access token expired', async () => {
    const first = await requestToken(sandbox.url);
    await control(sandbox.url, 'POST', 'clock', { advanceSeconds: 3600 });

    const renewed = await refresh(first.json.result.refreshToken);
    expect(renewed.status).toBe(200);
    expect(renewed.json.result.expiresIn).toBe('1800');
    expect(renewed.json.result.token).not.toBe(first.json.result.token);
    expect(await callWith(renewed.json.result.token)).toEqual({ status: 200, code: 'success' });
  });

  it('rotates refresh tokens by default', async () => {
    const first = await requestToken(sandbox.url);
    expect((await refresh(first.json.result.refreshToken)).status).toBe(200);

    const reused = await refresh(first.json.result.refreshToken);
    expect(reused.status).toBe(401);
    expect(reused.json.code).toBe('refresh_token_invalid');
  });

  it('keeps refresh tokens when rotation is off', async () => {
    await control(sandbox.url, 'POST', 'settings', { refreshRotates: false });
    const first = await requestToken(sandbox.url);
    expect((await refresh(first.json.result.refreshToken)).status).toBe(200);
    expect((await refresh(first.json.result.refreshToken)).status).toBe(200);
  });

  it('expires refresh tokens after 15 days', async () => {
    const first = await requestToken(sandbox.url);
    await control(sandbox.url, 'POST', 'clock', { advanceSeconds: 15 * 86_400 });
    const late = await refresh(first.json.result.refreshToken);
    expect(late.status).toBe(401);
    expect(late.json.code).toBe('refresh_token_expired');
  });

  it('rejects a wrong client secret', async () => {
    const answer = await requestToken(sandbox.url, {
      grant_type: 'pp_credentials',
      client_id: SANDBOX_CLIENT_ID,
      client_secret: `${SANDBOX_CLIENT_SECRET}x`,
    });
    expect(answer.status).toBe(401);
    expect(answer.json.code).toBe('invalid_client');
    expect(answer.text).not.toContain(SANDBOX_CLIENT_SECRET);
  });

  it('rejects the standard client_credentials grant', async () => {
    const answer = await requestToken(sandbox.url, {
      grant_type: 'client_credentials',
      client_id: SANDBOX_CLIENT_ID,
      client_secret: SANDBOX_CLIENT_SECRET,
    });
    expect(answer.status).toBe(400);
    expect(answer.json.code).toBe('parameter_validation_failed');
    expect(answer.json.result).toEqual({ field: 'grant_type', tag: 'oneof' });
  });

  it('rejects a missing client_secret', async () => {
    const answer = await requestToken(sandbox.url, { grant_type: 'pp_credentials', client_id: SANDBOX_CLIENT_ID });
    expect(answer.status).toBe(400);
    expect(answer.json.result).toEqual({ field: 'client_secret', tag: 'required' });
  });

  it('rejects a JSON token request', async () => {
    const response = await fetch(sandbox.url + TOKEN_PATH, {
      method: 'POST',
      headers: { ...USER_AGENT, 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'pp_credentials', client_id: SANDBOX_CLIENT_ID, client_secret: SANDBOX_CLIENT_SECRET }),
    });
    const answer = await readResponse(response);
    expect(answer.status).toBe(400);
    expect(answer.json.result).toEqual({ field: 'Content-Type', tag: 'oneof' });
  });

  it('rejects missing, malformed and unknown tokens', async () => {
    const missing = await get(sandbox.url, CONTACTS_PATH, USER_AGENT);
    expect(missing.status).toBe(401);
    expect(missing.json.code).toBe('token_missing');

    const malformed = await get(sandbox.url, CONTACTS_PATH, { ...USER_AGENT, authorization: 'Basic abc' });
    expect(malformed.status).toBe(401);
    expect(malformed.json.code).toBe('token_invalid');

    expect(await callWith('eyJhbGciOiJIUzI1NiJ9.e30.forged')).toEqual({ status: 401, code: 'token_invalid' });
  });

  it('requires User-Agent unless the setting is off', async () => {
    const { json } = await requestToken(sandbox.url);
    const withoutAgent = await getWithExactHeaders(sandbox.url, CONTACTS_PATH, { authorization: `Bearer ${json.result.token}` });
    expect(withoutAgent.status).toBe(400);
    expect(withoutAgent.json.code).toBe('parameter_validation_failed');
    expect(withoutAgent.json.result).toEqual({ field: 'User-Agent', tag: 'required' });

    await control(sandbox.url, 'POST', 'settings', { userAgentRequired: false });
    const allowed = await getWithExactHeaders(sandbox.url, CONTACTS_PATH, { authorization: `Bearer ${json.result.token}` });
    expect(allowed.status).toBe(200);
  });
});
