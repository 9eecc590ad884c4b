package com.corpastro.backend.content;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.corpastro.backend.astro.AstroEngine;
import com.corpastro.backend.business.Business;
import com.corpastro.backend.template.Template;

import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the content samples of the compression benchmark: the JSON bodies of
 * {@code GET /api/businesses/{id}/content/{type}} for four businesses and every content type, from
 * the built-in generator and the seeded templates, one body per line. Not a test; run it when the
 * generator or the templates change (from the repository root):
 *
 * <pre>
 * ./mvnw -B -q -pl backend -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp backend/target/test-classes:backend/target/classes:$(cat backend/target/cp.txt) \
 *     com.corpastro.backend.content.ContentSampleWriter benchmarks/src/main/resources/compression/content-responses.jsonl
 * </pre>
 */
public final class ContentSampleWriter {

    private static final Pattern SEEDED = Pattern.compile("\\('([a-z_]+_template)',\\s*'([^']*)'");

    private ContentSampleWriter() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ContentSampleWriter <output .jsonl file>, was " + List.of(args));
        }
        Map<String, Template> templates = seededTemplates();
        BuiltinContentGenerator generator = new BuiltinContentGenerator(new AstroEngine());
        List<Business> businesses = List.of(
                new Business(1, 1, "Acme Corporation", Instant.parse("2015-03-20T09:45:00Z"), 40.7128, -74.006, Map.of(), 1),
                new Business(2, 1, "Nova Bakery", Instant.parse("2011-06-01T08:00:00Z"), 51.5, -0.12, Map.of(), 1),
                new Business(3, 2, "Orion Consulting GmbH", Instant.parse("1998-11-09T14:30:00Z"), 52.52, 13.405, Map.of(), 3),
                new Business(4, 3, "Blue Lotus Yoga Studio", Instant.parse("2021-01-04T07:15:00Z"), 19.076, 72.8777, Map.of(), 2));
        LocalDate day = LocalDate.of(2026, 11, 25);
        Instant generatedAt = Instant.parse("2026-11-25T06:12:31.482913Z");
        JsonMapper json = JsonMapper.builder().build();
        List<String> lines = new ArrayList<>();
        for (Business business : businesses) {
            for (ContentType type : ContentType.values()) {
                LocalDate start = type.periodStart(day);
                PeriodSky period = generator.read(business, type, start);
                String body = generator.write(period, templates.get(type.templateKey()));
                // As OptimizedContentService: the end of the period plus the default retention.
                Instant expiresAt = type.periodEnd(start).atStartOfDay(ZoneOffset.UTC).toInstant()
                        .plus(new ContentProperties().getRetention());
                lines.add(json.writeValueAsString(new ContentController.ContentResponse(business.id(), type.key(),
                        start, body, true, generatedAt, expiresAt, ContentSource.BUILTIN.key(), Sky.of(period))));
            }
        }
        Path out = Path.of(args[0]);
        Files.write(out, lines, StandardCharsets.UTF_8);
        System.out.println("wrote " + lines.size() + " content responses to " + out);
    }

    /** The templates as the V2 migration seeds them. */
    private static Map<String, Template> seededTemplates() throws IOException {
        String sql;
        try (InputStream in = ContentSampleWriter.class.getResourceAsStream("/db/migration/V2__seed_templates.sql")) {
            if (in == null) {
                throw new IllegalStateException("db/migration/V2__seed_templates.sql is not on the class path");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, Template> templates = new LinkedHashMap<>();
        Matcher matcher = SEEDED.matcher(sql);
        while (matcher.find()) {
            templates.put(matcher.group(1), new Template(matcher.group(1), matcher.group(2), 1, Instant.EPOCH));
        }
        for (ContentType type : ContentType.values()) {
            if (!templates.containsKey(type.templateKey())) {
                throw new IllegalStateException("no seeded template " + type.templateKey() + " in V2__seed_templates.sql");
            }
        }
        return templates;
    }
}
