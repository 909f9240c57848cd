package dev.cairn.train.search;

import dev.cairn.core.error.CairnException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The parameter sets a search tries. A grid tries every combination of the listed values; a
 * random search draws {@code trials} sets, each parameter from a list of values or a range
 * ({@code {min, max}}, log-uniform with {@code log: true}, whole numbers when both ends are).
 */
public sealed interface SearchSpace permits SearchSpace.Grid, SearchSpace.Random {
    /** The parameter sets to try, in order; the same seed gives the same sets. */
    List<Map<String, Number>> candidates(long seed);

    /** Every combination of the values. */
    record Grid(Map<String, List<Number>> values) implements SearchSpace {
        public Grid {
            values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            values.forEach((name, list) -> {
                if (list.isEmpty()) {
                    throw CairnException.invalidParameter("Grid parameter '" + name + "' lists no values");
                }
            });
        }

        @Override
        public List<Map<String, Number>> candidates(long seed) {
            List<Map<String, Number>> sets = new ArrayList<>();
            sets.add(new LinkedHashMap<>());
            for (Map.Entry<String, List<Number>> entry : values.entrySet()) {
                List<Map<String, Number>> next = new ArrayList<>();
                for (Map<String, Number> set : sets) {
                    for (Number value : entry.getValue()) {
                        Map<String, Number> extended = new LinkedHashMap<>(set);
                        extended.put(entry.getKey(), value);
                        next.add(extended);
                    }
                }
                sets = next;
            }
            return sets;
        }
    }

    /** {@code trials} draws, each parameter from its {@link Distribution}. */
    record Random(int trials, Map<String, Distribution> params) implements SearchSpace {
        public Random {
            if (trials < 1) {
                throw CairnException.invalidParameter("A random search needs trials >= 1");
            }
            params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        }

        @Override
        public List<Map<String, Number>> candidates(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            List<Map<String, Number>> sets = new ArrayList<>();
            for (int t = 0; t < trials; t++) {
                Map<String, Number> set = new LinkedHashMap<>();
                params.forEach((name, distribution) -> set.put(name, distribution.draw(random)));
                sets.add(set);
            }
            return sets;
        }
    }

    /** Where a random search draws one parameter from. */
    sealed interface Distribution permits Choice, Range {
        Number draw(SplittableRandom random);
    }

    /** One of the listed values, each equally likely. */
    record Choice(List<Number> values) implements Distribution {
        public Choice {
            if (values.isEmpty()) {
                throw CairnException.invalidParameter("A choice needs at least one value");
            }
            values = List.copyOf(values);
        }

        @Override
        public Number draw(SplittableRandom random) {
            return values.get(random.nextInt(values.size()));
        }
    }

    /** A value between min and max: uniform, or log-uniform; whole numbers if {@code integer}. */
    record Range(double min, double max, boolean log, boolean integer) implements Distribution {
        public Range {
            if (!(min < max)) {
                throw CairnException.invalidParameter("A range needs min < max, not " + min + " and " + max);
            }
            if (log && min <= 0) {
                throw CairnException.invalidParameter("A log range needs min > 0");
            }
        }

        @Override
        public Number draw(SplittableRandom random) {
            double value = log ? Math.exp(Math.log(min) + random.nextDouble() * (Math.log(max) - Math.log(min)))
                    : min + random.nextDouble() * (max - min);
            return integer ? (Number) (int) Math.round(value) : (Number) value;
        }
    }

    /**
     * Reads a search from a spec: {@code {grid: {p: [..]}}} or
     * {@code {random: {trials: n, params: {p: [..] | {min, max, log}}}}}.
     */
    static SearchSpace parse(Map<String, ?> spec) {
        if (spec.size() != 1 || !(spec.containsKey("grid") || spec.containsKey("random"))) {
            throw CairnException.invalidParameter("search must have exactly one of 'grid' or 'random', not " + spec.keySet());
        }
        if (spec.containsKey("grid")) {
            Map<String, List<Number>> values = new LinkedHashMap<>();
            map(spec.get("grid"), "search.grid").forEach((name, list) -> values.put(name, numbers(list, "search.grid." + name)));
            return new Grid(values);
        }
        Map<String, ?> random = map(spec.get("random"), "search.random");
        if (!(random.get("trials") instanceof Integer trials)) {
            throw CairnException.invalidParameter("search.random needs 'trials', a whole number");
        }
        Map<String, Distribution> params = new LinkedHashMap<>();
        map(random.get("params"), "search.random.params").forEach((name, value) -> {
            String where = "search.random.params." + name;
            if (value instanceof List<?>) {
                params.put(name, new Choice(numbers(value, where)));
            } else {
                Map<String, ?> range = map(value, where);
                if (!(range.get("min") instanceof Number min) || !(range.get("max") instanceof Number max)) {
                    throw CairnException.invalidParameter(where + " needs numbers 'min' and 'max' (or a list of values)");
                }
                params.put(name, new Range(min.doubleValue(), max.doubleValue(), Boolean.TRUE.equals(range.get("log")),
                        min instanceof Integer && max instanceof Integer));
            }
        });
        return new Random(trials, params);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> map(Object value, String where) {
        if (!(value instanceof Map<?, ?>)) {
            throw CairnException.invalidParameter(where + " must be a mapping");
        }
        return (Map<String, ?>) value;
    }

    private static List<Number> numbers(Object value, String where) {
        if (!(value instanceof List<?> list) || list.stream().anyMatch(v -> !(v instanceof Number))) {
            throw CairnException.invalidParameter(where + " must be a list of numbers");
        }
        return list.stream().map(Number.class::cast).toList();
    }
}
