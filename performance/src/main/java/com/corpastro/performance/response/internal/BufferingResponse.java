package com.corpastro.performance.response.internal;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.util.Arrays;

import com.corpastro.performance.response.ResponseCacheTags;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Holds the body back so the response filter can hash, compress and cache it. Streams straight
 * through instead (never touching the body) for {@code text/event-stream}, partial content,
 * an already encoded body, an error sent with {@code sendError}, or a body larger than the buffer
 * limit (what was buffered goes out first). The {@code X-Cache-Tags} header is captured here and
 * never reaches the client.
 */
public final class BufferingResponse extends HttpServletResponseWrapper {

    private static final byte[] EMPTY = new byte[0];

    private final int maxBuffer;
    /**
     * Made on the first write, of that write's size: a body written in one go (a serialized answer,
     * fixed bytes) is held in an array of exactly its size, which {@link #body()} hands on as it is.
     */
    private byte[] buffer = EMPTY;
    private int size;
    private boolean decided;
    private boolean passThrough;
    private long contentLength = -1;
    private String cacheTags;
    private boolean cacheControlSet;
    private boolean varySet;
    private ServletOutputStream stream;
    private PrintWriter writer;

    public BufferingResponse(HttpServletResponse response, int maxBuffer) {
        super(response);
        this.maxBuffer = maxBuffer;
    }

    /** Whether the body went straight to the client; then there is nothing left to do. */
    public boolean isPassThrough() {
        return passThrough;
    }

    /** The buffered body; valid up to {@link #size()}. */
    public byte[] buffer() {
        return buffer;
    }

    public int size() {
        return size;
    }

    /** The body as an array of exactly its size. */
    public byte[] body() {
        return buffer.length == size ? buffer : Arrays.copyOf(buffer, size);
    }

    /** Whether the application set or added {@code Vary} itself. */
    public boolean isVarySet() {
        return varySet;
    }

    /** Whether the application set {@code Cache-Control} itself. */
    public boolean isCacheControlSet() {
        return cacheControlSet;
    }

    /** The value of {@code X-Cache-Tags} the application set, or {@code null}. */
    public String cacheTags() {
        return cacheTags;
    }

    /**
     * Sends what is buffered and everything written from now on straight to the client, e.g. when
     * the request went asynchronous and its body will be written after the filter returned.
     */
    public void streamThrough() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        if (!passThrough) {
            decided = true;
            switchToPassThrough();
        }
    }

    /** Flushes the writer into the buffer; call once after the chain. */
    public void finish() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        if (passThrough && stream != null) {
            super.flushBuffer();
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (writer != null) {
            throw new IllegalStateException("getWriter() has already been called on this response");
        }
        if (stream == null) {
            stream = new BufferStream();
        }
        return stream;
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        if (writer == null) {
            if (stream != null) {
                throw new IllegalStateException("getOutputStream() has already been called on this response");
            }
            stream = new BufferStream();
            writer = new PrintWriter(new OutputStreamWriter(stream, Charset.forName(getCharacterEncoding())));
        }
        return writer;
    }

    @Override
    public void setContentLength(int len) {
        setContentLengthLong(len);
    }

    @Override
    public void setContentLengthLong(long len) {
        if (passThrough) {
            super.setContentLengthLong(len);
        } else {
            contentLength = len;
        }
    }

    @Override
    public void setHeader(String name, String value) {
        if (!intercept(name, value, false)) {
            super.setHeader(name, value);
        }
    }

    @Override
    public void addHeader(String name, String value) {
        if (!intercept(name, value, true)) {
            super.addHeader(name, value);
        }
    }

    @Override
    public void setIntHeader(String name, int value) {
        if (!intercept(name, Integer.toString(value), false)) {
            super.setIntHeader(name, value);
        }
    }

    @Override
    public void addIntHeader(String name, int value) {
        if (!intercept(name, Integer.toString(value), true)) {
            super.addIntHeader(name, value);
        }
    }

    @Override
    public void flushBuffer() throws IOException {
        if (writer != null) {
            writer.flush();
        }
        if (!passThrough && isEventStream()) {
            switchToPassThrough();
        }
        if (passThrough) {
            super.flushBuffer();
        }
    }

    @Override
    public boolean isCommitted() {
        return passThrough && super.isCommitted();
    }

    @Override
    public void reset() {
        super.reset();
        resetBody();
        contentLength = -1;
        cacheTags = null;
        cacheControlSet = false;
        varySet = false;
    }

    @Override
    public void resetBuffer() {
        super.resetBuffer();
        resetBody();
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        abandonBuffer();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        abandonBuffer();
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        abandonBuffer();
        super.sendRedirect(location);
    }

    private void resetBody() {
        if (!passThrough) {
            size = 0;
            decided = false;
        }
    }

    private void abandonBuffer() {
        passThrough = true;
        decided = true;
        size = 0;
    }

    private boolean intercept(String name, String value, boolean add) {
        if (name.equalsIgnoreCase("Cache-Control")) {
            cacheControlSet = true;
            return false;
        }
        if (name.equalsIgnoreCase("Vary")) {
            varySet = true;
            return false;
        }
        if (name.equalsIgnoreCase(ResponseCacheTags.HEADER)) {
            cacheTags = add && cacheTags != null ? cacheTags + "," + value : value;
            return true;
        }
        if (!passThrough && name.equalsIgnoreCase("Content-Length")) {
            try {
                contentLength = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
                contentLength = -1;
            }
            return true;
        }
        return false;
    }

    private boolean isEventStream() {
        String type = getContentType();
        return type != null && type.regionMatches(true, 0, "text/event-stream", 0, 17);
    }

    private void decide() throws IOException {
        decided = true;
        if (isEventStream() || getStatus() == HttpServletResponse.SC_PARTIAL_CONTENT
                || getHeader("Content-Encoding") != null || getHeader("Content-Range") != null) {
            switchToPassThrough();
        }
    }

    private void switchToPassThrough() throws IOException {
        passThrough = true;
        if (contentLength >= 0) {
            super.setContentLengthLong(contentLength);
        }
        if (size > 0) {
            super.getOutputStream().write(buffer, 0, size);
            size = 0;
        }
    }

    private void append(byte[] bytes, int offset, int length) throws IOException {
        if (!decided) {
            decide();
        }
        if (passThrough) {
            super.getOutputStream().write(bytes, offset, length);
            return;
        }
        if (size + length > maxBuffer) {
            switchToPassThrough();
            super.getOutputStream().write(bytes, offset, length);
            return;
        }
        if (size + length > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(size + length, Math.min(maxBuffer, buffer.length * 2)));
        }
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    private final class BufferStream extends ServletOutputStream {

        private final byte[] one = new byte[1];

        @Override
        public void write(int b) throws IOException {
            one[0] = (byte) b;
            append(one, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            append(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (!passThrough && isEventStream()) {
                switchToPassThrough();
            }
            if (passThrough) {
                BufferingResponse.super.getOutputStream().flush();
            }
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            throw new UnsupportedOperationException("asynchronous writes are not supported by the buffering response");
        }
    }
}
