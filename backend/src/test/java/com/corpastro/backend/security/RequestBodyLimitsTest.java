package com.corpastro.backend.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

/**
 * Bodies are refused by their route's limit, and the admin import by the admin check, before the
 * service reads them: each answer below arrives although only the first 4 KiB of the announced
 * body were ever sent.
 */
class RequestBodyLimitsTest extends SecurityTestService {

    private static final long MIB = 1024 * 1024;
    private static final byte[] FIRST_4_KIB = first4KiB();

    @Test
    void aNonAdminsThirtyMegabyteImportIsRefusedBeforeItsBodyIsRead() throws IOException {
        RawClient.Reply user = partial("POST", "/api/admin/businesses/import", userToken, 30 * MIB);
        RawClient.Reply anonymous = partial("POST", "/api/admin/businesses/import", null, 30 * MIB);
        RawClient.Reply variant = partial("POST", "/api/admin/businesses/%69mport", userToken, 30 * MIB);

        assertThat(user.status()).isEqualTo(403);
        assertThat(code(user)).isEqualTo("admin_required");
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(variant.status()).isEqualTo(403);
    }

    @Test
    void anImportOverThirtyTwoMegabytesIs413EvenForTheAdmin() throws IOException {
        RawClient.Reply reply = partial("POST", "/api/admin/businesses/import", ADMIN_TOKEN, 32 * MIB + 1);

        assertThat(reply.status()).isEqualTo(413);
        assertThat(code(reply)).isEqualTo("payload_too_large");
    }

    @Test
    void everyOtherRouteTakesAtMost64KiB() throws IOException {
        for (String path : new String[] {"/api/users", "/api/businesses", "/api/businesses/1"}) {
            String method = path.equals("/api/businesses/1") ? "PATCH" : "POST";
            RawClient.Reply reply = partial(method, path, userToken, 64 * 1024 + 1);
            assertThat(reply.status()).as(path).isEqualTo(413);
            assertThat(code(reply)).as(path).isEqualTo("payload_too_large");
            assertThat(reply.body()).as(path).contains("65536 bytes");
        }
        String name = "x".repeat(60 * 1024);
        RawClient.Reply small = send("POST", "/api/users", null, "application/json",
                "{\"email\":\"big-" + System.nanoTime() + "@example.com\",\"name\":\"" + name + "\"}");
        assertThat(small.status()).as("a body under the limit is read (and judged on its content)").isNotEqualTo(413);
    }

    /** Announces {@code length} bytes of JSON, sends the first 4 KiB and reads the answer. */
    private RawClient.Reply partial(String method, String path, String token, long length) throws IOException {
        return RawClient.exchange(port, RawClient.head(method, path, token, "application/json", length), FIRST_4_KIB);
    }

    private static byte[] first4KiB() {
        byte[] start = new byte[4096];
        Arrays.fill(start, (byte) ' ');
        start[0] = '[';
        return start;
    }
}
