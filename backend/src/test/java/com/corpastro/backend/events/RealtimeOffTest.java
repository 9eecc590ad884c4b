package com.corpastro.backend.events;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;

import com.corpastro.backend.support.Api;
import com.corpastro.performance.realtime.EventHub;

/** With the real-time feature off the service starts, changes still work, and there is no stream. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.datasource.url=jdbc:h2:mem:realtimeoff;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1",
        "corp-astro.admin.token=realtime-off-admin-token-0123456789abcdef", "corp-astro.realtime.enabled=false"})
class RealtimeOffTest {

    @LocalServerPort
    int port;

    @Autowired
    ApplicationContext context;

    @Test
    void theServiceRunsWithoutStreamsWhenRealtimeIsOff() {
        assertThat(context.getBeanNamesForType(EventHub.class)).isEmpty();
        Api api = new Api(port);
        Api.SignedUp owner = api.signUp("Off Owner");
        long business = api.createBusiness(owner.token(), "Off Co", "2001-02-03T04:05:06Z");
        assertThat(api.send("PATCH", "/api/businesses/" + business, owner.token(), "application/json",
                "{\"name\":\"Still Works\"}").status()).isEqualTo(200);
        assertThat(api.get("/api/businesses/" + business + "/events", owner.token()).status()).isEqualTo(404);
    }
}
