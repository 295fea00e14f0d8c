package dev.countersign.provider;

import java.util.Arrays;
import java.util.Optional;

/** CIBA Core 1.0 §5: how a client receives the result of a backchannel authentication. */
public enum TokenDeliveryMode {
    POLL("poll"),
    PING("ping"),
    PUSH("push");

    private final String wire;

    TokenDeliveryMode(String wire) {
        this.wire = wire;
    }

    /** The value of {@code backchannel_token_delivery_mode}. */
    public String wire() {
        return wire;
    }

    public static Optional<TokenDeliveryMode> fromWire(String value) {
        return Arrays.stream(values()).filter(m -> m.wire.equals(value)).findFirst();
    }
}
