package dev.cairn.core.tracking.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.error.CairnException;
import dev.cairn.core.error.ErrorCode;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Assertions shared by the search grammar tests. */
final class SearchErrors {
    private SearchErrors() {}

    /** Asserts that the call fails with INVALID_PARAMETER_VALUE and a message with all fragments. */
    static void assertInvalid(ThrowingCallable call, String... fragments) {
        assertThatThrownBy(call)
                .isInstanceOf(CairnException.class)
                .satisfies(error -> assertThat(((CairnException) error).code())
                        .isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .message()
                .contains(fragments);
    }
}
