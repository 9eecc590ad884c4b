package com.corpastro.performance.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.cache.TieredCacheManager;
import com.corpastro.performance.cache.TypeRef;

/** executeQuery's result cache: entity tags, and transactions (stored only after the commit). */
class QueryCachingTransactionsTest {

    private static final TypeRef<List<String>> NAMES = new TypeRef<>() {};
    private static final Duration TTL = Duration.ofMinutes(5);
    private static final List<EntityTag> ITEMS = List.of(EntityTag.of("item-list", "all"));
    private static final QueryOptions CACHED = QueryOptions.defaults().cached("names", TTL, ITEMS);

    private final JdbcDataSource dataSource = h2();
    private final TieredCacheManager cache = TieredCacheManager.builder().build();
    private final DatabaseOptimizer optimizer = DatabaseOptimizer.builder(dataSource).cacheManager(cache).build();
    private final JdbcTemplate jdbc = new JdbcTemplate(dataSource);
    private final AtomicInteger queries = new AtomicInteger();

    private static JdbcDataSource h2() {
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:query_cache_" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        new JdbcTemplate(dataSource).execute("create table items (id int primary key, name varchar(50))");
        new JdbcTemplate(dataSource).update("insert into items values (1, 'first')");
        return dataSource;
    }

    @AfterEach
    void close() {
        cache.close();
    }

    private List<String> names() {
        return optimizer.executeQuery(connection -> {
            queries.incrementAndGet();
            return jdbc.queryForList("select name from items order by id", String.class);
        }, NAMES, CACHED);
    }

    @Test
    void cachedResultIsDroppedWhenOneOfItsTagsIsInvalidated() {
        assertThat(names()).containsExactly("first");
        assertThat(names()).containsExactly("first");
        assertThat(queries).hasValue(1);
        jdbc.update("insert into items values (2, 'second')");

        cache.invalidateEntity("item-list", "all");

        assertThat(names()).containsExactly("first", "second");
        assertThat(queries).hasValue(2);
    }

    @Test
    void resultReadInATransactionThatRollsBackIsNotCached() {
        assertThatThrownBy(() -> optimizer.executeInTransaction(connection -> {
            jdbc.update("insert into items values (2, 'uncommitted')");
            assertThat(names()).containsExactly("first", "uncommitted");
            throw new IllegalStateException("roll back");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(cache.get("names", NAMES)).isEmpty();
        assertThat(names()).containsExactly("first");
    }

    @Test
    void resultReadInATransactionIsCachedOnlyAfterTheCommit() {
        optimizer.executeInTransaction(connection -> {
            assertThat(names()).containsExactly("first");
            assertThat(cache.get("names", NAMES)).isEmpty();
            return null;
        });

        assertThat(cache.get("names", NAMES)).contains(List.of("first"));
    }

    @Test
    void transactionReadsItsOwnWritesNotTheCachedResult() {
        assertThat(names()).containsExactly("first");

        List<String> inside = optimizer.executeInTransaction(connection -> {
            jdbc.update("insert into items values (2, 'second')");
            return names();
        });

        assertThat(inside).containsExactly("first", "second");
    }

    @Test
    void resultReadBeforeTheTransactionsOwnInvalidationIsNotStored() {
        optimizer.executeInTransaction(connection -> {
            List<String> before = names();
            jdbc.update("insert into items values (2, 'second')");
            cache.invalidateEntity("item-list", "all"); // runs after the commit, after the read was registered
            return before;
        });

        assertThat(names()).containsExactly("first", "second");
    }

    @Test
    void resultReadBeforeAnotherCallersChangeIsNotStoredAtTheCommit() throws Exception {
        optimizer.executeInTransaction(connection -> {
            List<String> before = names();
            // Another caller changes the items and invalidates the list while this transaction is still open.
            Thread other = new Thread(() -> {
                jdbc.update("insert into items values (2, 'second')");
                cache.invalidateEntity("item-list", "all");
            });
            other.start();
            join(other);
            return before;
        });

        assertThat(cache.get("names", NAMES)).isEmpty();
        assertThat(names()).containsExactly("first", "second");
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
