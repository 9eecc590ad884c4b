package com.corpastro.performance.http.internal;

import java.io.IOException;
import java.io.PrintWriter;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;

/**
 * Runs a hook once, just before the response can commit (first body access, flush, error or
 * redirect), so headers that depend on the final response can still be added.
 */
public final class CommitHookResponse extends HttpServletResponseWrapper {

    private final Runnable hook;
    private boolean ran;

    public CommitHookResponse(HttpServletResponse response, Runnable hook) {
        super(response);
        this.hook = hook;
    }

    /** Runs the hook unless it ran already or the response is committed. */
    public void beforeCommit() {
        if (!ran) {
            ran = true;
            if (!getResponse().isCommitted()) {
                hook.run();
            }
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        beforeCommit();
        return super.getOutputStream();
    }

    @Override
    public PrintWriter getWriter() throws IOException {
        beforeCommit();
        return super.getWriter();
    }

    @Override
    public void flushBuffer() throws IOException {
        beforeCommit();
        super.flushBuffer();
    }

    @Override
    public void sendError(int sc, String msg) throws IOException {
        beforeCommit();
        super.sendError(sc, msg);
    }

    @Override
    public void sendError(int sc) throws IOException {
        beforeCommit();
        super.sendError(sc);
    }

    @Override
    public void sendRedirect(String location) throws IOException {
        beforeCommit();
        super.sendRedirect(location);
    }
}
