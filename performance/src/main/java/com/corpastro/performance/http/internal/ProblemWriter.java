package com.corpastro.performance.http.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpStatus;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Writes an RFC 9457 problem+json body from a filter, outside Spring MVC, in the same shape as
 * {@code ProblemDetailsHandler}: type, title, status, detail, instance and code.
 */
public final class ProblemWriter {

    private final String typeBase;

    public ProblemWriter(String typeBase) {
        this.typeBase = typeBase;
    }

    public void write(HttpServletResponse response, int status, String code, String detail, String instance)
            throws IOException {
        HttpStatus known = HttpStatus.resolve(status);
        String json = "{\"type\":" + quote(typeBase + code)
                + ",\"title\":" + quote(known != null ? known.getReasonPhrase() : "Error")
                + ",\"status\":" + status
                + ",\"detail\":" + quote(detail)
                + ",\"instance\":" + quote(instance)
                + ",\"code\":" + quote(code) + "}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    static String quote(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
