/**
 * Seed data of the Partner Portal sandbox: the local API client, PBXs, billing contacts,
 * subordinate users, PCE regions, and (from seed-catalogue.ts) the product catalogue.
 * Every `POST /__sandbox/reset` starts again from `createSeed()`.
 */

import { createCatalogue, HOTEL_PMS_SERVICE_ID } from './seed-catalogue.js';
import type { BillingCycle, SeedProduct } from './seed-catalogue.js';

export { HOTEL_PMS_SERVICE_ID };
export {
  APPLIANCE_ENTERPRISE_PLAN_ID,
  APPLIANCE_STANDARD_PLAN_ID,
  APPLIANCE_ULTIMATE_PLAN_ID,
  HOTEL_MODULE_SERVICE_ID,
} from './seed-catalogue.js';
export type { CatalogueItem, SeedProduct } from './seed-catalogue.js';

/** Client id of the sandbox's only API client: 32 hex characters, like the portal's. */
export const SANDBOX_CLIENT_ID = '5a1d8c0e3b7f4e2a9c6d1f0b8e4a7c35';
/** Client secret of the sandbox's API client. It is public and works only against the sandbox. */
export const SANDBOX_CLIENT_SECRET = 'sandbox-secret-9f2c4e7a1b3d5f60';

/** The billing contact of the Hotel PMS tutorial. */
export const TUTORIAL_BILLING_CONTACT_ID = '3197218168379846218';
/** The Appliance Edition PBX serial number (SN) of the Hotel PMS tutorial. */
export const TUTORIAL_PRODUCT_NO = '3631E0997265';

/** A PBX (product instance) the partner already owns, identified by its SN (`productNo`). */
export interface SeedPbx {
  productNo: string;
  productId: number;
  /** The current plan, for the checks on `connectionPlanId` and for `detail`. */
  planId: string | null;
  billingCycle: BillingCycle | null;
  /** Current extension count; renewals that send `quantity` must match it. */
  extensions: number | null;
  activationCode: string;
  activationStatus: 'unknown' | 'unactivated' | 'activated';
  comment: string;
  /** Creation time, epoch milliseconds. */
  createTime: number;
  /** Plan expiry, `YYYY-MM-DD`. */
  expireDate: string;
}

export interface SeedBillingContact {
  billingContactId: string;
  firstName: string;
  lastName: string;
  company: string;
  emailAddress: string;
  phoneNumber: string;
  street: string;
  city: string;
  stateProvince: string;
  zipCode: string;
  country: string;
  taxNum: string;
  remark: string;
}

export interface SeedSubordinateUser {
  partnerId: string;
  firstName: string;
  lastName: string;
  company: string;
  email: string;
  phoneNumber: string;
  street: string;
  city: string;
  stateProvince: string;
  zipCode: string;
  country: string;
  taxNum: string;
  remark: string;
  userType: string;
}

export interface SeedRegion {
  id: string;
  name: string;
  region: Array<{ pbxSubDomain: string[]; pbxSubDomainId: string }>;
}

export interface SandboxSeed {
  products: SeedProduct[];
  pbxs: SeedPbx[];
  billingContacts: SeedBillingContact[];
  subordinateUsers: SeedSubordinateUser[];
  regions: SeedRegion[];
}

const SEED_CREATE_TIME = Date.UTC(2025, 0, 15, 8, 0, 0);

/** Builds an activated PBX with no plan unless `fields` give one. */
export function pbx(productNo: string, productId: number, fields: Partial<SeedPbx> = {}): SeedPbx {
  return {
    productNo,
    productId,
    planId: null,
    billingCycle: null,
    extensions: null,
    activationCode: `AC-${productNo}`,
    activationStatus: 'activated',
    comment: '',
    createTime: SEED_CREATE_TIME,
    expireDate: '2027-01-15',
    ...fields,
  };
}

