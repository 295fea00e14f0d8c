package dev.countersign.testing;

import io.quarkus.test.common.QuarkusTestResource;

/** Test resources that every @QuarkusTest of the suite shares. */
@SuppressWarnings("deprecation")
@QuarkusTestResource(IssuerOnTestPort.class)
public final class GlobalTestResources {
    private GlobalTestResources() {}
}
