package com.corpastro.backend.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

import com.corpastro.performance.admin.AdminProperties;
import com.corpastro.performance.cache.DisabledCacheManager;
import com.corpastro.performance.error.AppError;
import com.corpastro.performance.http.ClientAddressResolver;
import com.corpastro.performance.ratelimit.LocalRateLimiter;

/** Who a bearer token is, and which tokens are never looked up. */
class AuthenticatorTest {

    private static final String ADMIN_TOKEN = "authenticator-admin-token-0123456789";

    private final CountingRepository repository = new CountingRepository();

    @Test
    void theAdminTokenIsComparedTrimmedAsTheEnvironmentMayPadIt() {
        Authenticator authenticator = authenticator(" " + ADMIN_TOKEN + "\n", 60);

        assertThat(authenticator.resolve(bearer(ADMIN_TOKEN))).contains(new Caller(null, true));
        assertThat(authenticator.isAdmin(bearer(ADMIN_TOKEN))).isTrue();
        assertThat(repository.lookups).isZero();
    }

    @Test
    void aTokenNotOfTheIssuedFormIsNobodysWithoutALookup() {
        Authenticator authenticator = authenticator(ADMIN_TOKEN, 60);

        for (String token : new String[] {"no-such-token", ADMIN_TOKEN + "x", ApiTokens.newToken() + "A"}) {
            assertThat(authenticator.resolve(bearer(token))).isEmpty();
        }
        assertThat(repository.lookups).isZero();
    }

    @Test
    void anUnknownTokenIsLookedUpOnceThenAnsweredFromTheNegativeCache() {
        Authenticator authenticator = authenticator(ADMIN_TOKEN, 60);
        String token = ApiTokens.newToken();

        for (int i = 0; i < 5; i++) {
            assertThat(authenticator.resolve(bearer(token))).isEmpty();
        }
        assertThat(repository.lookups).isEqualTo(1);
    }

    @Test
    void lookupsBeyondTheAddressBucketAreRefusedBeforeTheDatabase() {
        Authenticator authenticator = authenticator(ADMIN_TOKEN, 2);
        authenticator.resolve(bearer(ApiTokens.newToken()));
        authenticator.resolve(bearer(ApiTokens.newToken()));

        AppError refused = catchThrowableOfType(AppError.class,
                () -> authenticator.userKey(bearer(ApiTokens.newToken())));

        assertThat(refused.status().value()).isEqualTo(429);
        assertThat(repository.lookups).isEqualTo(2);
        // The admin token is no lookup: it still works from the same address.
        assertThat(authenticator.isAdmin(bearer(ADMIN_TOKEN))).isTrue();
    }

    private Authenticator authenticator(String adminToken, long lookupsPerMinute) {
        AdminProperties admin = new AdminProperties();
        admin.setToken(adminToken);
        admin.afterPropertiesSet();
        AuthProperties auth = new AuthProperties();
        auth.setTokenLookupsPerMinute(lookupsPerMinute);
        auth.setNegativeCacheTtl(Duration.ofSeconds(30));
        TokenLookupGuard guard = new TokenLookupGuard(auth, new LocalRateLimiter(Clock.systemUTC(), 100),
                ClientAddressResolver.direct(), () -> 0L);
        return new Authenticator(new UserService(repository, new DisabledCacheManager(), guard), guard, admin);
    }

    private static MockHttpServletRequest bearer(String token) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/api/users/me");
        request.addHeader("Authorization", "Bearer " + token);
        return request;
    }

    /** A user table that holds nobody and counts the lookups by token. */
    private static final class CountingRepository extends UserRepository {

        int lookups;

        CountingRepository() {
            super(null, Clock.systemUTC());
        }

        @Override
        Optional<User> findByTokenHash(String tokenHash) {
            lookups++;
            return Optional.empty();
        }
    }
}