function contact(billingContactId: string, firstName: string, lastName: string, company: string, country: string): SeedBillingContact {
  const domain = company.toLowerCase().replace(/[^a-z]+/g, '') + '.example';
  return {
    billingContactId,
    firstName,
    lastName,
    company,
    emailAddress: `${firstName.toLowerCase()}.${lastName.toLowerCase()}@${domain}`,
    phoneNumber: '+1 555 0100',
    street: '1 Example Street',
    city: 'Springfield',
    stateProvince: 'IL',
    zipCode: '62701',
    country,
    taxNum: '',
    remark: '',
  };
}

function subordinate(partnerId: string, firstName: string, lastName: string, company: string): SeedSubordinateUser {
  return {
    partnerId,
    firstName,
    lastName,
    company,
    email: `${firstName.toLowerCase()}@${company.toLowerCase().replace(/[^a-z]+/g, '')}.example`,
    phoneNumber: '+1 555 0199',
    street: '2 Example Avenue',
    city: 'Shelbyville',
    stateProvince: 'IL',
    zipCode: '62565',
    country: 'United States',
    taxNum: '',
    remark: '',
    userType: 'Enduser',
  };
}

/** Builds a fresh copy of the whole seed. */
export function createSeed(): SandboxSeed {
  return {
    products: createCatalogue(),
    pbxs: [
      pbx('3659A1020034', 9, { planId: '3048918321840570368', billingCycle: 'annually' }),
      pbx('3659A1020035', 9),
      pbx(TUTORIAL_PRODUCT_NO, 11, { planId: '3048560232537899008', billingCycle: 'annually', comment: 'Hotel Seaside front desk' }),
      pbx('3631E0997266', 11, { planId: '3048558946648207360', billingCycle: 'monthly' }),
      pbx('3632F1103348', 11, { activationStatus: 'unactivated' }),
      pbx('5070C0021101', 12, { planId: '3048563941501911040', billingCycle: 'annually', extensions: 50 }),
      pbx('5070C0021102', 12, { planId: '3048564167893663744', billingCycle: 'annually', extensions: 100 }),
      pbx('6210D0047711', 13, { planId: '3048571730026938368', billingCycle: 'annually', extensions: 20 }),
      pbx('6210D0047712', 13, { planId: '3048572026291630080', billingCycle: 'monthly', extensions: 120 }),
      pbx('7340E0051201', 14, { planId: '3048575736737030144', billingCycle: 'annually', extensions: 30 }),
      pbx('7340E0051202', 14, { planId: '3048575498722856960', billingCycle: 'annually', extensions: 10 }),
      pbx('8120R0003301', 15, { planId: '3048580442247081984', billingCycle: 'annually' }),
      pbx('8120R0003302', 15, { planId: '3048580442247081984', billingCycle: 'annually' }),
      pbx('9410Y0000071', 19),
      pbx('9410Y0000072', 19),
      pbx('9520P0000081', 20),
      pbx('9520P0000082', 20),
      pbx('9630P0000091', 21),
      pbx('9630P0000092', 21),
    ],
    billingContacts: [
      contact(TUTORIAL_BILLING_CONTACT_ID, 'Alice', 'Nguyen', 'Seaside Hotels', 'United States'),
      contact('3197218168379846219', 'Bruno', 'Keller', 'Keller Telecom', 'Germany'),
      contact('3205511742166978560', 'Chloe', 'Martin', 'Martin Integration', 'France'),
    ],
    subordinateUsers: [
      subordinate('3076913644890832897', 'Dana', 'Reseller', 'Dana Reseller'),
      subordinate('3076913644890832898', 'Evan', 'Installer', 'Evan Installer'),
    ],
    regions: [
      {
        id: '3048569902184521728',
        name: 'United States',
        region: [{ pbxSubDomain: ['ras.yeastar.com', 'us.ras.yeastar.com'], pbxSubDomainId: '3048570104718229504' }],
      },
      {
        id: '3048569902184521729',
        name: 'Europe',
        region: [{ pbxSubDomain: ['eu.ras.yeastar.com'], pbxSubDomainId: '3048570104718229505' }],
      },
    ],
  };
}
