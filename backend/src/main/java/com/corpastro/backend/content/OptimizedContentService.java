package com.corpastro.backend.content;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.util.function.SingletonSupplier;

import com.corpastro.backend.business.Business;
import com.corpastro.backend.template.Template;
import com.corpastro.backend.template.TemplateService;
import com.corpastro.performance.cache.CacheManager;
import com.corpastro.performance.cache.EntityTag;
import com.corpastro.performance.db.DatabaseOptimizer;
import com.corpastro.performance.error.AppError;
import com.corpastro.performance.memory.LoadShedding;
import com.corpastro.performance.monitor.PerformanceMonitor;

/**
 * Content through every tier: the application cache, then an unexpired database row written from
 * the business's current revision, then the generator, whose text is stored and cached. Only
 * the generator's work counts against the {@link GenerationQuota daily quota} of the business's owner.
 */
@Service
public class OptimizedContentService {

    private static final Logger log = LoggerFactory.getLogger(OptimizedContentService.class);

    private final ContentRepository contents;
    private final GenerationQuota quota;
    private final DatabaseOptimizer database;
    private final TemplateService templates;
    private final CacheManager cache;
    private final ContentProperties properties;
    private final Clock clock;
    private final ObjectProvider<LoadShedding> loadShedding;
    private final ObjectProvider<PerformanceMonitor> monitor;
    private final ApplicationEventPublisher events;
    /** Whether a first generation may count and insert in one statement; decided on first use (asks the database). */
    private final Supplier<Boolean> countedInsert;

    OptimizedContentService(ContentRepository contents, GenerationQuota quota, DatabaseOptimizer database,
            TemplateService templates, CacheManager cache, ContentProperties properties, Clock clock,
            ObjectProvider<LoadShedding> loadShedding, ObjectProvider<PerformanceMonitor> monitor,
            ApplicationEventPublisher events, ContentGeneratorProperties generator) {
        this.events = events;
        // The external generator costs per call, so there the quota is still taken before it runs.
        boolean possible = properties.isCountedInsert() && properties.getGenerationQuota() > 0
                && database.oneTripStatements() && !generator.isEnabled();
        this.countedInsert = possible ? SingletonSupplier.of(database::isPostgres) : () -> false;
        this.contents = contents;
        this.quota = quota;
        this.database = database;
        this.templates = templates;
        this.cache = cache;
        this.properties = properties;
        this.clock = clock;
        this.loadShedding = loadShedding;
        this.monitor = monitor;
    }

    /**
     * Content and where it came from.
     *
     * @param fromCache true when it came from the cache or the database, false when this call
     *                  generated it
     * @param stale     true when the database or the generator failed and this is the last good
     *                  copy, past its cache expiry but within {@code corp-astro.content.max-staleness}
     */
    public record ContentResult(Content content, boolean fromCache, boolean stale) {
    }

    /**
     * The content of {@code type} for the period starting {@code periodStart}; {@code generator}
     * runs only when neither the cache nor the database has it, and once however many callers
     * ask at the same time. When the database or the generator fails, the last good copy written
     * from the business's current revision is returned as {@link ContentResult#stale() stale} if
     * one is younger than its cache TTL plus the maximum staleness; otherwise the failure is thrown.
     * A generation counts against {@code userId}'s daily quota; past it, 429
     * {@code generation_quota_exceeded} is thrown.
     */
    public ContentResult getOrGenerateContent(long userId, Business business, ContentType type, LocalDate periodStart,
            Supplier<GeneratedText> generator) {
        String key = key(userId, business, type, periodStart);
        String lastGoodKey = lastGoodKey(userId, business, type, periodStart);
        List<EntityTag> tags = tags(userId, business);
        AtomicBoolean loaded = new AtomicBoolean();
        AtomicBoolean generated = new AtomicBoolean();
        Instant now = clock.instant();
        Duration ttl = cacheTtl(type, periodStart, now);
        Content content;
        try {
            content = cache.getOrSet(key, Content.class, ttl, tags, () -> {
                loaded.set(true);
                return contents.findUnexpired(userId, business.id(), type, periodStart, now)
                        .filter(stored -> stored.businessRevision() == business.revision())
                        .orElseGet(() -> {
                            generated.set(true);
                            return generate(userId, business, type, periodStart, generator);
                        });
            });
        } catch (RuntimeException failure) {
            if (failure instanceof AppError error && error.status().is4xxClientError()) {
                throw failure;
            }
            Content stale = cache.get(lastGoodKey, Content.class)
                    .filter(copy -> copy.businessRevision() == business.revision()).orElseThrow(() -> failure);
            log.warn("event=stale_content_served businessId={} type={} period={} generatedAt={} error={}",
                    business.id(), type.key(), periodStart, stale.generatedAt(), failure.getClass().getSimpleName());
            return new ContentResult(stale, true, true);
        }
        if (loaded.get() && !properties.getMaxStaleness().isZero()) {
            // Read or generated just now: other nodes' copies are as good, so no broadcast on every first read.
            cache.fill(lastGoodKey, content, ttl.plus(properties.getMaxStaleness()), tags);
        }
        return new ContentResult(content, !generated.get(), false);
    }

