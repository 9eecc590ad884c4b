package com.corpastro.backend.business;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import com.corpastro.backend.account.Caller;
import com.corpastro.backend.astro.AstroEngine;
import com.corpastro.performance.cache.DisabledCacheManager;
import com.corpastro.performance.error.AppError;

import tools.jackson.databind.json.JsonMapper;

/** A PATCH's compare-and-set when other writers win the races, without a database. */
class BusinessUpdateTest {

    private static final long OWNER = 7;
    private static final Caller CALLER = new Caller(OWNER, false);
    private static final BusinessService.Changes RENAME = new BusinessService.Changes("Renamed", null, null, null);

    @Test
    void aChangeThatLosesItsRacesIsReappliedToTheWinnersStateAndFinallyWrittenUnderTheRowLock() {
        // Every optimistic write finds that another writer got in first.
        RacingRepository repository = new RacingRepository(BusinessService.OPTIMISTIC_ATTEMPTS, false);
        BusinessService service = service(repository);

        Business saved = service.update(CALLER, 1, RENAME, revision -> true);

        assertThat(repository.lockedAttempts).isEqualTo(1);
        assertThat(saved.name()).isEqualTo("Renamed");
        // Written over the state the last competitor left (revision 1 + 3 competitors), not over the first one read.
        assertThat(saved.revision()).isEqualTo(1 + BusinessService.OPTIMISTIC_ATTEMPTS + 1);
        assertThat(repository.stored.latitude()).isEqualTo(BusinessService.OPTIMISTIC_ATTEMPTS);
        assertThat(repository.stored).isEqualTo(saved);
    }

    @Test
    void whenEvenTheLockedAttemptCannotWriteTheAnswerIs409Conflict() {
        BusinessService service = service(new RacingRepository(Integer.MAX_VALUE, true));

        AppError error = catchThrowableOfType(AppError.class, () -> service.update(CALLER, 1, RENAME, revision -> true));

        assertThat(error.status().value()).isEqualTo(409);
        assertThat(error.code()).isEqualTo("conflict");
        assertThat(error.headers()).containsKey("Retry-After");
    }

    @Test
    void aRaceLostUnderIfMatchIs412NotARetry() {
        RacingRepository repository = new RacingRepository(1, false);
        BusinessService service = service(repository);

        AppError error = catchThrowableOfType(AppError.class, () -> service.update(CALLER, 1, RENAME, revision -> revision == 1));

        assertThat(error.status().value()).isEqualTo(412);
        assertThat(error.code()).isEqualTo("precondition_failed");
        assertThat(repository.stored.name()).isEqualTo("Competitor 1");
    }

    private static BusinessService service(BusinessRepository repository) {
        return new BusinessService(repository, new NatalCharts(new AstroEngine()), new DisabledCacheManager(), event -> {
        });
    }

    /**
     * One business in memory. Before each of its first {@code losses} writes, a competitor changes
     * the business (moving it one degree north), so the write's compare-and-set fails.
     */
    private static final class RacingRepository extends BusinessRepository {

        private final int losses;
        private final boolean lockedLosesToo;
        Business stored = new Business(1, OWNER, "Original", Instant.parse("2011-06-01T08:00:00Z"), 0, 0, Map.of(), 1);
        int writes;
        int lockedAttempts;

        RacingRepository(int losses, boolean lockedLosesToo) {
            super(null, null, JsonMapper.builder().build(), Clock.systemUTC());
            this.losses = losses;
            this.lockedLosesToo = lockedLosesToo;
        }

        @Override
        Optional<Business> findById(long id) {
            return Optional.of(stored);
        }

        @Override
        <T> T withRowLock(long id, Function<Optional<Business>, T> work) {
            lockedAttempts++;
            return work.apply(Optional.of(stored));
        }

        @Override
        boolean update(Business changed, int expectedRevision) {
            writes++;
            if (writes <= losses && (lockedAttempts == 0 || lockedLosesToo)) {
                stored = new Business(1, OWNER, "Competitor " + writes, stored.foundedAt(), stored.latitude() + 1,
                        stored.longitude(), stored.natalChart(), stored.revision() + 1);
            }
            if (stored.revision() != expectedRevision) {
                return false;
            }
            stored = changed;
            return true;
        }
    }
}
