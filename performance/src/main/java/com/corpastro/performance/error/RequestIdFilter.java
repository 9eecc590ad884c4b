package com.corpastro.performance.error;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

import org.slf4j.MDC;
import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Gives every request an id: the caller's {@code X-Request-Id} when it is a plausible id (1 to
 * 128 letters, digits or {@code . _ : -}), a new random (version 4) UUID otherwise. The id is echoed in the
 * response header, put in the logging MDC as {@code requestId} for every log line of the
 * request, and added to every problem+json body.
 */
public final class RequestIdFilter extends OncePerRequestFilter {

    /** The request and response header. */
    public static final String HEADER = "X-Request-Id";
    /** The MDC key, for log patterns such as {@code %X{requestId}}. */
    public static final String MDC_KEY = "requestId";
    /** The request attribute holding the id, also during error dispatches. */
    public static final String ATTRIBUTE = RequestIdFilter.class.getName() + ".requestId";

    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    /** Registered by the error handling's auto-configuration. */
    RequestIdFilter() {
    }

    /**
     * A version 4 UUID from {@link ThreadLocalRandom}: an id for correlating logs, not a secret, so it
     * does not need {@code UUID.randomUUID()}'s SecureRandom, whose shared /dev/urandom reads were a few
     * per cent of a cached read's CPU time under load.
     */
    static String newId() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String id = requestId(request);
        if (id == null) {
            String presented = request.getHeader(HEADER);
            id = presented != null && VALID.matcher(presented).matches() ? presented : newId();
            request.setAttribute(ATTRIBUTE, id);
        }
        if (!response.containsHeader(HEADER)) {
            response.setHeader(HEADER, id);
        }
        String previous = MDC.get(MDC_KEY);
        MDC.put(MDC_KEY, id);
        try {
            chain.doFilter(request, response);
        } finally {
            if (previous == null) {
                MDC.remove(MDC_KEY);
            } else {
                MDC.put(MDC_KEY, previous);
            }
        }
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }

    /** The id of {@code request}, or {@code null} when the filter has not seen it. */
    public static String requestId(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof String id ? id : null;
    }
}
