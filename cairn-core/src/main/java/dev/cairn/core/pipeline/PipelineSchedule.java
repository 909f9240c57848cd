package dev.cairn.core.pipeline;

import dev.cairn.core.error.CairnException;

import java.time.DateTimeException;
import java.time.ZoneId;

import static java.util.Objects.requireNonNull;

/**
 * A cron schedule in a time zone.
 *
 * @param cron a cron expression with six fields (seconds first); five-field expressions are
 *             normalized to six by {@link #of}
 * @param zone a time-zone id such as {@code Europe/Paris}; daylight-saving changes follow it
 */
public record PipelineSchedule(String cron, String zone) {
    /** The stored column holds 256; six fields of comma lists fit well within this. */
    private static final int MAX_CRON = 200;

    public PipelineSchedule {
        requireNonNull(cron, "cron is null");
        requireNonNull(zone, "zone is null");
    }

    /** A schedule as a user writes it: five-field cron gets seconds {@code 0}; the zone must exist. */
    public static PipelineSchedule of(String cron, String zone) {
        String trimmed = cron == null ? "" : cron.trim();
        if (trimmed.isEmpty()) {
            throw CairnException.invalidParameter("A schedule needs a cron expression, such as '0 2 * * *' (02:00 every day)");
        }
        if (trimmed.length() > MAX_CRON) {
            throw CairnException.invalidParameter("A cron expression has at most " + MAX_CRON + " characters, not " + trimmed.length()
                    + "; write one such as '0 2 * * *' (02:00 every day)");
        }
        String sixFields = trimmed.split("\\s+").length == 5 ? "0 " + trimmed : trimmed;
        String zoneId = zone == null || zone.isBlank() ? "UTC" : zone.trim();
        try {
            ZoneId.of(zoneId);
        } catch (DateTimeException e) {
            throw CairnException.invalidParameter("Unknown time zone '" + (zoneId.length() <= 64 ? zoneId : zoneId.substring(0, 61) + "...") + "'; use an id such as 'UTC' or 'Europe/Paris'");
        }
        return new PipelineSchedule(sixFields, zoneId);
    }
}
