package dev.cairn.pipeline.schedule;

import java.time.Clock;
import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * How a pipeline worker takes part in scheduling.
 *
 * @param worker           this worker's name, unique among the workers on one database
 * @param threads          pipeline runs (and schedule firings) this worker runs at once
 * @param pollingInterval  how often it looks for due work (a run requested in this process starts at once)
 * @param heartbeat        how often it tells the database that its runs are alive
 * @param missedHeartbeats heartbeats missed before another worker takes a run over
 * @param queuedRecheck    how often a run held back by its pipeline's policy asks again
 * @param watchInterval    how often watched data sources are looked at
 * @param clock            the time schedules are computed against (tests set it)
 */
public record SchedulerSettings(String worker, int threads, Duration pollingInterval, Duration heartbeat, int missedHeartbeats,
                                Duration queuedRecheck, Duration watchInterval, Clock clock) {
    public SchedulerSettings {
        requireNonNull(worker, "worker is null");
        requireNonNull(pollingInterval, "pollingInterval is null");
        requireNonNull(heartbeat, "heartbeat is null");
        requireNonNull(queuedRecheck, "queuedRecheck is null");
        requireNonNull(watchInterval, "watchInterval is null");
        requireNonNull(clock, "clock is null");
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, not " + threads);
        }
        if (missedHeartbeats < 1) {
            throw new IllegalArgumentException("missedHeartbeats must be >= 1, not " + missedHeartbeats);
        }
    }

    /**
     * Two runs at once, a poll every 2 s, a heartbeat every 5 s (a dead worker's run moves after
     * about 20 s), queued runs rechecked every second, watched sources every minute.
     */
    public static SchedulerSettings defaults(String worker) {
        return new SchedulerSettings(worker, 2, Duration.ofSeconds(2), Duration.ofSeconds(5), 4, Duration.ofSeconds(1),
                Duration.ofMinutes(1), Clock.systemUTC());
    }

    /** These settings with another number of threads. */
    public SchedulerSettings withThreads(int threads) {
        return new SchedulerSettings(worker, threads, pollingInterval, heartbeat, missedHeartbeats, queuedRecheck, watchInterval, clock);
    }

    /** These settings with another heartbeat. */
    public SchedulerSettings withHeartbeat(Duration heartbeat, int missedHeartbeats) {
        return new SchedulerSettings(worker, threads, pollingInterval, heartbeat, missedHeartbeats, queuedRecheck, watchInterval, clock);
    }

    /** These settings with another clock. */
    public SchedulerSettings withClock(Clock clock) {
        return new SchedulerSettings(worker, threads, pollingInterval, heartbeat, missedHeartbeats, queuedRecheck, watchInterval, clock);
    }
}
