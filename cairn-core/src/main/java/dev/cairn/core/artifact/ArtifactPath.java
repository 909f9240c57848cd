package dev.cairn.core.artifact;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.store.StoreConfig;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated, normalized relative path inside an artifact store, such as
 * {@code 1/0f3a.../artifacts/model/model.onnx}. The empty path is the root.
 *
 * <p>Every path that comes from a caller passes through here, so no path can escape the store:
 * absolute paths, {@code ..} segments, backslashes and NUL or control characters are rejected.
 */
public record ArtifactPath(String value) {
    /** The root of the store. */
    public static final ArtifactPath ROOT = new ArtifactPath("");
    /** Longest path, in characters: file systems refuse paths of a few thousand bytes, and the store's folder comes first. */
    public static final int MAX_LENGTH = 1024;
    /** Longest file or directory name, in UTF-8 bytes: what Linux and macOS file systems take. */
    public static final int MAX_NAME_BYTES = 255;

    public ArtifactPath {
        if (value == null) {
            throw CairnException.invalidParameter("An artifact path is required");
        }
        value = normalize(value);
    }

    /** Parses a caller's path, rejecting anything that could escape the store. */
    public static ArtifactPath of(String value) {
        return new ArtifactPath(value);
    }

    /**
     * The store path behind a run's artifact URI. Only URIs under the proxied root
     * ({@code mlflow-artifacts:/...}, with or without a host) live in Cairn's own store.
     */
    public static ArtifactPath ofProxiedUri(String artifactUri) {
        String scheme = StoreConfig.PROXIED_ARTIFACT_ROOT;
        if (!artifactUri.startsWith(scheme)) {
            throw CairnException.invalidParameter("The run's artifacts live at '" + artifactUri
                    + "', which this server does not serve; read them from there directly");
        }
        String rest = artifactUri.substring(scheme.length());
        if (rest.startsWith("//")) {
            int slash = rest.indexOf('/', 2);
            rest = slash < 0 ? "" : rest.substring(slash);
        }
        return of(rest.replaceFirst("^/+", ""));
    }

    /** This path with a relative path appended (itself validated). */
    public ArtifactPath resolve(String relative) {
        ArtifactPath child = new ArtifactPath(relative);
        if (value.isEmpty()) {
            return child;
        }
        return child.value.isEmpty() ? this : new ArtifactPath(value + "/" + child.value);
    }

    /** True for the store's root. */
    public boolean isRoot() {
        return value.isEmpty();
    }

    /** The path's segments, in order; none for the root. */
    public List<String> segments() {
        return value.isEmpty() ? List.of() : List.of(value.split("/"));
    }

    /** The last segment, or the empty string for the root. */
    public String fileName() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? value : value.substring(slash + 1);
    }

    /** True if this path is {@code ancestor} or lies below it. */
    public boolean startsWith(ArtifactPath ancestor) {
        return ancestor.isRoot() || value.equals(ancestor.value) || value.startsWith(ancestor.value + "/");
    }

    /** This path relative to an ancestor ({@code a/b/c} relative to {@code a} is {@code b/c}). */
    public String relativeTo(ArtifactPath ancestor) {
        if (!startsWith(ancestor)) {
            throw new IllegalArgumentException(value + " is not below " + ancestor.value);
        }
        if (ancestor.isRoot()) {
            return value;
        }
        return value.equals(ancestor.value) ? "" : value.substring(ancestor.value.length() + 1);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String normalize(String raw) {
        if (raw.length() > MAX_LENGTH) {
            throw CairnException.invalidParameter("Invalid artifact path '" + raw.substring(0, 60) + "...': " + raw.length()
                    + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '\0' || Character.isISOControl(c)) {
                throw CairnException.invalidParameter("Invalid artifact path '" + printable(raw) + "': control characters are not allowed");
            }
            if (c == '\\') {
                throw CairnException.invalidParameter("Invalid artifact path '" + raw + "': use '/' to separate directories, not '\\'");
            }
        }
        if (raw.startsWith("/")) {
            throw CairnException.invalidParameter("Invalid artifact path '" + raw + "': the path must be relative, not absolute");
        }
        List<String> segments = new ArrayList<>();
        for (String segment : raw.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                throw CairnException.invalidParameter("Invalid artifact path '" + raw + "': '..' segments are not allowed");
            }
            int bytes = segment.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
            if (bytes > MAX_NAME_BYTES) {
                throw CairnException.invalidParameter("Invalid artifact path: the name '" + segment.substring(0, Math.min(60, segment.length()))
                        + "...' takes " + bytes + " bytes in UTF-8; file and directory names may take at most " + MAX_NAME_BYTES);
            }
            segments.add(segment);
        }
        return String.join("/", segments);
    }

    private static String printable(String raw) {
        StringBuilder out = new StringBuilder();
        for (char c : raw.toCharArray()) {
            out.append(Character.isISOControl(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
