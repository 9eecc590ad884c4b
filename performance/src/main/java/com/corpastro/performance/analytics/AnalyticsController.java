package com.corpastro.performance.analytics;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.corpastro.performance.admin.AdminAccess;
import com.corpastro.performance.error.AppError;
import com.corpastro.performance.internal.HashedAssets;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The analytics' HTTP API, for admins only (401 {@code unauthorized} without a bearer token, 403
 * {@code admin_required} with another one), and the printable report page:
 *
 * <ul>
 * <li>{@code GET /api/admin/reports/performance?from=&to=&baselineFrom=&baselineTo=}: a {@link PerformanceReport}
 * (default: the last 24 hours against the 24 before); {@code .csv}: one row per route after a header line
 * <li>{@code GET /api/admin/reports/daily/{date}}: a stored {@link DailyReport}; 404 {@code report_not_found}
 * <li>{@code GET /api/admin/slo}: every objective's compliance, error budget and burn rates
 * <li>{@code GET /api/admin/alerts?limit=}: the most recent alerts, newest first
 * <li>{@code GET /dashboard/reports}: the report view (no data in the page; it calls the API with the admin token),
 * which loads {@code reports.js} and {@code reports.css} under content-hashed, immutable names
 * </ul>
 *
 * Bad values answer 400 {@code invalid_parameter} naming the parameter and the value.
 */
@RestController
class AnalyticsController {

    private static final String PAGES = "META-INF/resources/corp-astro/dashboard/";
    private static final String CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'";
    private static final List<String> CSV_COLUMNS = List.of("route", "endpointType", "requests",
            "throughputPerSecond", "p50Ms", "p95Ms", "p99Ms", "errorRate", "apdex", "cacheHitRate", "baselineRequests",
            "baselineThroughputPerSecond", "baselineP50Ms", "baselineP95Ms", "baselineP99Ms", "baselineErrorRate",
            "baselineApdex", "p95Change", "requestsChange", "regression");

    private final PerformanceReports reports;
    private final ServiceLevels serviceLevels;
    private final Alerts alerts;
    private final DailyReports dailyReports;
    private final AdminAccess adminAccess;
    private final HashedAssets assets = new HashedAssets(Map.of(
            "reports.js", new HashedAssets.Asset(PAGES + "reports.js", "text/javascript"),
            "reports.css", new HashedAssets.Asset(PAGES + "reports.css", "text/css")));
    private final byte[] page = assets.page(HashedAssets.bytes(PAGES + "reports.html"), "");

    AnalyticsController(PerformanceReports reports, ServiceLevels serviceLevels, Alerts alerts,
            DailyReports dailyReports, AdminAccess adminAccess) {
        this.reports = reports;
        this.serviceLevels = serviceLevels;
        this.alerts = alerts;
        this.dailyReports = dailyReports;
        this.adminAccess = adminAccess;
    }

    /** The answer of {@code GET /api/admin/alerts}. */
    record AlertList(List<Alert> alerts) {
    }

    @GetMapping("/api/admin/reports/performance")
    PerformanceReport performance(HttpServletRequest request, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String baselineFrom,
            @RequestParam(required = false) String baselineTo) {
        requireAdmin(request);
        return report(from, to, baselineFrom, baselineTo);
    }

    @GetMapping("/api/admin/reports/performance.csv")
    ResponseEntity<String> performanceCsv(HttpServletRequest request, @RequestParam(required = false) String from,
            @RequestParam(required = false) String to, @RequestParam(required = false) String baselineFrom,
            @RequestParam(required = false) String baselineTo) {
        requireAdmin(request);
        PerformanceReport report = report(from, to, baselineFrom, baselineTo);
        StringBuilder csv = new StringBuilder(String.join(",", CSV_COLUMNS)).append("\r\n");
        for (RouteReport route : report.routes()) {
            Figures b = route.baseline();
            List<Object> cells = java.util.Arrays.asList(route.route(), route.endpointType(), route.requests(),
                    route.throughputPerSecond(), route.p50Ms(), route.p95Ms(), route.p99Ms(), route.errorRate(),
                    route.apdex(), route.cacheHitRate(), b.requests(), b.throughputPerSecond(), b.p50Ms(), b.p95Ms(),
                    b.p99Ms(), b.errorRate(), b.apdex(), route.p95Change(), route.requestsChange(), route.regression());
            for (int i = 0; i < cells.size(); i++) {
                csv.append(i == 0 ? "" : ",").append(cell(cells.get(i)));
            }
            csv.append("\r\n");
        }
        String name = "performance-" + report.period().from().toString().replace(":", "") + ".csv";
        return ResponseEntity.ok().contentType(new MediaType("text", "csv", StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noStore())
                .header("Content-Disposition", "attachment; filename=\"" + name + "\"").body(csv.toString());
    }

    @GetMapping("/api/admin/reports/daily/{date}")
    ResponseEntity<String> daily(HttpServletRequest request, @PathVariable String date) {
        requireAdmin(request);
        LocalDate day;
        try {
            day = LocalDate.parse(date.trim());
        } catch (DateTimeParseException e) {
            throw invalid("date", date, "a day such as 2026-12-04");
        }
        String json = dailyReports.stored(day).orElseThrow(() -> new AppError(HttpStatus.NOT_FOUND,
                "report_not_found", "No daily report is stored for " + day + "."));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).cacheControl(CacheControl.noStore()).body(json);
    }

