package dev.cairn.core.store;

import dev.cairn.core.error.ErrorCode;
import dev.cairn.core.monitor.KpiValue;
import dev.cairn.core.monitor.MonitorResult;
import dev.cairn.core.monitor.MonitorStore;
import dev.cairn.core.monitor.MonitorWindow;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.List;
import java.util.Optional;

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
        assertThatThrownBy(() -> new KpiValue("x", Double.NaN, 0, Optional.empty())).hasMessageContaining("finite number");
    }

    private static MonitorWindow window(String deployment, long from, long to, boolean drift) {
        return new MonitorWindow(deployment, from, to, "flights@1", 250, 4, drift ? 3 : 1, drift, 2, "{\"columns\": [\"ünï\"]}");
    }
}
