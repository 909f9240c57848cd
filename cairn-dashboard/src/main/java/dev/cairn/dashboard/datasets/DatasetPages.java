package dev.cairn.dashboard.datasets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.cairn.core.dataset.DatasetStore;
import dev.cairn.core.dataset.DatasetVersion;
import dev.cairn.core.error.CairnException;
import dev.cairn.dashboard.Chart;
import dev.cairn.dashboard.Display;
import dev.cairn.dashboard.Templates;
import dev.cairn.data.profile.ColumnProfile;
import dev.cairn.data.profile.TableProfile;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/** {@code /datasets} and {@code /datasets/{name}?version=N}. */
public final class DatasetPages {
    private static final Logger LOG = LoggerFactory.getLogger(DatasetPages.class);
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new Jdk8Module()).build();

    private final DatasetStore datasets;
    private final Templates templates;

    /** Pages over the dataset store. */
    public DatasetPages(DatasetStore datasets, Templates templates) {
        this.datasets = requireNonNull(datasets, "datasets is null");
        this.templates = requireNonNull(templates, "templates is null");
    }

    /** Every registered dataset with its latest version. */
    public void list(Context ctx) {
        templates.render(ctx, "datasets.jte", datasets.list());
    }

    /** A dataset's versions, and the one {@code ?version=} names (the latest by default) in full. */
    public void dataset(Context ctx) {
        String name = ctx.pathParam("name");
        Optional<String> asked = Optional.ofNullable(ctx.queryParam("version")).filter(value -> !value.isBlank());
        DatasetVersion shown;
        if (asked.isPresent()) {
            try {
                shown = datasets.get(name, Integer.parseInt(asked.get()));
            } catch (NumberFormatException e) {
                throw CairnException.invalidParameter("'" + asked.get() + "' is not a version number");
            }
        } else {
            shown = datasets.latest(name);
        }
        Optional<TableProfile> profile = profile(shown);
        Map<String, Chart> histograms = new LinkedHashMap<>();
        profile.ifPresent(table -> table.columns().forEach(column -> {
            if (column instanceof ColumnProfile.Numeric numeric && !numeric.histogram().isEmpty()) {
                histograms.put(column.name(), Chart.bars(column.name(),
                        numeric.histogram().stream().map(bin -> Display.number(bin.lower())).toList(),
                        numeric.histogram().stream().map(ColumnProfile.Bin::count).toList()));
            }
        }));
        List<DatasetVersion> versions = datasets.versions(name);
        templates.render(ctx, "dataset.jte", new DatasetView(name, versions, shown, profile, histograms));
    }

    /** The version's stored profile; one that cannot be read is left out and logged, the page still shows. */
    private static Optional<TableProfile> profile(DatasetVersion version) {
        if (version.profile().isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(version.profile(), TableProfile.class));
        } catch (JsonProcessingException e) {
            LOG.warn("The profile of {} version {} cannot be read: {}", version.name(), version.version(), e.getOriginalMessage());
            return Optional.empty();
        }
    }
}
