package dev.cairn.core.store;

import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.monitor.Alert;
import dev.cairn.core.monitor.AlertCondition;
import dev.cairn.core.monitor.AlertRule;
import dev.cairn.core.monitor.KpiValue;
import dev.cairn.core.monitor.MonitorResult;
import dev.cairn.core.monitor.MonitorSchedule;
import dev.cairn.core.monitor.MonitorStore;
import dev.cairn.core.monitor.MonitorWindow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static dev.cairn.core.store.TrackingStoreContractTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The behaviour every {@link MonitorStore} backend must have; runs on SQLite and PostgreSQL. */
@ParameterizedClass
@EnumSource(TestDatabase.Kind.class)
class MonitorStoreContractTest extends StoreContract {
    MonitorStore monitors;

    @BeforeEach
    void open() {
        monitors = metadata.monitors();
    }

    @Test
    void windowsAreStoredAndListedNewestFirstWithinTheAskedSpan() {
        MonitorResult first = monitors.record(window("api", 0, 1_000, true));
        MonitorResult second = monitors.record(window("api", 1_000, 2_000, false));
        monitors.record(window("other", 0, 1_000, true));

        MonitorResult read = monitors.get(first.id());
        assertThat(read.window()).isEqualTo(first.window());
        assertThat(read.window().datasetDrift()).isTrue();
        assertThat(read.window().predictionDrift()).isFalse();
        assertThat(read.window().reportJson()).isEqualTo("{\"columns\": [\"ünï\"]}");
        assertThat(monitors.results("api", 0, Long.MAX_VALUE, 10)).extracting(MonitorResult::id).containsExactly(second.id(), first.id());
        // Windows are picked by their end: (from, to].
        assertThat(monitors.results("api", 1_000, 2_000, 10)).extracting(MonitorResult::id).containsExactly(second.id());
        assertThat(monitors.results("api", 0, Long.MAX_VALUE, 1)).extracting(MonitorResult::id).containsExactly(second.id());
        assertThat(monitors.results("nobody", 0, Long.MAX_VALUE, 10)).isEmpty();
        assertError(() -> monitors.get(987_654), ErrorCode.RESOURCE_DOES_NOT_EXIST, "Monitor result 987654");
    }

    @Test
    void kpisAreStoredAndFilteredByNameDeploymentAndTime() {
        monitors.recordKpis(List.of(new KpiValue("conversion", 0.12, 1_000, Optional.of("api")),
                new KpiValue("conversion", 0.15, 2_000, Optional.of("api")),
                new KpiValue("revenue", 1_250.5, 1_500, Optional.empty())));
        assertThat(monitors.kpis(Optional.of("conversion"), Optional.empty(), 0, Long.MAX_VALUE, 10))
                .extracting(KpiValue::value).containsExactly(0.12, 0.15);
        assertThat(monitors.kpis(Optional.empty(), Optional.of("api"), 1_500, Long.MAX_VALUE, 10)).extracting(KpiValue::timeMillis)
                .containsExactly(2_000L);
        assertThat(monitors.kpis(Optional.empty(), Optional.empty(), 0, Long.MAX_VALUE, 10)).extracting(KpiValue::name)
                .containsExactly("conversion", "revenue", "conversion");
        assertThat(monitors.kpis(Optional.of("revenue"), Optional.empty(), 0, Long.MAX_VALUE, 10).get(0).deployment()).isEmpty();
        assertThat(monitors.kpis(Optional.of("conversion"), Optional.empty(), 0, Long.MAX_VALUE, 1)).as("past the limit, the newest")
                .extracting(KpiValue::value).containsExactly(0.15);
        assertThatThrownBy(() -> new KpiValue("x", Double.NaN, 0, Optional.empty())).hasMessageContaining("finite number");
    }

