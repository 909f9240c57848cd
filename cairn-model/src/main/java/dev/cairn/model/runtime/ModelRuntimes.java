package dev.cairn.model.runtime;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.pkg.ModelFlavor;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/** The runtimes on the class path, by the flavor each runs; looked up once, when first needed. */
public final class ModelRuntimes {
    private static final Map<ModelFlavor, ModelRuntime> INSTALLED = load();

    private ModelRuntimes() {
    }

    /** The runtime for a flavor; a flavor no installed runtime runs is the package's error. */
    public static ModelRuntime forFlavor(ModelFlavor flavor) {
        ModelRuntime runtime = INSTALLED.get(flavor);
        if (runtime == null) {
            throw CairnException.invalidParameter("No runtime for model flavor '" + flavor + "' is installed; this Cairn runs "
                    + String.join(", ", INSTALLED.keySet().stream().map(ModelFlavor::wireName).toList()));
        }
        return runtime;
    }

    private static Map<ModelFlavor, ModelRuntime> load() {
        Map<ModelFlavor, ModelRuntime> runtimes = new LinkedHashMap<>();
        for (ModelRuntime runtime : ServiceLoader.load(ModelRuntime.class, ModelRuntimes.class.getClassLoader())) {
            if (runtimes.putIfAbsent(runtime.flavor(), runtime) != null) {
                throw new IllegalStateException("Two runtimes on the class path claim flavor '" + runtime.flavor() + "'");
            }
        }
        return Map.copyOf(runtimes);
    }
}
