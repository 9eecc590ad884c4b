/**
 * What the features' auto-configurations share: {@link com.corpastro.performance.autoconfigure.FilterOrder}
 * (where each feature's servlet filter sits in the chain),
 * {@link com.corpastro.performance.autoconfigure.CircuitBreakerProperties} (the settings of the
 * {@code database} and {@code redis} circuit breakers) and the {@code corp-astro.performance.enabled}
 * switch. Each feature's own auto-configuration and properties live in its package.
 */
package com.corpastro.performance.autoconfigure;