    /**
     * One content item of a batch: the owner's content of {@code type} for the period starting
     * {@code periodStart} of a business the caller may read.
     */
    public record ContentRequest(Business business, ContentType type, LocalDate periodStart) {
    }

    /**
     * The content of every request, in the order asked, with as few statements as a batch allows:
     * the application cache first, then one read of the stored rows per owner, type and period,
     * then for what is still missing one quota statement per owner and one JDBC batch of inserts;
     * {@code generator} writes each missing text. The batched form of {@link #getOrGenerateContent}
     * for a GraphQL list of businesses, with the same keys, so each serves the other's cache.
     * Unlike it, concurrent batches asking for the same new content may each generate it (the
     * later write replaces the earlier; both count against the quota).
     *
     * <p>When the database or the generator fails, every missing item is answered by its last good
     * copy if it has one, else the failure is thrown; 429 {@code generation_quota_exceeded} when the
     * owner's quota cannot take all the generations the batch needs.
     */
    public Map<ContentRequest, ContentResult> getOrGenerateAll(List<ContentRequest> requests,
            Function<ContentRequest, GeneratedText> generator) {
        Map<ContentRequest, ContentResult> results = new LinkedHashMap<>();
        List<ContentRequest> missing = new ArrayList<>();
        for (ContentRequest request : new LinkedHashSet<>(requests)) {
            long owner = request.business().ownerId();
            Optional<Content> cached = cache.get(key(owner, request.business(), request.type(), request.periodStart()),
                    Content.class);
            if (cached.isPresent()) {
                results.put(request, new ContentResult(cached.get(), true, false));
            } else {
                missing.add(request);
            }
        }
        if (missing.isEmpty()) {
            return results;
        }
        // Taken before anything is read: an entry built from data an invalidation then replaced is not stored.
        long mark = cache.invalidationMark();
        Instant now = clock.instant();
        try {
            List<ContentRequest> toGenerate = new ArrayList<>();
            Map<List<Object>, List<ContentRequest>> groups = new LinkedHashMap<>();
            for (ContentRequest request : missing) {
                groups.computeIfAbsent(List.of(request.business().ownerId(), request.type(), request.periodStart()),
                        k -> new ArrayList<>()).add(request);
            }
            for (List<ContentRequest> group : groups.values()) {
                ContentRequest first = group.get(0);
                long owner = first.business().ownerId();
                List<Long> ids = group.stream().map(r -> r.business().id()).toList();
                Map<Long, Content> stored = database.executeQuery(connection -> contents.findUnexpired(owner, ids,
                        first.type(), first.periodStart(), now));
                for (ContentRequest request : group) {
                    Content row = stored.get(request.business().id());
                    if (row != null && row.businessRevision() == request.business().revision()) {
                        remember(request, row, now, mark);
                        results.put(request, new ContentResult(row, true, false));
                    } else {
                        toGenerate.add(request);
                    }
                }
            }
            for (Map.Entry<Long, List<ContentRequest>> owner : byOwner(toGenerate).entrySet()) {
                List<Content> written = generateAll(owner.getKey(), owner.getValue(), generator);
                for (int i = 0; i < written.size(); i++) {
                    remember(owner.getValue().get(i), written.get(i), now, mark);
                    results.put(owner.getValue().get(i), new ContentResult(written.get(i), false, false));
                }
            }
        } catch (RuntimeException failure) {
            if (failure instanceof AppError error && error.status().is4xxClientError()) {
                throw failure;
            }
            for (ContentRequest request : missing) {
                if (!results.containsKey(request)) {
                    long owner = request.business().ownerId();
                    Content stale = cache.get(lastGoodKey(owner, request.business(), request.type(),
                                    request.periodStart()), Content.class)
                            .filter(copy -> copy.businessRevision() == request.business().revision())
                            .orElseThrow(() -> failure);
                    log.warn("event=stale_content_served businessId={} type={} period={} generatedAt={} error={}",
                            request.business().id(), request.type().key(), request.periodStart(), stale.generatedAt(),
                            failure.getClass().getSimpleName());
                    results.put(request, new ContentResult(stale, true, true));
                }
            }
        }
        Map<ContentRequest, ContentResult> ordered = new LinkedHashMap<>();
        for (ContentRequest request : requests) {
            ordered.put(request, results.get(request));
        }
        return ordered;
    }

