package com.corpastro.backend.events;

import java.util.LinkedHashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import com.corpastro.backend.business.BusinessChanged;
import com.corpastro.backend.content.ContentGenerated;
import com.corpastro.performance.realtime.EventHub;

/**
 * Turns the services' application events into real-time events on the business's topic:
 * {@code business.updated} (coalesced: a burst of changes within the hub's window is one event with
 * the last revision and every changed field) and {@code content.updated}. Payloads carry no user
 * data beyond the business's own topic, which only its owner and admins may read.
 */
@Component
@ConditionalOnProperty(prefix = "corp-astro.realtime", name = "enabled", matchIfMissing = true)
class BusinessEvents {

    private static final Logger log = LoggerFactory.getLogger(BusinessEvents.class);

    private final EventHub hub;

    BusinessEvents(EventHub hub) {
        this.hub = hub;
    }

    static String topic(long businessId) {
        return "business:" + businessId;
    }

    @EventListener
    void businessChanged(BusinessChanged change) {
        try {
            announceChange(change);
        } catch (RuntimeException e) {
            // The change is written: a failure to announce it must not turn the request into a 500.
            log.warn("event=business_event_failed businessId={} error=\"{}\"", change.businessId(), e.toString());
        }
    }

    @EventListener
    void contentGenerated(ContentGenerated content) {
        try {
            announceContent(content);
        } catch (RuntimeException e) {
            log.warn("event=content_event_failed businessId={} error=\"{}\"", content.businessId(), e.toString());
        }
    }

    private void announceChange(BusinessChanged change) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("revision", change.revision());
        payload.put("changed", change.changed());
        hub.publishCoalesced(topic(change.businessId()), "business.updated", change.businessId(), payload,
                EventHub::mergeChanges);
    }

    private void announceContent(ContentGenerated content) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("contentType", content.contentType());
        payload.put("period", content.period().toString());
        payload.put("source", content.source());
        hub.publish(topic(content.businessId()), "content.updated", content.businessId(), payload);
    }
}
