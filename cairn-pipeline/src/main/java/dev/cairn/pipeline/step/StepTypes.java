package dev.cairn.pipeline.step;

import dev.cairn.core.error.CairnException;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The step types a pipeline may name, by {@link Step#type()}. */
public final class StepTypes {
    private final Map<String, Step> types;

    /** The registry of these step types; two with one name are refused. */
    public StepTypes(List<Step> steps) {
        Map<String, Step> byType = new LinkedHashMap<>();
        for (Step step : steps) {
            if (byType.putIfAbsent(step.type(), step) != null) {
                throw CairnException.invalidParameter("Two step types are named '" + step.type() + "'");
            }
        }
        types = Collections.unmodifiableMap(byType);
    }

    /** The step type of a name, if registered. */
    public Optional<Step> find(String type) {
        return Optional.ofNullable(types.get(type));
    }

    /** Every registered name, in registration order. */
    public Set<String> names() {
        return types.keySet();
    }
}
