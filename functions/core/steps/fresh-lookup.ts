import type { StepDeps } from '../settings.js';
import { hasErrorName } from './step-input.js';

/**
 * Runs a catalogue or billing-contact lookup. When it fails with one of `errorNames` and
 * the Partner API client caches lookups, the cached responses may be stale: they are
 * dropped and the lookup runs once more against the Partner API.
 */
export async function lookUpWithFreshRetry<T>(deps: StepDeps, errorNames: readonly string[], lookup: () => Promise<T>): Promise<T> {
  try {
    return await lookup();
  } catch (error) {
    const invalidate = deps.partnerApi.invalidateLookups?.bind(deps.partnerApi);
    if (invalidate === undefined || !errorNames.some((name) => hasErrorName(error, name))) {
      throw error;
    }
    invalidate();
    return lookup();
  }
}
