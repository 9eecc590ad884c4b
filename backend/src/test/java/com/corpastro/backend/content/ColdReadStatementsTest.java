package com.corpastro.backend.content;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.corpastro.backend.account.Caller;
import com.corpastro.backend.business.Business;
import com.corpastro.backend.business.BusinessService;
import com.corpastro.backend.support.Api;
import com.corpastro.backend.support.Api.SignedUp;
import com.corpastro.backend.support.Postgres;

import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.MethodExecutionContext;
import net.ttddyy.dsproxy.listener.MethodExecutionListener;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;

/**
 * What a cold read (content nobody asked for: not in the cache, not in the database) costs the database on
 * PostgreSQL, counted at the JDBC boundary on the reading thread: every statement executed, the optimizer's
 * own timeout statements included, and every commit. Before one-trip statements and the counted insert it was
 * nine round trips (the read with a timeout set and restored around it, a quota transaction and an insert
 * transaction); now two: the read and the counted insert, each carrying its timeout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "corp-astro.admin.token=" + ColdReadStatementsTest.ADMIN_TOKEN,
        "corp-astro.http.endpoint-types.auth.limit=1000" })
@Import(ColdReadStatementsTest.Counting.class)
class ColdReadStatementsTest {

    static final String ADMIN_TOKEN = "cold-read-test-admin-token-0123456789ab";

    /** What ran on the counted thread: {@code statement: <sql>} and {@code commit}. */
    static final List<String> CALLS = new CopyOnWriteArrayList<>();
    static volatile Thread counted;

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        Postgres.newDatabase(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    OptimizedContentService contents;
    @Autowired
    BusinessService businesses;
    @Autowired
    JdbcClient jdbc;

    @Test
    void aColdReadOnPostgresIsTwoStatementsTheReadAndTheCountedInsertAndNoCommit() {
        Api api = new Api(port);
        SignedUp owner = api.signUp("Cold Owner");
        long businessId = api.createBusiness(owner.token(), "Cold Works", "2012-05-06T07:00:00Z");
        Business business = businesses.get(new Caller(owner.id(), false), businessId);
        LocalDate period = LocalDate.of(2031, 1, 7);
        // The owner's first generation of the day creates the day's count the usual way; the cold read measured
        // is the second, as nearly every cold read of a day is.
        contents.getOrGenerateContent(owner.id(), business, ContentType.DAILY_HOROSCOPE, period.minusDays(1),
                () -> new GeneratedText("the day's first", ContentSource.BUILTIN, null));

        List<String> calls = countedOnThisThread(() -> contents.getOrGenerateContent(owner.id(), business,
                ContentType.DAILY_HOROSCOPE, period,
                () -> new GeneratedText("a cold text", ContentSource.BUILTIN, null)));

        assertThat(calls).as("%s", calls).hasSize(2);
        assertThat(calls.get(0)).contains("SELECT").contains("FROM content");
        assertThat(calls.get(1)).contains("WITH counted AS");
        assertThat(calls).allMatch(call -> call.contains("SET LOCAL statement_timeout"));
        assertThat(jdbc.sql("SELECT body FROM content WHERE business_id = ? AND period_start = ?")
                .params(businessId, period).query(String.class).single()).isEqualTo("a cold text");
        assertThat(jdbc.sql("SELECT generated_count FROM generation_quota WHERE user_id = ?").params(owner.id())
                .query(Integer.class).single()).isEqualTo(2);
    }

    @Test
    void theOwnersFirstGenerationOfTheDayTakesTheQuotaTheUsualWayOnce() {
        Api api = new Api(port);
        SignedUp owner = api.signUp("First Of The Day");
        long businessId = api.createBusiness(owner.token(), "Dawn Works", "2013-05-06T07:00:00Z");
        Business business = businesses.get(new Caller(owner.id(), false), businessId);

        contents.getOrGenerateContent(owner.id(), business, ContentType.DAILY_HOROSCOPE, LocalDate.of(2031, 2, 1),
                () -> new GeneratedText("first", ContentSource.BUILTIN, null));

        assertThat(jdbc.sql("SELECT generated_count FROM generation_quota WHERE user_id = ?").params(owner.id())
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM content WHERE business_id = ?").params(businessId)
                .query(Integer.class).single()).isEqualTo(1);
    }

    private List<String> countedOnThisThread(Runnable work) {
        CALLS.clear();
        counted = Thread.currentThread();
        try {
            work.run();
        } finally {
            counted = null;
        }
        return List.copyOf(CALLS);
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Counting {

        /** Wraps the data source the application uses, after the optimizer's own wrapping. */
        @Bean
        static BeanPostProcessor countingDataSource() {
            return new CountingPostProcessor();
        }
    }

    static final class CountingPostProcessor implements BeanPostProcessor, Ordered {

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

        @Override
        public Object postProcessAfterInitialization(Object bean, String beanName) {
            if (!(bean instanceof DataSource dataSource) || !"dataSource".equals(beanName)) {
                return bean;
            }
            return ProxyDataSourceBuilder.create(dataSource).listener(new QueryExecutionListener() {
                @Override
                public void beforeQuery(ExecutionInfo execution, List<QueryInfo> queries) {
                }

                @Override
                public void afterQuery(ExecutionInfo execution, List<QueryInfo> queries) {
                    if (Thread.currentThread() == counted) {
                        CALLS.add("statement: " + queries.get(0).getQuery());
                    }
                }
            }).methodListener(new MethodExecutionListener() {
                @Override
                public void beforeMethod(MethodExecutionContext context) {
                }

                @Override
                public void afterMethod(MethodExecutionContext context) {
                    if (Thread.currentThread() == counted && context.getMethod().getName().equals("commit")) {
                        CALLS.add("commit");
                    }
                }
            }).build();
        }
    }
}
