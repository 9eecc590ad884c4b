package com.corpastro.performance.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
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
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The dashboard in a real headless Chromium (Debian's chromium and chromium-driver): it loads,
 * accepts the admin token, draws charts with data after some traffic, and logs no console errors.
 */
@SpringBootTest(classes = DashboardTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"corp-astro.admin.token=dashboard-admin-token-0123456789abcdef", "corp-astro.monitor.sample-interval=500ms",
                "spring.datasource.url=jdbc:h2:mem:dashboard;MODE=PostgreSQL"})
class DashboardSeleniumTest {


    @LocalServerPort
    int port;

    private ChromeDriver driver;
    private HeadlessChromium browser;
    private final HttpClient http = HttpClient.newHttpClient();
    private int requestsSent;

    @BeforeEach
    void startBrowser() throws Exception {
        browser = HeadlessChromium.start("dashboard", "1400,1800");
        driver = browser.driver();
    }

    @AfterEach
    void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void dashboardDrawsLiveChartsAfterTheTokenIsEntered() throws Exception {
        driver.get("http://localhost:" + port + "/dashboard");
        assertThat(driver.getTitle()).isEqualTo("Corp Astro performance");
        assertThat(driver.findElement(By.id("board")).isDisplayed()).isFalse();

        driver.findElement(By.id("token")).sendKeys("dashboard-admin-token-0123456789abcdef");
        driver.findElement(By.id("connect")).click();
        new Select(driver.findElement(By.id("refresh"))).selectByValue("2000");
        new Select(driver.findElement(By.id("range"))).selectByValue("300000");
        sendTraffic(100);

        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            // A little more traffic at every look, so each refresh of the live charts has new data.
            sendTraffic(10);
            Map<String, Object> charts = chartState();
            for (String chart : List.of("latency", "throughput", "errors", "cache", "heap", "cpu", "database")) {
                assertThat(charts).as(chart).containsKey(chart);
                @SuppressWarnings("unchecked")
                Map<String, Object> state = (Map<String, Object>) charts.get(chart);
                assertThat(((Number) state.get("points")).longValue()).as(chart + " points").isPositive();
            }
            assertThat(driver.findElements(By.cssSelector("#routes tbody tr"))).isNotEmpty();
            // The demo's real SELECT on H2, recorded by the query analyzer: no code records it by hand.
            assertThat(driver.findElements(By.cssSelector("#queries tbody tr")))
                    .anySatisfy(row -> assertThat(row.getText()).startsWith("select greetings "));
            assertThat(driver.findElements(By.cssSelector("#graphql tbody tr"))).singleElement()
                    .satisfies(row -> assertThat(row.getText()).isEqualTo("query Dashboard 12 1 4.5 9.3 12.0"));
        });
        assertThat(driver.findElement(By.id("graphql-section")).isDisplayed()).isTrue();
        HttpResponse<String> queries = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/api/admin/metrics?type=database_query"))
                .header("Authorization", "Bearer dashboard-admin-token-0123456789abcdef").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(queries.statusCode()).isEqualTo(200);
        assertThat(queries.body()).contains("\"operation\":\"select\"").contains("\"model\":\"greetings\"");
        // Pushed, not polled: the admin stream's metrics events drive the refreshes.
        assertThat(driver.executeScript("return window.dashboardState.mode")).isEqualTo("push");
        assertThat(((Number) driver.executeScript("return window.dashboardState.pushes")).longValue()).isPositive();
        assertThat(driver.findElement(By.id("figures")).getText()).contains("live streams (SSE / WebSocket)");

        assertThat(driver.findElement(By.id("board")).isDisplayed()).isTrue();
        assertThat(driver.findElements(By.cssSelector(".uplot canvas"))).hasSizeGreaterThanOrEqualTo(7);
        assertThat(driver.executeScript("return window.dashboardState.errors")).asList().isEmpty();
        List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
        assertThat(severe).as("browser console errors").isEmpty();

        Path screenshot = Path.of("target", "dashboard.png");
        Files.createDirectories(screenshot.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(Files.size(screenshot)).isPositive();
    }

    @Test
    void dashboardFallsBackToPollingWhenThePushStreamFails() {
        driver.get("http://localhost:" + port + "/dashboard");
        // A stream that fails at once, as behind a proxy that does not pass text/event-stream.
        ((JavascriptExecutor) driver).executeScript("window.dashboardPush.open = function (token, onEvent, onOpen, onFail) {"
                + " setTimeout(function () { onFail(new Error('no stream')); }, 0); return { close: function () {} }; };");
        driver.findElement(By.id("token")).sendKeys("dashboard-admin-token-0123456789abcdef");
        driver.findElement(By.id("connect")).click();
        new Select(driver.findElement(By.id("refresh"))).selectByValue("2000");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(driver.executeScript("return window.dashboardState.mode")).isEqualTo("polling");
            assertThat(((Number) driver.executeScript("return window.dashboardState.pushFailures")).longValue())
                    .isPositive();
            assertThat(((Number) driver.executeScript("return window.dashboardState.refreshes")).longValue())
                    .as("polled after the first load").isGreaterThanOrEqualTo(2);
        });
        assertThat(((Number) driver.executeScript("return window.dashboardState.pushes")).longValue()).isZero();
    }

    @Test
    void aWrongTokenIsRejectedWithAMessage() {
        driver.get("http://localhost:" + port + "/dashboard");
        driver.findElement(By.id("token")).sendKeys("wrong");
        driver.findElement(By.id("connect")).click();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() ->
                assertThat(driver.findElement(By.id("status")).getText()).contains("token was rejected"));
        assertThat(driver.findElement(By.id("login")).isDisplayed()).isTrue();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> chartState() {
        return (Map<String, Object>) ((JavascriptExecutor) driver).executeScript(
                "return window.dashboardState ? window.dashboardState.charts : {}");
    }

    /** Sends {@code count} requests, one in 25 to a missing route so the error chart has data too. */
    private void sendTraffic(int count) throws Exception {
        for (int i = 0; i < count; i++, requestsSent++) {
            String path = requestsSent % 25 == 0 ? "/demo/missing" : "/demo/hello/" + requestsSent;
            http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                    HttpResponse.BodyHandlers.discarding());
        }
    }
}
