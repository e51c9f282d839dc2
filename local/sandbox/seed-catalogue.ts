/**
 * The sandbox's product catalogue: the products a partner may buy, with their plans and
 * services. Ids are 19-digit decimal strings. The sandbox uses the example ids that
 * Yeastar's tutorials print (Hotel PMS Integration, Hotel Module, the Appliance, Cloud
 * Edition and Linkus plans). Every other id is made up.
 */

export type BillingModel = 'recurring' | 'once';
export type BillingCycle = 'annually' | 'monthly' | 'once';

/** A plan or service of a product, as `purchase_product_info` lists it. */
export interface CatalogueItem {
  id: string;
  name: string;
  kind: 'plan' | 'service';
  billingModel: BillingModel;
  billingCycle: BillingCycle;
  multiCycle: number;
  /** Whether the trial info endpoints know the item. */
  trialAvailable: boolean;
  /** List price in USD per billing cycle (or once), a sandbox invention. */
  price: number;
}

/** A product with its catalogue. */
export interface SeedProduct {
  productId: number;
  name: string;
  offeringId: string;
  /** Whether `purchase_product_info` needs `productNo` (Linkus Cloud Service and Appliance Edition). */
  productNoRequired: boolean;
  plans: CatalogueItem[];
  services: CatalogueItem[];
}

function plan(id: string, name: string, price: number, overrides: Partial<CatalogueItem> = {}): CatalogueItem {
  return {
    id,
    name,
    kind: 'plan',
    billingModel: 'recurring',
    billingCycle: 'annually',
    multiCycle: 1,
    trialAvailable: false,
    price,
    ...overrides,
  };
}

function service(id: string, name: string, price: number, overrides: Partial<CatalogueItem> = {}): CatalogueItem {
  return {
    id,
    name,
    kind: 'service',
    billingModel: 'recurring',
    billingCycle: 'annually',
    multiCycle: 0,
    trialAvailable: false,
    price,
    ...overrides,
  };
}

export const HOTEL_PMS_SERVICE_ID = '3131184659391672320';
export const HOTEL_MODULE_SERVICE_ID = '3299326068732223488';
export const APPLIANCE_STANDARD_PLAN_ID = '3048558946648207360';
export const APPLIANCE_ENTERPRISE_PLAN_ID = '3048560232537899008';
export const APPLIANCE_ULTIMATE_PLAN_ID = '3048560606464323584';

/** Builds a fresh copy of the catalogue, so that a run can never change the seed itself. */
export function createCatalogue(): SeedProduct[] {
  return [
    {
      productId: 9,
      name: 'Linkus Cloud Service',
      offeringId: '3048918102385348608',
      productNoRequired: true,
      plans: [
        plan('3048918321840570368', 'Linkus Cloud Service', 120),
        plan('3048918719332507648', 'Linkus Cloud Service Pro', 240),
      ],
      services: [],
    },
    {
      productId: 11,
      name: 'P-Series Plan for Appliance Edition',
      offeringId: '3048558512036749312',
      productNoRequired: true,
      plans: [
        plan(APPLIANCE_STANDARD_PLAN_ID, 'Standard Plan', 300),
        plan(APPLIANCE_ENTERPRISE_PLAN_ID, 'Enterprise Plan', 600),
        plan(APPLIANCE_ULTIMATE_PLAN_ID, 'Ultimate Plan', 900),
      ],
      services: [
        service(HOTEL_PMS_SERVICE_ID, 'Hotel PMS Integration', 400, { billingModel: 'once', billingCycle: 'once' }),
        service(HOTEL_MODULE_SERVICE_ID, 'Hotel Module', 250, { billingModel: 'once', billingCycle: 'once' }),
      ],
    },
    {
      productId: 12,
      name: 'Software PBX (PSE Self-hosted)',
      offeringId: '3048563310417723392',
      productNoRequired: false,
      plans: [
        plan('3048563718356156416', 'Standard Plan', 350, { trialAvailable: true }),
        plan('3048563941501911040', 'Enterprise Plan', 700, { trialAvailable: true }),
        plan('3048564167893663744', 'Ultimate Plan', 1000, { trialAvailable: true }),
      ],
      services: [
        service('3048564503656087552', 'Hot Standby', 300),
        service('3048564729645187072', 'Disaster Recovery', 300),
        service('3048564965071470592', 'Hotel PMS Integration', 200),
        service('3048565187399434240', 'Outbound Call Center', 15),
        service('3048565411039723520', 'Extension Expansion', 10, { trialAvailable: true }),
        service('3048565639058866176', 'Concurrent Call Expansion', 20),
      ],
    },
    {
      productId: 13,
      name: 'Cloud PBX (PCE Instance)',
      offeringId: '3048571402971889664',
      productNoRequired: false,
      plans: [
        plan('3048571730026938368', 'Enterprise Plan', 60),
        plan('3048572026291630080', 'Ultimate Plan', 90),
      ],
      services: [
        service('3048573516041273344', 'Extension Expansion', 5),
        service('3048573759449317376', 'Recording Minutes', 2),
        service('3048573935752720384', 'High Availability', 3),
      ],
    },
    {
      productId: 14,
      name: 'P-Series Turnkey Package',
      offeringId: '3048575120845422592',
      productNoRequired: false,
      plans: [
        plan('3048575498722856960', 'Standard Plan', 50, { trialAvailable: true }),
        plan('3048575736737030144', 'Enterprise Plan', 75, { trialAvailable: true }),
        plan('3048575962680754176', 'Ultimate Plan', 100, { trialAvailable: true }),
      ],
      services: [
        service('3048576211503644672', 'Extension Expansion', 5),
        service('3048576433529126912', 'Ultimate Plan Extensions', 8),
        service('3048576659623084032', 'Recording Minutes', 2),
        service('3048576877810778112', 'Transcription Minutes', 3),
      ],
    },
    {
      productId: 15,
      name: 'Remote Management',
      offeringId: '3048580117389877248',
      productNoRequired: false,
      plans: [plan('3048580442247081984', 'Remote Management', 100, { trialAvailable: true })],
      services: [
        service('3048580671591624704', 'Additional Connections', 10, {
          billingModel: 'once',
          billingCycle: 'once',
        }),
      ],
    },
    {
      productId: 19,
      name: 'Add-on Service',
      offeringId: '3048584903122669568',
      productNoRequired: false,
      plans: [],
      services: [service('3048585120605720576', 'YCM White Label', 500)],
    },
    {
      productId: 20,
      name: 'Remote Management Premium',
      offeringId: '3048588416376532992',
      productNoRequired: false,
      plans: [],
      services: [service('3048588650062184448', 'Remote Management Premium', 150)],
    },
    {
      productId: 21,
      name: 'RM Premium',
      offeringId: '3048590733347938304',
      productNoRequired: false,
      plans: [],
      services: [service('3048590968992325632', 'Additional Connections', 12, { trialAvailable: true })],
    },
  ];
}
