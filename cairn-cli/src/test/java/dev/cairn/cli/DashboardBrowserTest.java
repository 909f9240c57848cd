package dev.cairn.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.core.store.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dashboard in a real browser (the Debian chromium and chromium-driver packages, headless),
 * over a server filled by a small real training: every page loads without console errors, charts
 * draw every point, the filter box narrows the runs table, ticked runs compare, a run name that
 * is HTML stays text, and an unknown run is a 404 page with a way back. It saves screenshots of
 * the main pages to {@code docs/screenshots/}. Without the browser the test is skipped, except
 * under {@code CI=true}, where it fails.
 */
class DashboardBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final String SCRIPT_NAME = "<script>alert(1)</script>";
    private static final String CURVE_METRIC = "train_loss";
    private static final int CURVE_STEPS = 30;
    private static final String DEPLOYMENT = "flights-delay-api";

    @TempDir
    static Path home;

    private static CliServer server;
    private static ChromeDriver browser;
    private static WebDriverWait wait;
    private static String experimentId;
    private static String parentRunId;
    private static String curveRunId;
    private static String scriptRunId;

    @BeforeAll
    static void startServerAndBrowser() throws Exception {
        requireBrowser();
        server = CliServer.start(TestDatabase.Kind.SQLITE, home);
        CliServer.Result trained = server.cairn("train", "--spec", SmallFlightsSpec.write(home, "thresholds: {roc_auc: 0.5}", "").toString());
        assertThat(trained.exitCode()).as(trained.out() + trained.err()).isZero();
        parentRunId = trained.out().replaceAll("(?s).*Parent run ([0-9a-f]{32}).*", "$1");
        experimentId = get("/api/2.0/mlflow/experiments/get-by-name?experiment_name=flights-delay").at("/experiment/experiment_id").asText();

        // Training logs one point per metric; a run with a learning curve shows a chart with a line.
        curveRunId = createRun("sgd learning curve");
        StringBuilder points = new StringBuilder();
        long now = System.currentTimeMillis();
        for (int step = 0; step < CURVE_STEPS; step++) {
            points.append(step == 0 ? "" : ",").append("{\"key\": \"").append(CURVE_METRIC).append("\", \"value\": ")
                    .append(0.7 * Math.exp(-step / 8.0) + 0.2).append(", \"timestamp\": ").append(now + step * 1000L)
                    .append(", \"step\": ").append(step).append('}');
        }
        post("/api/2.0/mlflow/runs/log-batch", "{\"run_id\": \"" + curveRunId + "\", \"metrics\": [" + points
                + "], \"params\": [{\"key\": \"learning_rate\", \"value\": \"0.05\"}, {\"key\": \"epochs\", \"value\": \"30\"}]}");
        scriptRunId = createRun(SCRIPT_NAME);

        CliServer.Result deployed = server.cairn("deploy", DEPLOYMENT, "--model", "flights-delay", "--version", "1");
        assertThat(deployed.exitCode()).as(deployed.out() + deployed.err()).isZero();
        post("/deployments/" + DEPLOYMENT + "/invocations", """
                {"dataframe_split": {"columns": ["distance", "hour", "weekday", "origin", "destination"],
                 "data": [[733, 7, 1, "ORD", "ATL"], [1846, 18, 5, "DFW", "SEA"], [606, 12, 3, "ATL", "ORD"]]}}""");

        browser = startBrowser();
        // Generous: on a loaded two-core machine, parsing ECharts and drawing a page's charts took over 20 s once.
        wait = new WebDriverWait(browser, Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void forgetEarlierConsoleMessages() {
        consoleErrors();
    }

    @Test
    void everyPageLoadsWithoutConsoleErrors() {
        List<String> pages = List.of("/experiments", "/experiments/" + experimentId, "/runs/" + parentRunId, "/runs/" + curveRunId,
                "/compare?runs=" + parentRunId + "," + curveRunId, "/models", "/models/flights-delay", "/models/flights-delay/versions/1",
                "/datasets", "/datasets/flights", "/datasets/features", "/pipelines", "/deployments", "/deployments/" + DEPLOYMENT);
        open("/experiments");
        browser.executeScript("console.error('probe')");
        assertThat(consoleErrors()).as("the console is read").anyMatch(error -> error.contains("probe"));
        for (String page : pages) {
            open(page);
            assertThat(browser.findElements(By.id("error-message"))).as(page + " is not an error page").isEmpty();
            assertThat(browser.findElement(By.tagName("h1")).getText()).as(page + " has a heading").isNotBlank();
            assertThat(consoleErrors()).as("console errors on " + page).isEmpty();
        }
        open("/models/flights-delay/versions/1");
        assertThat(browser.findElement(By.id("version-status-message")).getAttribute("class"))
                .as("a READY version's status message is not shown as an error").doesNotContain("error");
    }

    @Test
    void theDeploymentPageRefreshesItsLiveSectionWithoutErrors() {
        open("/deployments/" + DEPLOYMENT);
        WebElement state = browser.findElement(By.id("deployment-state"));
        assertThat(state.getText()).isEqualTo("READY");
        // Every 2 s htmx replaces the live section: the element seen first goes stale.
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.stalenessOf(state));
        assertThat(browser.findElement(By.id("deployment-state")).getText()).isEqualTo("READY");
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void aStoredPipelinesRunDrawsItsStepsAsAGraph() throws Exception {
        Path folder = Files.createDirectories(home.resolve("numbers-pipeline"));
        Files.writeString(folder.resolve("numbers.csv"), "n\n1\n2\n3\n");
        Files.writeString(folder.resolve("pipeline.yaml"), """
                name: numbers
                steps:
                  numbers:
                    type: dataset
                    params: {name: numbers, path: numbers.csv}
                  doubled:
                    type: sql
                    inputs:
                      numbers: ${steps.numbers.outputs.dataset}
                    params: {sql: SELECT n * 2 AS doubled FROM numbers}
                """);
        assertThat(server.cairn("pipelines", "create", folder.resolve("pipeline.yaml").toString()).exitCode()).isZero();
        CliServer.Result run = server.cairn("pipelines", "run", "numbers", "--follow");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        String trackingRun = get("/api/v1/pipelines/numbers/runs/1").at("/run/tracking_run_id").asText();

        open("/pipelines/stored/numbers");
        assertThat(browser.findElement(By.id("requested-runs")).getText()).contains("SUCCEEDED");
        browser.findElement(By.cssSelector("#requested-runs a")).click();
        wait.until(driver -> driver.getCurrentUrl().endsWith("/pipelines/runs/" + trackingRun));
        awaitScripts();
        WebElement graph = browser.findElement(By.id("step-graph"));
        wait.until(driver -> !graph.findElements(By.tagName("canvas")).isEmpty() && "2".equals(graph.getAttribute("data-points")));
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void aMetricChartDrawsEveryPointOfTheHistory() throws Exception {
        int historySize = get("/api/2.0/mlflow/metrics/get-history?run_id=" + curveRunId + "&metric_key=" + CURVE_METRIC)
                .path("metrics").size();
        assertThat(historySize).isEqualTo(CURVE_STEPS);
        open("/runs/" + curveRunId);
        WebElement chart = browser.findElement(By.xpath("//figure[figcaption='" + CURVE_METRIC + "']/div[contains(@class, 'chart')]"));
        wait.until(driver -> !chart.findElements(By.tagName("canvas")).isEmpty()
                && String.valueOf(historySize).equals(chart.getAttribute("data-points")));
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void typingAFilterNarrowsTheRunsTableAndUpdatesTheUrl() throws Exception {
        String filter = "attributes.run_name LIKE 'xgboost%'";
        int matching = post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\": [\"" + experimentId + "\"], \"filter\": "
                + JSON.writeValueAsString(filter) + ", \"max_results\": 100}").path("runs").size();
        open("/experiments/" + experimentId);
        int before = runRows().size();
        assertThat(matching).as("the filter matches some runs, not all").isPositive().isLessThan(before);

        browser.findElement(By.id("filter")).sendKeys(filter);
        // htmx swaps the table in and pushes its URL; a pause while typing may swap in a table for part of the filter first.
        wait.until(driver -> query().contains("filter=" + filter));
        List<WebElement> after = runRows();
        assertThat(after).hasSize(matching);
        assertThat(after).extracting(row -> row.findElement(By.cssSelector(".run-name a")).getText()).allMatch(name -> name.startsWith("xgboost"));
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void clickingAHeaderSortsTheRunsTableInPlace() {
        open("/experiments/" + experimentId);
        WebElement runs = browser.findElement(By.id("runs"));
        browser.findElement(By.xpath("//table[@id='runs-table']/thead//a[starts-with(., 'Run')]")).click();
        wait.until(ExpectedConditions.stalenessOf(runs));
        assertThat(query()).contains("order=attributes.run_name DESC");
        // Nested runs stay under their parent; the top-level runs follow the order.
        List<String> topLevel = browser.findElements(By.cssSelector("#runs-table tr.depth-0 .run-name > a")).stream()
                .map(WebElement::getText).toList();
        assertThat(topLevel).containsExactly("train late", "sgd learning curve", SCRIPT_NAME);
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void comparingTwoTickedRunsShowsTheirDifferingParams() {
        open("/experiments/" + experimentId);
        tick("xgboost_classifier trial 1");
        tick("xgboost_classifier trial 2");
        browser.findElement(By.id("compare-button")).click();
        wait.until(ExpectedConditions.urlContains("/compare"));
        awaitScripts();

        List<WebElement> differing = browser.findElements(By.cssSelector("#compare-params tr.differs"));
        assertThat(differing).extracting(row -> row.findElement(By.tagName("th")).getText()).anyMatch(key -> key.startsWith("eta"));
        assertThat(differing).allSatisfy(row -> {
            assertThat(row.findElement(By.cssSelector(".badge")).getText()).isEqualTo("differs");
            List<WebElement> values = row.findElements(By.tagName("td"));
            assertThat(values).hasSize(2);
            assertThat(values.get(0).getText()).isNotEqualTo(values.get(1).getText());
        });
        assertThat(browser.findElements(By.cssSelector("#compare-params tbody tr:not(.differs)")))
                .as("params the trials share are listed without the badge").isNotEmpty()
                .allSatisfy(row -> assertThat(row.findElements(By.cssSelector(".badge"))).isEmpty());
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void aRunNamedWithAScriptTagShowsTheNameAsText() {
        open("/runs/" + scriptRunId);
        assertThat(browser.findElement(By.id("run-name")).getText()).isEqualTo(SCRIPT_NAME);
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        open("/experiments/" + experimentId);
        assertThat(browser.findElements(By.cssSelector("#runs-table .run-name a"))).extracting(WebElement::getText).contains(SCRIPT_NAME);
        assertThatThrownBy(() -> browser.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(consoleErrors()).isEmpty();
    }

    @Test
    void anUnknownRunIsANotFoundPageWithALinkBack() throws Exception {
        String path = "/runs/0123456789abcdef0123456789abcdef";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));

        open(path);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Not found");
        assertThat(browser.findElement(By.id("error-message")).getText()).contains("0123456789abcdef0123456789abcdef");
        WebElement back = browser.findElement(By.cssSelector("main a[href='/experiments']"));
        // The browser reports the page's own 404 status; nothing else may fail.
        assertThat(consoleErrors()).allMatch(error -> error.contains(path) && error.contains("404"));
        back.click();
        wait.until(ExpectedConditions.urlToBe(server.url() + "/experiments"));
        assertThat(browser.findElement(By.id("experiments")).getText()).contains("flights-delay");
    }

    @Test
    void savesScreenshotsOfTheMainPages() throws Exception {
        Path root = Path.of("..").toAbsolutePath().normalize(); // surefire runs in the module's folder
        assertThat(root.resolve("cairn-dashboard")).as("the repository root").isDirectory();
        Path folder = Files.createDirectories(root.resolve("docs/screenshots"));
        screenshot("/experiments/" + experimentId, folder.resolve("experiment-runs.png"));
        screenshot("/runs/" + curveRunId, folder.resolve("run.png"));
        screenshot("/compare?runs=" + String.join(",", trialRunIds()), folder.resolve("compare.png"));
        screenshot("/models/flights-delay/versions/1", folder.resolve("model-version.png"));
        screenshot("/datasets/features", "#profile", folder.resolve("dataset.png"));
        screenshot("/deployments/" + DEPLOYMENT, folder.resolve("deployment.png"));
        assertThat(consoleErrors()).isEmpty();
    }

    /** Opens a page and waits until its scripts ran: htmx is loaded and every chart is drawn. */
    private static void open(String path) {
        browser.get(server.url() + path);
        awaitScripts();
    }

    private static void awaitScripts() {
        wait.withMessage(() -> "scripts and charts of " + browser.getCurrentUrl())
                .until(driver -> Boolean.TRUE.equals(browser.executeScript(
                        "return document.readyState === 'complete' && typeof htmx !== 'undefined'"
                                + " && Array.from(document.querySelectorAll('[data-chart]')).every(c => c.dataset.points !== undefined)")));
    }

    private static void screenshot(String path, Path file) throws Exception {
        screenshot(path, null, file);
    }

    /** Saves the viewport, scrolled to the first element {@code css} selects when it is not null. */
    private static void screenshot(String path, String css, Path file) throws Exception {
        open(path);
        if (css != null) {
            browser.executeScript("arguments[0].scrollIntoView()", browser.findElement(By.cssSelector(css)));
        }
        Files.write(file, browser.getScreenshotAs(OutputType.BYTES));
        assertThat(Files.size(file)).as(file.toString()).isGreaterThan(10_000);
    }

    /** The SEVERE browser console messages since the last call. */
    private static List<String> consoleErrors() {
        List<String> errors = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()) {
                errors.add(entry.getMessage());
            }
        }
        return errors;
    }

    /** The address bar's query, decoded. */
    private static String query() {
        String query = URI.create(browser.getCurrentUrl()).getRawQuery();
        return query == null ? "" : URLDecoder.decode(query, StandardCharsets.UTF_8);
    }

    private static List<WebElement> runRows() {
        return browser.findElements(By.cssSelector("#runs-table tbody tr"));
    }

    private static void tick(String runName) {
        browser.findElement(By.xpath("//table[@id='runs-table']//tr[td[contains(@class, 'run-name')]/a[.='" + runName + "']]"
                + "//input[@type='checkbox']")).click();
    }

    private static void requireBrowser() {
        if (Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER)) {
            return;
        }
        String message = "The browser test needs " + CHROMIUM + " and " + CHROMEDRIVER + " (Debian packages chromium, chromium-driver)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new IllegalStateException(message + "; CI=true requires them");
        }
        Assumptions.abort(message);
    }

    private static ChromeDriver startBrowser() throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // Without the background-networking switches Chromium's own connections fail on a closed network.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + Files.createTempDirectory(home, "chromium-profile"));
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
        // An explicit driver keeps Selenium Manager, which would look for one on the network, out of it.
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    /** The ids of the two xgboost trials, whose params differ. */
    private static List<String> trialRunIds() throws Exception {
        List<String> ids = new ArrayList<>();
        post("/api/2.0/mlflow/runs/search", "{\"experiment_ids\": [\"" + experimentId + "\"], \"filter\": "
                + "\"attributes.run_name LIKE 'xgboost_classifier trial %'\"}").path("runs")
                .forEach(run -> ids.add(run.at("/info/run_id").asText()));
        assertThat(ids).hasSize(2);
        return ids;
    }

    private static String createRun(String name) throws Exception {
        return post("/api/2.0/mlflow/runs/create", "{\"experiment_id\": \"" + experimentId + "\", \"run_name\": "
                + JSON.writeValueAsString(name) + ", \"start_time\": " + System.currentTimeMillis() + "}").at("/run/info/run_id").asText();
    }

    private static JsonNode get(String pathAndQuery) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.url() + pathAndQuery)).GET().build());
    }

    private static JsonNode post(String path, String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(server.url() + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static JsonNode send(HttpRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(request.uri() + ": " + response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }
}
