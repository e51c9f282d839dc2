/**
 * Product, region and user routes: the partner's PBXs, one PBX's details, PCE regions,
 * billing contacts and subordinate users.
 */

import { findPbx, findProduct, readIntegerQuery, readRequiredQuery, toPage } from './context.js';
import type { RouteContext } from './context.js';
import type { SeedPbx } from './seed.js';

function renderPbx(context: RouteContext, pbx: SeedPbx): Record<string, unknown> {
  const product = findProduct(context.state.seed, pbx.productId);
  const plan = product.plans.find((item) => item.id === pbx.planId);
  return {
    activationCode: pbx.activationCode,
    activationStatus: pbx.activationStatus,
    comment: pbx.comment,
    createTime: pbx.createTime,
    currentPlan: '',
    currentPlanExpireDate: '',
    planName: plan?.name ?? '',
    expireDate: pbx.expireDate,
    productId: pbx.productId,
    productName: product.name,
    productNo: pbx.productNo,
  };
}

export function listInstanceProducts(context: RouteContext): unknown {
  const productId = readIntegerQuery(context.url, 'productId');
  const pageNo = readIntegerQuery(context.url, 'pageNo', 1);
  const pageSize = readIntegerQuery(context.url, 'pageSize', 25);
  findProduct(context.state.seed, productId);

  const pbxs = context.state.seed.pbxs.filter((pbx) => pbx.productId === productId);
  return toPage(
    pbxs.map((pbx) => renderPbx(context, pbx)),
    pageNo,
    pageSize,
  );
}

export function getProductDetails(context: RouteContext): unknown {
  const productNo = readRequiredQuery(context.url, 'productNo');
  const productId = readIntegerQuery(context.url, 'productId');
  findProduct(context.state.seed, productId);
  return renderPbx(context, findPbx(context.state.seed, productId, productNo));
}

export function listRegions(context: RouteContext): unknown {
  return context.state.seed.regions;
}

export function listBillingContacts(context: RouteContext): unknown {
  return context.state.seed.billingContacts;
}

export function listSubordinateUsers(context: RouteContext): unknown {
  return context.state.seed.subordinateUsers;
}
