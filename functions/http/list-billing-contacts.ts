/** GET /billing-contacts: the partner's billing contacts. */
import { partnerApiClient } from '../aws/dependencies.js';
import type { PartnerApiPort } from '../core/ports.js';
import { createHttpHandler, resolveDeps } from './http-handler.js';
import type { DepsSource } from './http-handler.js';

export function createListBillingContactsHandler(depsSource: DepsSource<{ partnerApi: Pick<PartnerApiPort, 'listBillingContacts'> }>) {
  return createHttpHandler('list-billing-contacts', async () => {
    const { partnerApi } = await resolveDeps(depsSource);

    const billingContacts = await partnerApi.listBillingContacts();
    return { statusCode: 200, body: { billingContacts } };
  });
}

export const handler = createListBillingContactsHandler(() => ({ partnerApi: partnerApiClient() }));
