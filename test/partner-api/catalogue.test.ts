import { describe, expect, it } from 'vitest';

import { CatalogueLookupError, findCatalogueEntry, listCatalogueEntries, normalizeCatalogueName } from '../../functions/partner-api/catalogue.js';
import { parseJson } from '../../functions/partner-api/json.js';

const HOTEL_PMS_ID = '3131184659391672320';
const HOTEL_MODULE_ID = '3299326068732223488';

/** A catalogue in the shape the sandbox returns, read with parseJson so that ids are strings. */
const applianceCatalogue = parseJson(`{
  "offeringId": "3048558512036749312",
  "productId": 11,
  "productName": "P-Series Plan for Appliance Edition",
  "planList": [
    {"planId": 3048558946648207360, "planName": "Standard Plan", "serviceType": "plan", "purchaseType": "purchase", "billingModel": "recurring", "billingCycle": "annually", "multiCycle": 1},
    {"planId": 3048560232537899008, "planName": "Enterprise Plan", "serviceType": "plan", "purchaseType": "purchase", "billingModel": "recurring", "billingCycle": "annually", "multiCycle": 1}
  ],
  "serviceList": [
    {"serviceId": ${HOTEL_PMS_ID}, "serviceName": "Hotel PMS Integration", "serviceType": "service", "purchaseType": "purchase", "billingModel": "once", "billingCycle": "once", "multiCycle": 0},
    {"serviceId": ${HOTEL_MODULE_ID}, "serviceName": "Hotel Module", "serviceType": "service", "purchaseType": "purchase", "billingModel": "once", "billingCycle": "once", "multiCycle": 0}
  ]
}`);

