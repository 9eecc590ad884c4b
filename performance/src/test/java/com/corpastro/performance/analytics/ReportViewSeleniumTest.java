package com.corpastro.performance.analytics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.corpastro.performance.dashboard.DashboardTestApplication;
import com.corpastro.performance.dashboard.HeadlessChromium;
import com.corpastro.performance.monitor.PerformanceMonitor;
import com.corpastro.performance.monitor.Rollup;
import com.corpastro.performance.monitor.RollupStore;

/**
 * The report view in a real headless Chromium (Debian's chromium and chromium-driver), reached
 * from the dashboard's link: the last hour against the hour before from rollups of two nodes,
 * one route slowed and flagged, a cached route's hit rate, the objectives' status and the alert list; no console errors.
 * Saves {@code target/reports.png}, the README's screenshot.
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"corp-astro.admin.token=reports-admin-token-0123456789abcdef",
                "spring.datasource.url=jdbc:h2:mem:reports-view;MODE=PostgreSQL",
                "corp-astro.analytics.objectives.api.target=0.99", "corp-astro.analytics.objectives.api.latency=250ms"})
class ReportViewSeleniumTest {

    private static final String TOKEN = "reports-admin-token-0123456789abcdef";

    @LocalServerPort
    int port;

    @Autowired
    RollupStore rollupStore;

    @Autowired
    AnalyticsStore analyticsStore;

    @Autowired
    PerformanceMonitor monitor;

    private ChromeDriver driver;
    private HeadlessChromium browser;

    @BeforeEach
    void startBrowser() throws Exception {
        browser = HeadlessChromium.start("reports", "1500,1100");
        driver = browser.driver();
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    /** The hour before last and the last hour of two nodes: one route 20 times slower, one steady, one failing a little. */
    private void seedTwoHours() {
        long minute = 60_000;
        // The page's presets end at the next whole minute.
        Instant lastHour = Instant.ofEpochMilli(Math.floorDiv(monitor.clock().millis(), minute) * minute + minute)
                .minus(Duration.ofMinutes(60));
        Instant hourBefore = lastHour.minus(Duration.ofMinutes(60));
        List<Rollup> rollups = new ArrayList<>();
        for (String node : List.of("node-a", "node-b")) {
            rollups.addAll(Rollups.minutes(node, "GET", "/api/charts/{id}", 200, hourBefore, 60, 8, 18));
            rollups.addAll(Rollups.minutes(node, "GET", "/api/charts/{id}", 200, lastHour, 60, 8, 380));
            // A cached route: 16 of 20, then 21 of 24 requests a minute answered by the cache.
            rollups.addAll(Rollups.minutes(node, "GET", "/api/templates", 200, "hit", hourBefore, 60, 16, 6));
            rollups.addAll(Rollups.minutes(node, "GET", "/api/templates", 200, "miss", hourBefore, 60, 4, 6));
            rollups.addAll(Rollups.minutes(node, "GET", "/api/templates", 200, "hit", lastHour, 60, 21, 6));
            rollups.addAll(Rollups.minutes(node, "GET", "/api/templates", 200, "miss", lastHour, 60, 3, 6));
            rollups.addAll(Rollups.minutes(node, "POST", "/api/businesses", 201, hourBefore, 60, 3, 45));
            rollups.addAll(Rollups.minutes(node, "POST", "/api/businesses", 201, lastHour, 60, 3, 47));
            rollups.addAll(Rollups.minutes(node, "POST", "/api/businesses", 503, lastHour, 6, 1, 30));
        }
        rollupStore.save(rollups);
        Instant fired = lastHour.plus(Duration.ofMinutes(12));
        analyticsStore.insert(new Alert("7f3c2a10-seeded", "anomaly:GET /api/charts/{id}", "anomaly", "ticket",
                "GET /api/charts/{id}", "GET /api/charts/{id}: p95 410.2 ms over the last 15 min, above its usual band"
                        + " (up to 24.9 ms)", 410.2, 24.9, Alert.FIRING, fired, fired.plus(Duration.ofMinutes(40)),
                null, "node-a"));
    }

    @Test
    void theReportViewShowsTheSlowedRouteTheObjectivesAndTheAlerts() throws Exception {
        seedTwoHours();
        driver.get("http://localhost:" + port + "/dashboard");
        driver.findElement(By.id("token")).sendKeys(TOKEN);
        driver.findElement(By.id("connect")).click();
        await().atMost(Duration.ofSeconds(20)).until(() -> driver.findElement(By.id("reports-link")).isDisplayed());
        driver.findElement(By.id("reports-link")).click();

        await().atMost(Duration.ofSeconds(20)).until(() -> driver.getTitle().equals("Corp Astro performance report"));
        // The token carries over from the dashboard: the page loads the default report, then shows the pickers.
        await().atMost(Duration.ofSeconds(20)).until(() -> driver.findElement(By.id("preset")).isDisplayed());
        new Select(driver.findElement(By.id("preset"))).selectByValue("3600000");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            Map<String, Object> state = state();
            assertThat(((Number) state.get("loaded")).intValue()).isGreaterThanOrEqualTo(2);
            assertThat(state.get("regressions")).asList().containsExactly("GET /api/charts/{id}");
            assertThat(((Number) state.get("objectives")).intValue()).isEqualTo(3);
            assertThat(((Number) state.get("alerts")).intValue()).isEqualTo(1);
        });
        assertThat(driver.findElements(By.cssSelector("#routes tbody tr.regression"))).singleElement()
                .satisfies(row -> assertThat(row.getText()).startsWith("GET /api/charts/{id} api ").endsWith("slower"));
        assertThat(driver.findElements(By.cssSelector("#routes tbody tr"))).hasSize(3);
        assertThat(driver.findElements(By.cssSelector("#routes tbody tr"))).extracting(WebElement::getText)
                .filteredOn(text -> text.startsWith("GET /api/templates ")).singleElement()
                .satisfies(text -> assertThat(text).endsWith(" 87.5%"));
        assertThat(driver.findElement(By.id("totals")).getText()).contains("87.5%");
        assertThat(driver.findElements(By.cssSelector("#slo tbody tr"))).extracting(row -> row.getText().split(" ")[0])
                .containsExactly("content", "public", "api");
        assertThat(driver.findElement(By.cssSelector("#alerts tbody tr")).getText()).contains("above its usual band");
        assertThat(driver.executeScript("return window.reportsState.errors")).asList().isEmpty();
        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("browser console errors").isEmpty();

        Path screenshot = Path.of("target", "reports.png");
        Files.createDirectories(screenshot.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(screenshot)).isPositive();
    }

    @Test
    void aWrongTokenIsRejectedWithAMessage() {
        driver.get("http://localhost:" + port + "/dashboard/reports");
        driver.findElement(By.id("token")).sendKeys("wrong");
        driver.findElement(By.id("connect")).click();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(driver.findElement(By.id("status")).getText()).contains("token was rejected"));
        assertThat(driver.findElement(By.id("login")).isDisplayed()).isTrue();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> state() {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeScript("return window.reportsState || {}");
    }
}