    private static Map<Long, List<ContentRequest>> byOwner(List<ContentRequest> requests) {
        Map<Long, List<ContentRequest>> byOwner = new LinkedHashMap<>();
        for (ContentRequest request : requests) {
            byOwner.computeIfAbsent(request.business().ownerId(), k -> new ArrayList<>()).add(request);
        }
        return byOwner;
    }

    /** Writes the text of every request of one owner: one quota statement, one batch of inserts. */
    private List<Content> generateAll(long userId, List<ContentRequest> requests,
            Function<ContentRequest, GeneratedText> generator) {
        loadShedding.ifAvailable(LoadShedding::check);
        GenerationQuota.Taken taken = quota.take(userId, requests.size());
        try {
            List<Content> written = new ArrayList<>(requests.size());
            for (ContentRequest request : requests) {
                long started = System.nanoTime();
                GeneratedText text;
                try {
                    text = generator.apply(request);
                } catch (RuntimeException | Error e) {
                    recordGeneration(request.type(), started, false);
                    throw e;
                }
                recordGeneration(request.type(), started, true);
                Instant generatedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                Business business = request.business();
                written.add(new Content(userId, business.id(), request.type().key(), request.periodStart(),
                        text.body(), business.revision(), generatedAt,
                        expiresAt(request.type(), request.periodStart(), generatedAt), text.source(), text.sky()));
            }
            database.executeInTransaction(connection -> {
                contents.saveAll(written);
                return null;
            });
            log.info("event=content_generated_batch userId={} count={}", userId, written.size());
            written.forEach(content -> events.publishEvent(ContentGenerated.of(content)));
            return written;
        } catch (RuntimeException | Error e) {
            quota.giveBack(taken);
            throw e;
        }
    }

    /** Caches {@code content} and its last good copy, unless an invalidation passed since {@code mark}. */
    private void remember(ContentRequest request, Content content, Instant now, long mark) {
        long owner = request.business().ownerId();
        Duration ttl = cacheTtl(request.type(), request.periodStart(), now);
        List<EntityTag> tags = tags(owner, request.business());
        cache.fill(key(owner, request.business(), request.type(), request.periodStart()), content, ttl, tags, mark);
        if (!properties.getMaxStaleness().isZero()) {
            cache.fill(lastGoodKey(owner, request.business(), request.type(), request.periodStart()), content,
                    ttl.plus(properties.getMaxStaleness()), tags, mark);
        }
    }

    /**
     * The revision is part of the key: content a request computes from a revision it read just
     * before a PATCH won is stored under that old revision, where no request of the new one looks.
     */
    private static String key(long userId, Business business, ContentType type, LocalDate periodStart) {
        return "content:" + userId + ":" + business.id() + ":r" + business.revision() + ":" + type.key() + ":"
                + periodStart;
    }

    /** A second, longer-lived copy under the same tags: a business change drops it with the first. */
    private static String lastGoodKey(long userId, Business business, ContentType type, LocalDate periodStart) {
        return "content-last-good:" + userId + ":" + business.id() + ":" + type.key() + ":" + periodStart;
    }

    private static List<EntityTag> tags(long userId, Business business) {
        return List.of(EntityTag.of("business", business.id()), EntityTag.of("user", userId));
    }

    /** The template under {@code key}, through the cache. */
    public Template getTemplate(String key) {
        return templates.get(key);
    }

    /** Puts every template in the cache, so the first requests after start-up do not wait for them. */
    @EventListener(ApplicationReadyEvent.class)
    public void preloadTemplates() {
        templates.preload();
    }

    /**
     * Deletes content past its expiry, and the generation counts of past days,
     * {@code corp-astro.content.cleanup-batch-size} rows per transaction until a batch finds fewer;
     * returns how many content rows. Logs one line per run.
     */
    @Scheduled(fixedDelayString = "${corp-astro.content.cleanup-interval:PT1H}",
            initialDelayString = "${corp-astro.content.cleanup-interval:PT1H}")
    public long clearExpiredContent() {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int batchSize = properties.getCleanupBatchSize();
        long started = System.nanoTime();
        Deleted content = deleteInBatches(batchSize, () -> contents.deleteExpired(now, batchSize));
        Deleted counts = deleteInBatches(batchSize, () -> quota.deleteDaysBefore(today, batchSize));
        log.info("event=expired_content_cleared rows={} batches={} batch_size={} quota_rows={} quota_batches={} ms={}",
                content.rows(), content.batches(), batchSize, counts.rows(), counts.batches(),
                (System.nanoTime() - started) / 1_000_000);
        return content.rows();
    }

    private record Deleted(long rows, int batches) {
    }

