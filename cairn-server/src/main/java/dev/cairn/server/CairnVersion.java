package dev.cairn.server;

/** The version of this build of Cairn, read from the jar's manifest. */
public final class CairnVersion {
    /** The version, or {@code dev} when running from classes outside a jar. */
    public static final String VERSION = readVersion();

    private CairnVersion() {
    }

    private static String readVersion() {
        String version = CairnVersion.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
