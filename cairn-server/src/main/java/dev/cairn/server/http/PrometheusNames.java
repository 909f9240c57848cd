package dev.cairn.server.http;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Keeps {@code /metrics} free of what {@code promtool check metrics} warns about in Micrometer's
 * JVM binders: {@code process_cpu_time_ns_total} (a unit abbreviation; {@code process_cpu_usage}
 * stays) is dropped, and the gauge {@code system_cpu_count} (a {@code _count} suffix is reserved
 * for histograms and summaries) is published as {@code system_cpu_logical}.
 */
public final class PrometheusNames {
    private PrometheusNames() {
    }

    /** Installs the filters; call before any meter is bound. */
    public static void apply(PrometheusMeterRegistry registry) {
        registry.config()
                .meterFilter(MeterFilter.denyNameStartsWith("process.cpu.time"))
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.logical") : id;
                    }
                });
    }
}