    @Test
    void rulesAreReplacedByNameAndAnAlertFiresOnceUntilResolved() {
        AlertRule rule = new AlertRule("api", "drift", AlertCondition.DRIFT_SHARE, 0.3, "warning", Optional.of(URI.create("http://hooks/x")),
                Optional.of("retrain"));
        monitors.putRule(rule);
        AlertRule replaced = new AlertRule("api", "drift", AlertCondition.DATASET_DRIFT, 0, "critical", Optional.empty(), Optional.empty());
        monitors.putRule(replaced);
        monitors.putRule(new AlertRule("api", "broken", AlertCondition.INTEGRITY, 5, "info", Optional.empty(), Optional.empty()));
        assertThat(monitors.rules("api")).containsExactly(new AlertRule("api", "broken", AlertCondition.INTEGRITY, 5, "info", Optional.empty(),
                Optional.empty()), replaced);
        assertThat(monitors.rules("other")).isEmpty();

        Alert raised = monitors.raise(replaced, 7, "3 of 4 inputs drifted");
        assertThat(raised.firing()).isTrue();
        assertThat(monitors.firing("api", "drift")).hasValue(raised);
        // The store refuses a second firing alert of one rule: deduplication does not depend on the caller.
        assertThatThrownBy(() -> monitors.raise(replaced, 8, "again")).isInstanceOf(RuntimeException.class);
        monitors.stillFiring(raised.id(), 8);
        monitors.linkRun(raised.id(), 42);
        assertThat(monitors.firing("api", "drift").orElseThrow().resultId()).isEqualTo(8);
        Alert resolved = monitors.resolve(raised.id(), 9);
        assertThat(resolved.firing()).isFalse();
        assertThat(resolved.resolvedTime()).isPresent();
        assertThat(resolved.pipelineRun()).hasValue(42L);
        assertThat(monitors.firing("api", "drift")).isEmpty();
        Alert again = monitors.raise(replaced, 10, "drifted again");
        assertThat(monitors.acknowledge(again.id()).acknowledged()).isTrue();
        assertThat(monitors.alerts(Optional.of("api"), Optional.empty(), 10)).extracting(Alert::id).containsExactly(again.id(), raised.id());
        assertThat(monitors.alerts(Optional.empty(), Optional.of(false), 10)).extracting(Alert::id).containsExactly(raised.id());
        assertError(() -> monitors.acknowledge(999_999), ErrorCode.RESOURCE_DOES_NOT_EXIST, "Alert 999999");

        monitors.deleteRule("api", "drift");
        assertThat(monitors.firing("api", "drift")).as("a deleted rule's alert is resolved").isEmpty();
        monitors.putRule(replaced);
        monitors.deleteRule("api", "broken");
        assertThat(monitors.rules("api")).extracting(AlertRule::name).containsExactly("drift");
        assertError(() -> monitors.deleteRule("api", "broken"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "no alert rule named 'broken'");
    }

    @Test
    void aDeploymentHasOneMonitorScheduleReplacedAndDeletedWhole() {
        MonitorSchedule hourly = new MonitorSchedule("api", Duration.ofHours(1), Duration.ofHours(1), Optional.empty(), OptionalLong.empty(),
                List.of(), 0.5);
        monitors.putSchedule(hourly);
        MonitorSchedule named = new MonitorSchedule("api", Duration.ofMinutes(15), Duration.ofDays(1), Optional.of("flights-jan"),
                OptionalLong.of(2), List.of("delay", "<script>ünï"), 0.3);
        monitors.putSchedule(named);
        monitors.putSchedule(new MonitorSchedule("batch", Duration.ofDays(1), Duration.ofDays(7), Optional.empty(), OptionalLong.empty(),
                List.of(), 1));
        assertThat(monitors.schedule("api")).hasValue(named);
        assertThat(monitors.schedule("nobody")).isEmpty();
        assertThat(monitors.schedules()).extracting(MonitorSchedule::deployment).containsExactly("api", "batch");

        monitors.deleteSchedule("api");
        assertThat(monitors.schedule("api")).isEmpty();
        assertError(() -> monitors.deleteSchedule("api"), ErrorCode.RESOURCE_DOES_NOT_EXIST, "no monitor schedule");
        assertThatThrownBy(() -> new MonitorSchedule("api", Duration.ofSeconds(1), Duration.ofHours(1), Optional.empty(), OptionalLong.empty(),
                List.of(), 0.5)).hasMessageContaining("runs every 5 seconds");
        assertThatThrownBy(() -> new MonitorSchedule("api", Duration.ofHours(1), Duration.ofHours(1), Optional.of("data"), OptionalLong.empty(),
                List.of(), 0.5)).hasMessageContaining("reference_version");
    }

    private static MonitorWindow window(String deployment, long from, long to, boolean drift) {
        return new MonitorWindow(deployment, from, to, "flights@1", 250, 4, drift ? 3 : 1, drift, !drift, 2, "{\"columns\": [\"ünï\"]}");
    }
}