    /** Runs {@code batch} until it deletes fewer than {@code batchSize} rows. */
    private Deleted deleteInBatches(int batchSize, IntSupplier batch) {
        long rows = 0;
        int batches = 0;
        int deleted;
        do {
            // One short transaction per batch: locks are released and other writers go on between batches.
            deleted = database.executeInTransaction(connection -> batch.getAsInt());
            rows += deleted;
            batches++;
        } while (deleted == batchSize);
        return new Deleted(rows, batches);
    }

    private Content generate(long userId, Business business, ContentType type, LocalDate periodStart,
            Supplier<GeneratedText> generator) {
        // Under memory pressure new content is refused with 503; content already made is still served.
        loadShedding.ifAvailable(LoadShedding::check);
        long started = System.nanoTime();
        if (countedInsert.get()) {
            return generateCounted(userId, business, type, periodStart, generator, started);
        }
        // Inside the cache's loader, so concurrent first requests for one content, which load once, count once.
        GenerationQuota.Taken taken = quota.take(userId);
        try {
            Content content = write(userId, business, type, periodStart, generator);
            store(content);
            announce(content, started);
            return content;
        } catch (RuntimeException | Error e) {
            // Nothing was written: the quota counts only content that was.
            quota.giveBack(taken);
            throw e;
        }
    }

    /**
     * The cold read's write in one statement: the text is written first (the built-in generator, a
     * fraction of a millisecond), then counted and inserted together; past the quota it is dropped and
     * the answer is 429. The owner's first generation of the day, or a row already there, takes the
     * usual statements.
     */
    private Content generateCounted(long userId, Business business, ContentType type, LocalDate periodStart,
            Supplier<GeneratedText> generator, long started) {
        Content content = write(userId, business, type, periodStart, generator);
        Instant now = clock.instant();
        LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
        switch (contents.insertCounted(content, day, properties.getGenerationQuota())) {
            case INSERTED -> {
                // counted and stored in one statement
            }
            case QUOTA_USED_UP -> throw quota.exceeded(now);
            case COUNTED_ONLY -> {
                try {
                    store(content);
                } catch (RuntimeException | Error e) {
                    quota.giveBack(new GenerationQuota.Taken(userId, day, 1));
                    throw e;
                }
            }
            case NO_COUNT_YET -> {
                GenerationQuota.Taken taken = quota.take(userId);
                try {
                    store(content);
                } catch (RuntimeException | Error e) {
                    quota.giveBack(taken);
                    throw e;
                }
            }
        }
        announce(content, started);
        return content;
    }

    /** Stores {@code content} over an older row; retried from the start on a serialization failure or deadlock. */
    private void store(Content content) {
        database.executeInTransaction(connection -> {
            contents.save(content);
            return null;
        });
    }

    private void announce(Content content, long startedNanos) {
        events.publishEvent(ContentGenerated.of(content));
        log.info("event=content_generated businessId={} type={} period={} source={} ms={}", content.businessId(),
                content.contentType(), content.period(), content.source().key(),
                (System.nanoTime() - startedNanos) / 1_000_000);
    }

    /** The generator's text for the key, as content not stored yet. */
    private Content write(long userId, Business business, ContentType type, LocalDate periodStart,
            Supplier<GeneratedText> generator) {
        long started = System.nanoTime();
        GeneratedText text;
        try {
            text = generator.get();
        } catch (RuntimeException | Error e) {
            recordGeneration(type, started, false);
            throw e;
        }
        recordGeneration(type, started, true);
        // Milliseconds: what every database keeps, so a stored row reads back exactly as first served.
        Instant generatedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return new Content(userId, business.id(), type.key(), periodStart, text.body(),
                business.revision(), generatedAt, expiresAt(type, periodStart, generatedAt), text.source(), text.sky());
    }

    private void recordGeneration(ContentType type, long startedNanos, boolean success) {
        PerformanceMonitor performance = monitor.getIfAvailable();
        if (performance != null) {
            performance.recordContentGeneration(type.key(), (System.nanoTime() - startedNanos) / 1e6, success);
        }
    }

    /**
     * The end of the period plus the retention; content for a period already over is kept for the
     * retention after it was generated, so asking for it twice does not write it twice.
     */
    private Instant expiresAt(ContentType type, LocalDate periodStart, Instant generatedAt) {
        Instant periodEnd = type.periodEnd(periodStart).atStartOfDay(ZoneOffset.UTC).toInstant();
        return (periodEnd.isAfter(generatedAt) ? periodEnd : generatedAt).plus(properties.getRetention());
    }

    private Duration cacheTtl(ContentType type, LocalDate periodStart, Instant now) {
        Duration untilExpiry = Duration.between(now, expiresAt(type, periodStart, now));
        return untilExpiry.compareTo(properties.getCacheTtl()) < 0 ? untilExpiry : properties.getCacheTtl();
    }
}
