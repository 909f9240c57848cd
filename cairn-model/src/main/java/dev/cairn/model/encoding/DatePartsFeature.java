package dev.cairn.model.encoding;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Column;
import dev.cairn.model.frame.ColumnType;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parts of a date or timestamp column written as text ({@code 2001-01-31}, {@code 2001-01-31
 * 08:05:00} or ISO {@code T} form): {@code <column>_hour}, {@code _weekday} (1 = Monday),
 * {@code _month}, {@code _day} and {@code _day_of_year}. A missing value gives 0 for every part.
 */
public record DatePartsFeature(String column, List<String> parts) implements FeatureTransform {
    /** The parts a date can be split into. */
    public static final List<String> KNOWN_PARTS = List.of("hour", "weekday", "month", "day", "day_of_year");

    private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .optionalStart().appendPattern("HH:mm").optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().optionalEnd()
            .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
            .toFormatter(Locale.ROOT);

    public DatePartsFeature {
        Names.requireColumn(column);
        if (parts == null || parts.isEmpty()) {
            throw CairnException.invalidParameter("Date feature '" + column + "' needs parts, some of " + KNOWN_PARTS);
        }
        for (String part : parts) {
            if (!KNOWN_PARTS.contains(part)) {
                throw CairnException.invalidParameter("Date feature '" + column + "' has unknown part '" + part + "'; known parts are " + KNOWN_PARTS);
            }
        }
        parts = List.copyOf(parts);
    }

    @Override
    public ColumnType inputType() {
        return ColumnType.STRING;
    }

    @Override
    public List<String> features() {
        return parts.stream().map(part -> column + "_" + part).toList();
    }

    @Override
    public List<double[]> apply(Column raw) {
        List<double[]> out = new ArrayList<>(parts.size());
        for (int p = 0; p < parts.size(); p++) {
            out.add(new double[raw.size()]);
        }
        for (int r = 0; r < raw.size(); r++) {
            if (raw.isNull(r)) {
                continue;
            }
            LocalDateTime time = parse(raw.text(r));
            for (int p = 0; p < parts.size(); p++) {
                out.get(p)[r] = part(time, parts.get(p));
            }
        }
        return out;
    }

    private LocalDateTime parse(String text) {
        try {
            return LocalDateTime.parse(text.length() > 29 ? text.substring(0, 29) : text, FORMAT);
        } catch (DateTimeParseException e) {
            throw CairnException.invalidParameter("Column '" + column + "' holds '" + text
                    + "', which is not a date (yyyy-MM-dd) or timestamp (yyyy-MM-dd HH:mm:ss)");
        }
    }

    private static double part(LocalDateTime time, String part) {
        return switch (part) {
            case "hour" -> time.getHour();
            case "weekday" -> time.getDayOfWeek().getValue();
            case "month" -> time.getMonthValue();
            case "day" -> time.getDayOfMonth();
            case "day_of_year" -> time.getDayOfYear();
            default -> throw new IllegalStateException("parts are checked in the constructor");
        };
    }
}
