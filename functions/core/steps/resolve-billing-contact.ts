import * as z from 'zod';

import { BillingContactAmbiguousError, BillingContactNotFoundError, type BillingContactSummary } from '../errors.js';
import type { BillingContactEntry } from '../ports.js';
import { getRecipe, needsBillingContact } from '../recipes.js';
import { parsePurchaseRequest } from '../request.js';
import { resolveSettings, type StepDeps } from '../settings.js';
import { lookUpWithFreshRetry } from './fresh-lookup.js';
import { parseStepInput, purchaseIdField } from './step-input.js';

const inputSchema = z.object({ purchaseId: purchaseIdField, request: z.unknown() });
export type ResolveBillingContactInput = z.input<typeof inputSchema>;

export interface ResolveBillingContactOutput {
  purchaseId: string;
  /** Absent for trial orders, which carry no billing contact. */
  billingId?: string;
  billingContactName?: string;
}

/**
 * Chooses the billing contact of the order: the one the request names, else the
 * configured default, else the partner's only contact. The chosen id must exist in the
 * billing contact list. Throws `BillingContactNotFoundError` or
 * `BillingContactAmbiguousError`, both listing the contacts.
 */
export async function resolveBillingContact(input: ResolveBillingContactInput, deps: StepDeps): Promise<ResolveBillingContactOutput> {
  const { purchaseId, request: rawRequest } = parseStepInput(inputSchema, input, 'resolveBillingContact');
  const request = parsePurchaseRequest(rawRequest);

  const recipe = request.recipe === undefined ? undefined : getRecipe(request.recipe);
  const needed = recipe?.billingContact ?? needsBillingContact(request.operationType!);
  if (!needed) return { purchaseId };

  const wantedId = request.billingContactId ?? resolveSettings(deps.settings).defaultBillingContactId;
  if (wantedId !== undefined) {
    const match = await lookUpWithFreshRetry(deps, ['BillingContactNotFoundError'], async () => {
      const summaries = (await deps.partnerApi.listBillingContacts()).map(summarize);
      const found = summaries.find((contact) => contact.billingContactId === wantedId);
      if (found === undefined) throw new BillingContactNotFoundError(wantedId, summaries);
      return found;
    });
    return { purchaseId, billingId: match.billingContactId, billingContactName: match.name };
  }

  const summaries = (await deps.partnerApi.listBillingContacts()).map(summarize);

  const [only] = summaries;
  if (summaries.length === 1 && only !== undefined) {
    return { purchaseId, billingId: only.billingContactId, billingContactName: only.name };
  }
  if (summaries.length === 0) throw new BillingContactNotFoundError(undefined, summaries);
  throw new BillingContactAmbiguousError(summaries);
}

function summarize(contact: BillingContactEntry): BillingContactSummary {
  const person = [contact.firstName, contact.lastName].filter((part) => part !== undefined && part.trim() !== '').join(' ');
  const name = person !== '' && contact.company ? `${person}, ${contact.company}` : person || contact.company || 'unnamed';
  return { billingContactId: String(contact.billingContactId), name };
}
