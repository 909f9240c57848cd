package dev.cairn.core.store;

import dev.cairn.core.error.CairnException;

import java.nio.charset.StandardCharsets;
import dev.cairn.core.tracking.Page;

import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The opaque token that continues a paged search: the offset of the next page, base64-encoded
 * so that clients treat it as opaque, as MLflow's tokens are.
 */
final class PageToken {
    private static final String PREFIX = "offset:";

    private PageToken() {
    }

    /** The offset a token points at; no token is the first page. */
    static int decode(Optional<String> token) {
        if (token.isEmpty() || token.get().isEmpty()) {
            return 0;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(token.get()), StandardCharsets.UTF_8);
            if (text.startsWith(PREFIX)) {
                int offset = Integer.parseInt(text.substring(PREFIX.length()));
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // Falls through to the error below: the token was not one this server made.
        }
        throw CairnException.invalidParameter("Invalid page_token '" + token.get()
                + "': pass back the next_page_token of a previous response unchanged");
    }

    /** A page of at most {@code maxResults} items from a list that holds one more if more exist. */
    static <T> Page<T> page(List<T> fetched, int maxResults, int offset) {
        if (fetched.size() > maxResults) {
            return new Page<>(fetched.subList(0, maxResults), Optional.of(encode(offset + maxResults)));
        }
        return new Page<>(fetched, Optional.empty());
    }

    /** The token for the page that starts at an offset. */
    static String encode(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((PREFIX + offset).getBytes(StandardCharsets.UTF_8));
    }
}