describe('findCatalogueEntry', () => {
  it('finds a service by exact name', () => {
    const entry = findCatalogueEntry(applianceCatalogue, { name: 'Hotel PMS Integration' });

    expect(entry).toEqual({
      kind: 'service',
      id: HOTEL_PMS_ID,
      name: 'Hotel PMS Integration',
      purchaseType: 'purchase',
      billingModel: 'once',
      billingCycle: 'once',
      multiCycle: 0,
    });
  });

  it('ignores case and whitespace', () => {
    for (const name of ['hotel pms integration', '  HOTEL   PMS\tIntegration ', 'Hotel\u00a0PMS Integration']) {
      expect(findCatalogueEntry(applianceCatalogue, { name }).id).toBe(HOTEL_PMS_ID);
    }
  });

  it('finds a plan by name and kind', () => {
    const entry = findCatalogueEntry(applianceCatalogue, { name: 'enterprise plan', kind: 'plan' });

    expect(entry).toMatchObject({ kind: 'plan', id: '3048560232537899008', name: 'Enterprise Plan', multiCycle: 1 });
  });

  it('finds an entry by id', () => {
    expect(findCatalogueEntry(applianceCatalogue, { id: HOTEL_MODULE_ID }).name).toBe('Hotel Module');
  });

  it('requires name and id to match together', () => {
    expect(() => findCatalogueEntry(applianceCatalogue, { name: 'Hotel Module', id: HOTEL_PMS_ID })).toThrow(CatalogueLookupError);
  });

  it('filters by kind', () => {
    expect(() => findCatalogueEntry(applianceCatalogue, { name: 'Hotel PMS Integration', kind: 'plan' })).toThrow(CatalogueLookupError);
  });

  it('lists the available names when nothing matches', () => {
    let error: unknown;
    try {
      findCatalogueEntry(applianceCatalogue, { name: 'Hotel PMS', kind: 'service' });
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(CatalogueLookupError);
    const lookup = error as CatalogueLookupError;
    expect(lookup.name).toBe('CatalogueLookupError');
    expect(lookup.query).toEqual({ name: 'Hotel PMS', kind: 'service' });
    expect(lookup.available).toEqual(['Hotel PMS Integration', 'Hotel Module']);
    expect(lookup.message).toContain('No catalogue entry matches service name "Hotel PMS"');
    expect(lookup.message).toContain(`"Hotel PMS Integration" (service ${HOTEL_PMS_ID})`);
  });

  it('reports every match when several match', () => {
    const catalogue = {
      planList: [{ planId: '1', planName: 'Ultimate Plan' }],
      serviceList: [{ serviceId: '2', serviceName: 'ultimate  plan' }],
    };

    let error: unknown;
    try {
      findCatalogueEntry(catalogue, { name: 'Ultimate Plan' });
    } catch (caught) {
      error = caught;
    }

    const lookup = error as CatalogueLookupError;
    expect(lookup).toBeInstanceOf(CatalogueLookupError);
    expect(lookup.matches.map((entry) => entry.id)).toEqual(['1', '2']);
    expect(lookup.available).toEqual(['Ultimate Plan', 'ultimate  plan']);
    expect(lookup.message).toContain('Several catalogue entries match');
    expect(findCatalogueEntry(catalogue, { name: 'Ultimate Plan', kind: 'service' }).id).toBe('2');
  });

  it('says when the catalogue is empty', () => {
    expect(() => findCatalogueEntry({}, { name: 'Hotel PMS Integration' })).toThrow(/lists none; check productId and productNo/);
    expect(() => findCatalogueEntry(null, { name: 'x' })).toThrow(CatalogueLookupError);
  });

  it('rejects a query without name or id', () => {
    expect(() => findCatalogueEntry(applianceCatalogue, {})).toThrow(TypeError);
    expect(() => findCatalogueEntry(applianceCatalogue, { name: '  ' })).toThrow(TypeError);
  });

  it('reads names from other name fields', () => {
    for (const field of ['name', 'displayName', 'title', 'planName']) {
      const catalogue = { serviceList: [{ serviceId: 7, [field]: 'Hotel PMS Integration' }] };

      expect(findCatalogueEntry(catalogue, { name: 'hotel pms integration' }).id).toBe('7');
    }
  });

  it('matches any of several name fields', () => {
    const catalogue = { serviceList: [{ serviceId: 7, serviceName: 'PMS', displayName: 'Hotel PMS Integration' }] };

    expect(findCatalogueEntry(catalogue, { name: 'Hotel PMS Integration' })).toMatchObject({ id: '7', name: 'PMS' });
  });

  it('finds nested services with plan id', () => {
    const catalogue = {
      planList: [{ planId: '100', planName: 'Enterprise Plan', serviceList: [{ serviceId: '200', name: 'Extension Expansion' }] }],
    };

    const entry = findCatalogueEntry(catalogue, { name: 'Extension Expansion' });

    expect(entry).toEqual({ kind: 'service', id: '200', name: 'Extension Expansion', parentPlanId: '100' });
  });

  it('counts a service listed twice once', () => {
    const catalogue = {
      planList: [{ planId: '100', planName: 'Enterprise Plan', serviceList: [{ serviceId: '200', serviceName: 'High Availability' }] }],
      serviceList: [{ serviceId: '200', serviceName: 'High Availability' }],
    };

    expect(findCatalogueEntry(catalogue, { name: 'High Availability' }).id).toBe('200');
  });

  it('uses an item serviceType over its list', () => {
    const catalogue = { serviceList: [{ serviceId: '5', serviceType: 'plan', planId: '6', name: 'Odd Plan' }] };

    expect(findCatalogueEntry(catalogue, { name: 'Odd Plan' })).toMatchObject({ kind: 'plan', id: '6' });
  });
});

describe('listCatalogueEntries', () => {
  it('lists plans then services', () => {
    const entries = listCatalogueEntries(applianceCatalogue);

    expect(entries.map((entry) => `${entry.kind}:${entry.name}`)).toEqual([
      'plan:Standard Plan',
      'plan:Enterprise Plan',
      'service:Hotel PMS Integration',
      'service:Hotel Module',
    ]);
  });

  it('skips items without a usable id', () => {
    const catalogue = { serviceList: [{ serviceName: 'No Id' }, { serviceId: 'abc', serviceName: 'Bad Id' }, { serviceId: 1.5 }, 'text', null] };

    expect(listCatalogueEntries(catalogue)).toEqual([]);
  });

  it('accepts unusual shapes without throwing', () => {
    expect(listCatalogueEntries(undefined)).toEqual([]);
    expect(listCatalogueEntries([])).toEqual([]);
    expect(listCatalogueEntries({ planList: 'none', serviceList: {} })).toEqual([]);
  });
});

describe('normalizeCatalogueName', () => {
  it('trims, collapses whitespace and lowers case', () => {
    expect(normalizeCatalogueName('  Hotel \n PMS   Integration ')).toBe('hotel pms integration');
  });

  it('folds compatibility characters', () => {
    expect(normalizeCatalogueName('Ｈｏｔｅｌ PMS')).toBe('hotel pms');
  });
});
