package dev.cairn.core.error;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;

/**
 * What a person needs to hear about JSON that does not parse: where, and the parser's reason
 * without its internals (Jackson names its own classes, features and input source in messages).
 */
public final class MalformedJson {
    private MalformedJson() {
    }

    /** A BAD_REQUEST error for a body that is not valid JSON. */
    public static CairnException error(JsonProcessingException e) {
        return new CairnException(ErrorCode.BAD_REQUEST, "The request body is not valid JSON" + where(e) + ": " + reason(e), e);
    }

    private static String where(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null || location.getLineNr() < 1 ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The message up to the first mention of Jackson's internals. */
    static String reason(JsonProcessingException e) {
        String message = String.valueOf(e.getOriginalMessage());
        int cut = message.length();
        for (String internal : new String[] {"`", "[Source", "\n", " (bound as", " (start marker", ", from "}) {
            int at = message.indexOf(internal);
            if (at >= 0) {
                cut = Math.min(cut, at);
            }
        }
        String reason = message.substring(0, cut).replaceAll("[\\s(:,]+$", "").replaceAll(": enable$", "");
        if (reason.endsWith(" enable")) {
            reason = reason.substring(0, reason.length() - " enable".length());
        }
        return reason.isBlank() ? "it cannot be parsed" : reason;
    }
}
