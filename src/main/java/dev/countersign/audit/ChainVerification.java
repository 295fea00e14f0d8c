package dev.countersign.audit;

import java.util.OptionalLong;

/**
 * The result of walking the audit chain.
 *
 * @param intact whether every sealed event up to the head hashes correctly onto the one before it
 * @param checked how many events were checked before the walk ended
 * @param firstBrokenSeq the first position whose event is missing, altered or out of place
 */
public record ChainVerification(boolean intact, long checked, OptionalLong firstBrokenSeq) {
    static ChainVerification intact(long checked) {
        return new ChainVerification(true, checked, OptionalLong.empty());
    }

    static ChainVerification brokenAt(long seq, long checked) {
        return new ChainVerification(false, checked, OptionalLong.of(seq));
    }
}
