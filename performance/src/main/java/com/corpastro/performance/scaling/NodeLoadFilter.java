package com.corpastro.performance.scaling;

import java.io.IOException;

import org.springframework.web.filter.OncePerRequestFilter;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * Counts every request in {@link RequestLoad} (in flight, and its response time once it is done,
 * asynchronous ones when they complete) and, while the node {@linkplain Drain drains}, answers
 * HTTP/1.x requests with {@code Connection: close}: the load balancer then opens its next
 * connection elsewhere instead of reusing one this node is about to close.
 */
final class NodeLoadFilter extends OncePerRequestFilter {

    private final RequestLoad load;
    private final Drain drain;

    NodeLoadFilter(RequestLoad load, Drain drain) {
        this.load = load;
        this.drain = drain;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (drain.draining() && request.getProtocol().startsWith("HTTP/1")) {
            response.setHeader("Connection", "close");
        }
        long start = load.started();
        boolean async = false;
        try {
            chain.doFilter(request, response);
            async = request.isAsyncStarted();
            if (async) {
                request.getAsyncContext().addListener(new AsyncListener() {
                    @Override
                    public void onComplete(AsyncEvent event) {
                        load.finished(start);
                    }

                    @Override
                    public void onTimeout(AsyncEvent event) {
                    }

                    @Override
                    public void onError(AsyncEvent event) {
                    }

                    @Override
                    public void onStartAsync(AsyncEvent event) {
                    }
                });
            }
        } finally {
            if (!async) {
                load.finished(start);
            }
        }
    }
}
