package dev.cairn.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version of this build of Cairn, written into a resource by the build. */
public final class CairnVersion {
    /** The version, such as {@code 0.1.0-SNAPSHOT}. */
    public static final String VERSION = readVersion();

    private CairnVersion() {
    }

    private static String readVersion() {
        try (InputStream in = CairnVersion.class.getResourceAsStream("version.properties")) {
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException("the build writes version.properties", e);
        }
    }
}
