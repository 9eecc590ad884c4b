package com.corpastro.backend.system;

import java.nio.charset.StandardCharsets;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cheapest answer the service can give: fixed bytes, no token, no database. The load test
 * measures it next to the cached content endpoint, so the cost of the content path shows as a
 * ratio rather than as an absolute figure that depends on the machine.
 */
@RestController
class PingController {

    private static final byte[] PONG = "pong\n".getBytes(StandardCharsets.US_ASCII);

    @GetMapping(path = "/api/system/ping", produces = MediaType.TEXT_PLAIN_VALUE)
    ResponseEntity<byte[]> ping() {
        return ResponseEntity.ok().contentType(MediaType.TEXT_PLAIN).body(PONG);
    }
}
