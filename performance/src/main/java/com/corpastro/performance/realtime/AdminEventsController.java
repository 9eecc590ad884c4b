package com.corpastro.performance.realtime;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

import com.corpastro.performance.admin.AdminAccess;

import jakarta.servlet.http.HttpServletRequest;

/** {@code GET /api/admin/events}: the admin stream, a {@code metrics} event every metrics interval. */
@RestController
class AdminEventsController {

    private final SseStreams streams;
    private final AdminAccess adminAccess;

    AdminEventsController(SseStreams streams, AdminAccess adminAccess) {
        this.streams = streams;
        this.adminAccess = adminAccess;
    }

    @GetMapping(path = "/api/admin/events", produces = "text/event-stream")
    SseEmitter events(HttpServletRequest request,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
        if (!adminAccess.isAdmin(request)) {
            throw AdminAccess.refusal(request);
        }
        return streams.open(new RealtimePrincipal("admin", true, null), RealtimeWebSocketHandler.ADMIN_TOPIC,
                lastEventId);
    }
}
