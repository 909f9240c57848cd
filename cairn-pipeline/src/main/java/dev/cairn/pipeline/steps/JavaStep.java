package dev.cairn.pipeline.steps;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cairn.core.error.CairnException;
import dev.cairn.pipeline.spec.OutputReference;
import dev.cairn.pipeline.step.ContentDigest;
import dev.cairn.pipeline.step.Output;
import dev.cairn.pipeline.step.ParamSpec;
import dev.cairn.pipeline.step.ParamType;
import dev.cairn.pipeline.step.Step;
import dev.cairn.pipeline.step.StepContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code java}: runs a user's class implementing {@link Step}, loaded from the jar {@code jar} (a
 * file next to the pipeline) by public no-arg constructor, with {@code params} as its parameters.
 * It reads the inputs the spec gives and declares the user step's outputs. The class is loaded at
 * check time, so a missing jar or class, or a class that is not a step, fails before anything
 * runs. Its code version holds the jar's content digest and the user step's own code version: a
 * changed jar reruns the step.
 */
final class JavaStep implements Step {
    @Override
    public String type() {
        return "java";
    }

    @Override
    public String codeVersion() {
        return "1";
    }

    @Override
    public String codeVersion(JsonNode params) {
        try (UserStep user = UserStep.load(jar(params), params.path("class").asText())) {
            return codeVersion() + "/" + user.jarDigest() + "/" + user.step().codeVersion(userParams(params));
        }
    }

    @Override
    public List<ParamSpec> params() {
        return List.of(ParamSpec.required("jar", ParamType.FILE), ParamSpec.required("class", ParamType.STRING),
                ParamSpec.optional("params", ParamType.OBJECT));
    }

    /** None of its own: the user step's required inputs are checked when it runs, against the inputs the spec gives. */
    @Override
    public List<String> requiredInputs() {
        return List.of();
    }

    @Override
    public Map<String, Class<? extends Output>> outputs(JsonNode params) {
        String className = params.path("class").asText();
        try (UserStep user = UserStep.load(jar(params), className)) {
            return user.step().outputs(userParams(params));
        } catch (CairnException e) {
            throw e;
        } catch (RuntimeException e) {
            // The user's code may fail any way; the check reports it with the step's line like any refusal.
            throw CairnException.invalidParameter("class " + className + " refused its params: " + e);
        }
    }

    @Override
    public Map<String, Output> run(StepContext context) {
        try (UserStep user = UserStep.load(context.file("jar"), context.text("class"))) {
            for (String input : user.step().requiredInputs()) {
                if (!context.inputs().containsKey(input)) {
                    throw CairnException.invalidParameter("Step '" + context.step() + "': " + context.text("class") + " needs input '" + input + "'");
                }
            }
            context.log().printf("Running %s (step type '%s') from %s, sha256 %s%n", context.text("class"), user.step().type(),
                    context.file("jar"), user.jarDigest());
            return user.step().run(new StepContext(context.step(), context.runId(), userParams(context.params()), context.inputs(), context.log(),
                    context.workFolder(), context.specFolder(), context.datasets(), context.models(), context.deployer()));
        }
    }

    private static Path jar(JsonNode params) {
        String jar = params.path("jar").asText();
        if (!OutputReference.findIn(jar).isEmpty()) {
            throw CairnException.invalidParameter("'jar' must be a file next to the pipeline, not another step's output: its class is"
                    + " loaded to check the step before anything runs");
        }
        return Path.of(jar);
    }

    private static JsonNode userParams(JsonNode params) {
        return params.has("params") ? params.get("params") : JsonNodeFactory.instance.objectNode();
    }

    /**
     * A user's step and the class loader it came from, closed when the step is done with. The
     * loader's parent is this module's, so the user's class sees the same {@link Step} and
     * outputs as the executor.
     */
    private record UserStep(URLClassLoader loader, Step step, String jarDigest) implements AutoCloseable {
        static UserStep load(Path jar, String className) {
            if (!Files.isRegularFile(jar)) {
                throw CairnException.invalidParameter("jar " + jar + " does not exist");
            }
            URLClassLoader loader = new URLClassLoader(new URL[]{url(jar)}, JavaStep.class.getClassLoader());
            try {
                Class<?> type = Class.forName(className, true, loader);
                if (!Step.class.isAssignableFrom(type)) {
                    throw CairnException.invalidParameter("class " + className + " in " + jar + " does not implement " + Step.class.getName());
                }
                Step step = (Step) type.getConstructor().newInstance();
                return new UserStep(loader, step, ContentDigest.ofPath(jar));
            } catch (ClassNotFoundException e) {
                closeAfterFailure(loader);
                throw CairnException.invalidParameter("class " + className + " is not in " + jar);
            } catch (NoSuchMethodException | IllegalAccessException e) {
                closeAfterFailure(loader);
                throw CairnException.invalidParameter("class " + className + " in " + jar + " needs a public constructor without arguments");
            } catch (InstantiationException | InvocationTargetException | LinkageError e) {
                closeAfterFailure(loader);
                Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
                throw CairnException.invalidParameter("class " + className + " in " + jar + " cannot be created: " + cause);
            } catch (RuntimeException e) {
                closeAfterFailure(loader);
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                loader.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot close the class loader of " + step.getClass().getName(), e);
            }
        }

        private static URL url(Path jar) {
            try {
                return jar.toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("a file path is a URL: " + jar, e);
            }
        }

        /** Closes a loader whose class could not be made a step; the load's own error is the one to report. */
        private static void closeAfterFailure(URLClassLoader loader) {
            try {
                loader.close();
            } catch (IOException e) {
                // Keep the load's error: the open jar is released when the loader is collected.
            }
        }
    }
}
