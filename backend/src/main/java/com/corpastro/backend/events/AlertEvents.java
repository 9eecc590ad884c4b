package com.corpastro.backend.events;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import com.corpastro.performance.analytics.Alert;
import com.corpastro.performance.analytics.AlertListener;
import com.corpastro.performance.realtime.EventHub;

/**
 * Pushes every alert the analytics raise to the admins' event stream ({@code GET /api/admin/events},
 * event {@code alert}) on every node, next to the {@code metrics} events, so the dashboard hears of
 * it at once. The alert fires on one node; the hub's bus carries it to the others.
 */
@Component
@ConditionalOnProperty(prefix = "corp-astro.realtime", name = "enabled", matchIfMissing = true)
class AlertEvents implements AlertListener {

    private final EventHub hub;

    AlertEvents(EventHub hub) {
        this.hub = hub;
    }

    @Override
    public void onAlert(Alert alert) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("alertId", alert.id());
        payload.put("key", alert.key());
        payload.put("kind", alert.kind());
        payload.put("severity", alert.severity());
        payload.put("subject", alert.subject());
        payload.put("message", alert.message());
        payload.put("value", alert.value());
        payload.put("threshold", alert.threshold());
        payload.put("status", alert.status());
        payload.put("firedAt", String.valueOf(alert.firedAt()));
        payload.put("nodeId", alert.nodeId());
        hub.publish(EventHub.ADMIN_TOPIC, "alert", null, payload);
    }
}
