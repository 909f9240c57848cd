package dev.cairn.server.http;

import java.nio.charset.StandardCharsets;

/**
 * The {@code Content-Disposition} header of a download (RFC 6266): an ASCII {@code filename} for
 * old clients and the exact name, UTF-8 and percent-encoded, in {@code filename*} (RFC 5987), so
 * that a name such as {@code Résumé.csv} arrives unchanged.
 */
public final class ContentDisposition {
    private static final String ATTR_CHARS = "!#$&+-.^_`|~";

    private ContentDisposition() {
    }

    /** The header value that offers a file for download under a name. */
    public static String attachment(String fileName) {
        StringBuilder ascii = new StringBuilder();
        StringBuilder encoded = new StringBuilder();
        for (int i = 0; i < fileName.length(); i++) {
            char c = fileName.charAt(i);
            ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? c : '_');
        }
        for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (Character.isLetterOrDigit(c) && c < 0x80 || ATTR_CHARS.indexOf(c) >= 0) {
                encoded.append((char) c);
            } else {
                encoded.append('%').append(String.format("%02X", c));
            }
        }
        return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