    @GetMapping("/api/admin/slo")
    SloReport slo(HttpServletRequest request) {
        requireAdmin(request);
        return serviceLevels.status();
    }

    @GetMapping("/api/admin/alerts")
    AlertList alerts(HttpServletRequest request, @RequestParam(required = false) String limit) {
        requireAdmin(request);
        int max = Alerts.MAXIMUM_LISTED;
        if (limit != null) {
            try {
                max = Integer.parseInt(limit.trim());
            } catch (NumberFormatException e) {
                max = 0;
            }
            if (max <= 0 || max > Alerts.MAXIMUM_LISTED) {
                throw invalid("limit", limit, "a number from 1 to " + Alerts.MAXIMUM_LISTED);
            }
        }
        return new AlertList(alerts.recent(max));
    }

    @GetMapping({"/dashboard/reports", "/dashboard/reports/"})
    ResponseEntity<byte[]> page() {
        return ResponseEntity.ok().contentType(new MediaType(MediaType.TEXT_HTML, StandardCharsets.UTF_8))
                .cacheControl(CacheControl.noCache()).header("Content-Security-Policy", CSP)
                .header("X-Content-Type-Options", "nosniff").body(page);
    }

    /** The view's script and style sheet: content-hashed names for good, plain ones for an hour. */
    @GetMapping({"/dashboard/reports.js", "/dashboard/reports.css", "/dashboard/reports.{hash}.js",
            "/dashboard/reports.{hash}.css"})
    ResponseEntity<byte[]> asset(HttpServletRequest request) {
        String uri = request.getRequestURI();
        String name = uri.substring(uri.lastIndexOf('/') + 1);
        ResponseEntity<byte[]> answer = assets.answer(name);
        if (answer == null) {
            throw new AppError(HttpStatus.NOT_FOUND, "not_found", "No dashboard asset named '" + name + "'.");
        }
        return answer;
    }

    private PerformanceReport report(String from, String to, String baselineFrom, String baselineTo) {
        Instant end = instant("to", to, reports.monitor().clock().instant());
        Instant start = instant("from", from, end.minus(Duration.ofDays(1)));
        Instant baseStart = instant("baselineFrom", baselineFrom, null);
        Instant baseEnd = instant("baselineTo", baselineTo, null);
        if (!start.isBefore(end)) {
            throw new AppError(HttpStatus.BAD_REQUEST, "invalid_parameter",
                    "Parameters 'from' and 'to': from must be before to, was from=" + start + " to=" + end);
        }
        try {
            return reports.report(start, end, baseStart, baseEnd);
        } catch (IllegalArgumentException e) {
            throw new AppError(HttpStatus.BAD_REQUEST, "invalid_parameter", e.getMessage());
        }
    }

    private void requireAdmin(HttpServletRequest request) {
        if (!adminAccess.isAdmin(request)) {
            throw AdminAccess.refusal(request);
        }
    }

    private static Instant instant(String name, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        String trimmed = value.trim();
        Instant instant;
        try {
            try {
                instant = Instant.parse(trimmed);
            } catch (DateTimeParseException e) {
                instant = OffsetDateTime.parse(trimmed).toInstant();
            }
        } catch (DateTimeParseException e) {
            throw invalid(name, value, "an ISO-8601 instant such as 2026-01-01T10:00:00Z");
        }
        if (instant.getEpochSecond() < -62_167_219_200L || instant.getEpochSecond() > 253_402_300_799L) {
            throw invalid(name, value, "an instant from year 0 to 9999");
        }
        return instant;
    }

    /** A CSV cell: numbers as they are, text quoted when needed and never read as a spreadsheet formula. */
    static String cell(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        String text = value.toString();
        if (!text.isEmpty() && "=+-@\t\r".indexOf(text.charAt(0)) >= 0) {
            text = "'" + text;
        }
        if (text.contains(",") || text.contains("\"") || text.contains("\n") || text.contains("\r")) {
            text = "\"" + text.replace("\"", "\"\"") + "\"";
        }
        return text;
    }

    private static AppError invalid(String name, String value, String expected) {
        return new AppError(HttpStatus.BAD_REQUEST, "invalid_parameter",
                "Parameter '" + name + "' must be " + expected + ", was '" + value + "'");
    }
}
