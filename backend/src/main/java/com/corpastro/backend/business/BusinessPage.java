package com.corpastro.backend.business;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.springframework.http.HttpStatus;

import com.corpastro.backend.system.Inputs;
import com.corpastro.performance.error.AppError;

/**
 * One page of an owner's businesses in id order, and the opaque cursor of the next page
 * ({@code null} on the last page). A cursor names the last id of its page, so a page is one
 * keyset read of the {@code (owner_id, id)} index however deep it is, and businesses created
 * meanwhile never shift a page.
 */
public record BusinessPage(List<Business> items, String next) {

    /** The most businesses one page holds. */
    public static final int MAX_SIZE = 100;

    private static final String PREFIX = "b1:";

    /** The cursor of the page after the one that ends with business {@code lastId}. */
    static String cursor(long lastId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + lastId).getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * The last id of the page before the one {@code cursor} names; 0 (before every id) for
     * {@code null}. 400 invalid_parameter for a cursor this service did not issue.
     */
    static long afterId(String cursor) {
        if (cursor == null) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
            if (text.startsWith(PREFIX)) {
                long id = Long.parseLong(text.substring(PREFIX.length()));
                if (id >= 0) {
                    return id;
                }
            }
        } catch (IllegalArgumentException notACursor) {
            // NumberFormatException included: answered below like any other foreign text.
        }
        throw new AppError(HttpStatus.BAD_REQUEST, "invalid_parameter",
                "after must be a cursor from a previous page's 'next', was '" + Inputs.echo(cursor) + "'.");
    }

    /** 400 invalid_parameter unless {@code size} is 1 to {@value #MAX_SIZE}. */
    static int requireSize(int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new AppError(HttpStatus.BAD_REQUEST, "invalid_parameter",
                    "first must be between 1 and " + MAX_SIZE + ", was " + size + ".");
        }
        return size;
    }
}
