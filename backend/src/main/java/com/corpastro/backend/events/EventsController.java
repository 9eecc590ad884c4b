package com.corpastro.backend.events;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.corpastro.backend.account.Caller;
import com.corpastro.backend.business.BusinessService;
import com.corpastro.performance.realtime.SseStreams;

import io.swagger.v3.oas.annotations.Parameter;

/** {@code GET /api/businesses/{id}/events}: the business's event stream, for its owner or an admin (others 404). */
@RestController
@ConditionalOnProperty(prefix = "corp-astro.realtime", name = "enabled", matchIfMissing = true)
class EventsController {

    private final BusinessService businesses;
    private final SseStreams streams;

    EventsController(BusinessService businesses, SseStreams streams) {
        this.businesses = businesses;
        this.streams = streams;
    }

    @GetMapping(path = "/api/businesses/{id}/events", produces = "text/event-stream")
    SseEmitter events(@Parameter(hidden = true) Caller caller, @PathVariable long id,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        // 404 business_not_found for a business of somebody else, exactly like a missing one.
        businesses.get(caller, id);
        return streams.open(RealtimeAccessRules.principal(caller), BusinessEvents.topic(id), lastEventId);
    }
}
