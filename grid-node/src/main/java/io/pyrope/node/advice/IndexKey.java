package io.pyrope.node.advice;

import io.pyrope.domain.TenantId;

/** One index of one tenant. */
record IndexKey(TenantId tenant, String index) {
}
