package com.corpastro.loadtest.bare;

import java.util.Locale;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /bare}: the fixed body in the coding the request accepts. */
@RestController
class BareController {

    private final BareApp.Bodies bodies;

    BareController(BareApp.Bodies bodies) {
        this.bodies = bodies;
    }

    @GetMapping("/bare")
    ResponseEntity<byte[]> bare(@RequestHeader(name = HttpHeaders.ACCEPT_ENCODING, required = false) String accepted) {
        ResponseEntity.BodyBuilder answer = ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
        if (accepts(accepted, "br")) {
            return answer.header(HttpHeaders.CONTENT_ENCODING, "br").body(bodies.br());
        }
        if (accepts(accepted, "gzip")) {
            return answer.header(HttpHeaders.CONTENT_ENCODING, "gzip").body(bodies.gzip());
        }
        return answer.body(bodies.identity());
    }

    /** Whether {@code coding} is listed without {@code q=0}. */
    static boolean accepts(String accepted, String coding) {
        if (accepted == null) {
            return false;
        }
        for (String item : accepted.toLowerCase(Locale.ROOT).split(",")) {
            String[] parts = item.split(";");
            if (parts[0].trim().equals(coding)) {
                for (int i = 1; i < parts.length; i++) {
                    String parameter = parts[i].replace(" ", "");
                    if (parameter.equals("q=0") || parameter.matches("q=0\\.0*")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
