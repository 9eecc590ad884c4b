package com.corpastro.performance.response;

import java.io.IOException;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** One request through a filter to a handler, for the response filter's tests. */
final class FilterRuns {

    /** What the application does with a request that passed the filter. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws IOException;
    }

    private FilterRuns() {
    }

    /** The response {@code filter} and then {@code handler} make for {@code request}. */
    static MockHttpServletResponse run(Filter filter, MockHttpServletRequest request, Handler handler)
            throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        new MockFilterChain(new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse res) throws IOException {
                handler.handle(req, res);
            }
        }, filter).doFilter(request, response);
        return response;
    }
}
