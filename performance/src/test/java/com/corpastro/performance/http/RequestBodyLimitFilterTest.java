package com.corpastro.performance.http;

import com.corpastro.performance.error.ProblemDetailsHandler;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.DelegatingServletInputStream;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import jakarta.servlet.ServletInputStream;

/** Body limits by route: refused from the Content-Length before reading, counted while reading otherwise. */
class RequestBodyLimitFilterTest {

    private static final int KIB = 1024;

    private final RequestBodyLimitFilter filter = new RequestBodyLimitFilter(64 * KIB,
            List.of(new RequestBodyLimitFilter.Route(List.of("POST /api/admin/businesses/import"), 32L * KIB * KIB),
                    new RequestBodyLimitFilter.Route(List.of("/api/tiny"), 10)),
            new ProblemDetailsHandler("urn:test:"));

    @Test
    void everyRouteHasTheDefaultUnlessARouteLimitNamesIt() {
        assertThat(filter.limitFor(new MockHttpServletRequest("POST", "/api/users"))).isEqualTo(64 * KIB);
        assertThat(filter.limitFor(new MockHttpServletRequest("POST", "/api/admin/businesses/import")))
                .isEqualTo(32L * KIB * KIB);
        assertThat(filter.limitFor(new MockHttpServletRequest("PUT", "/api/admin/businesses/import")))
                .isEqualTo(64 * KIB);
        assertThat(filter.limitFor(new MockHttpServletRequest("GET", "/api/tiny"))).isEqualTo(10);
    }

    @Test
    void aContentLengthOverTheRoutesLimitIs413WithoutReadingAByte() throws Exception {
        CountingRequest request = new CountingRequest("POST", "/api/users", 64 * KIB + 1);
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, response, chain);

        assertThat(response.getStatus()).isEqualTo(413);
        assertThat(response.getContentAsString()).contains("\"code\":\"payload_too_large\"").contains("65536 bytes");
        assertThat(chain.getRequest()).isNull();
        assertThat(request.read.get()).isZero();
    }

    @Test
    void theImportRouteAcceptsWhatOtherRoutesRefuse() throws Exception {
        CountingRequest request = new CountingRequest("POST", "/api/admin/businesses/import", 30L * KIB * KIB);
        MockFilterChain chain = new MockFilterChain();

        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isSameAs(request);
        assertThat(request.read.get()).isZero();
        CountingRequest tooBig = new CountingRequest("POST", "/api/admin/businesses/import", 32L * KIB * KIB + 1);
        MockHttpServletResponse refused = new MockHttpServletResponse();
        filter.doFilter(tooBig, refused, new MockFilterChain());
        assertThat(refused.getStatus()).isEqualTo(413);
    }

    @Test
    void aBodyOfUnknownLengthIsCountedAgainstItsRoutesLimitWhileReading() throws Exception {
        for (String path : List.of("/api/users", "/api/tiny")) {
            long limit = path.equals("/api/tiny") ? 10 : 64 * KIB;
            CountingRequest request = new CountingRequest("POST", path, -1);
            MockFilterChain chain = new MockFilterChain();
            filter.doFilter(request, new MockHttpServletResponse(), chain);
            InputStream body = chain.getRequest().getInputStream();

            assertThat(body.readNBytes((int) limit)).hasSize((int) limit);
            assertThatThrownBy(body::read).isInstanceOf(RequestBodyTooLargeException.class)
                    .hasMessageContaining(limit + " bytes");
        }
    }

    @Test
    void theReaderIsCountedToo() throws Exception {
        CountingRequest request = new CountingRequest("POST", "/api/tiny", -1);
        MockFilterChain chain = new MockFilterChain();
        filter.doFilter(request, new MockHttpServletResponse(), chain);

        assertThatThrownBy(() -> chain.getRequest().getReader().read(new char[100]))
                .isInstanceOf(RequestBodyTooLargeException.class);
    }

    /** A request of {@code length} declared bytes (-1: unknown) that counts what is read of its 40 MB body. */
    private static final class CountingRequest extends MockHttpServletRequest {

        final AtomicLong read = new AtomicLong();

        CountingRequest(String method, String path, long length) {
            super(method, path);
            setContentType("application/json");
            if (length >= 0) {
                addHeader("Content-Length", Long.toString(length));
            }
        }

        @Override
        public long getContentLengthLong() {
            String length = getHeader("Content-Length");
            return length == null ? -1 : Long.parseLong(length);
        }

        @Override
        public ServletInputStream getInputStream() {
            return new DelegatingServletInputStream(new ByteArrayInputStream(new byte[40 * KIB * KIB]) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    int n = super.read(b, off, len);
                    read.addAndGet(Math.max(0, n));
                    return n;
                }

                @Override
                public synchronized int read() {
                    read.incrementAndGet();
                    return super.read();
                }
            });
        }
    }
}
