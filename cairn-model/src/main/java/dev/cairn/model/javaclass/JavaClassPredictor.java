package dev.cairn.model.javaclass;

import dev.cairn.core.error.CairnException;
import dev.cairn.model.frame.Frame;
import dev.cairn.model.pkg.ModelDescriptor;
import dev.cairn.model.runtime.ModelContext;
import dev.cairn.model.runtime.Predictor;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Runs a user's scoring class, the scoring-script pattern: a class in a jar of the package
 * implements {@link Predictor}; its {@code init} loads what it needs from the package, its
 * {@code predict} scores a batch. The jars get their own class loader, so the user's libraries
 * cannot clash with Cairn's; only Cairn's model API is shared through the parent loader.
 */
public final class JavaClassPredictor implements Predictor {
    private URLClassLoader loader;
    private Predictor delegate;

    @Override
    public void init(ModelContext context) {
        ModelDescriptor descriptor = context.modelPackage().descriptor();
        String className = descriptor.predictorClass().orElseThrow(() -> CairnException.invalidParameter(
                "A java-flavor package names its scoring class in 'predictor_class' of cairn-model.yaml"));
        List<URL> jars = new ArrayList<>();
        for (String file : descriptor.files()) {
            if (file.endsWith(".jar")) {
                try {
                    jars.add(context.modelPackage().file(file).toUri().toURL());
                } catch (MalformedURLException e) {
                    throw CairnException.invalidParameter("Cannot read jar " + file + ": " + e.getMessage());
                }
            }
        }
        if (jars.isEmpty()) {
            throw CairnException.invalidParameter("A java-flavor package lists its jars in 'files'; this one lists none");
        }
        loader = new URLClassLoader("cairn-model-" + descriptor.name(), jars.toArray(URL[]::new), Predictor.class.getClassLoader());
        try {
            Class<?> type = Class.forName(className, true, loader);
            if (!Predictor.class.isAssignableFrom(type)) {
                throw CairnException.invalidParameter("Class " + className + " does not implement " + Predictor.class.getName());
            }
            delegate = (Predictor) type.getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            close();
            throw CairnException.invalidParameter("Class " + className + " is not in the package's jars");
        } catch (ReflectiveOperationException | LinkageError e) {
            close();
            throw CairnException.invalidParameter("Cannot create " + className + " (it needs a public no-argument constructor): " + e);
        } catch (CairnException e) {
            close();
            throw e;
        }
        try {
            inModelLoader(() -> {
                delegate.init(context);
                return null;
            });
        } catch (CairnException e) {
            close();
            throw e;
        }
    }

    @Override
    public Frame predict(Frame input) {
        Frame output = inModelLoader(() -> delegate.predict(input));
        if (output == null || output.rowCount() != input.rowCount()) {
            throw CairnException.invalidParameter("The model's predict returned " + (output == null ? "nothing" : output.rowCount() + " rows")
                    + " for " + input.rowCount() + " input rows");
        }
        return output;
    }

    @Override
    public void close() {
        try {
            if (delegate != null) {
                inModelLoader(() -> {
                    delegate.close();
                    return null;
                });
            }
        } finally {
            delegate = null;
            if (loader != null) {
                try {
                    loader.close();
                } catch (IOException ignored) {
                    // The jars are only read; a failed close leaks a file handle, nothing more.
                }
                loader = null;
            }
        }
    }

    /** Runs user code with the model's class loader as the thread's context loader, as libraries expect. */
    private <T> T inModelLoader(Supplier<T> call) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            return call.get();
        } catch (CairnException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw CairnException.invalidParameter("The model's scoring class failed: " + e);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
