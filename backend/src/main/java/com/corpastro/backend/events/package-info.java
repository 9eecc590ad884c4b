/**
 * Corp Astro's real-time events on the performance module's event hub: {@code business.updated}
 * and {@code content.updated} from the services' application events, {@code transit.exact} from
 * the ephemeris, the business event stream {@code GET /api/businesses/{id}/events} and the
 * WebSocket's access rules. Off with {@code corp-astro.realtime.enabled=false}.
 */
package com.corpastro.backend.events;
