package dev.countersign.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DemoTokenVerifierTest {
    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Nested
    @DisplayName("RFC 8693 §4.1 the agent is the innermost actor")
    class FirstActor {
        @Test
        void aSingleActorIsTheAgent() {
            assertEquals("client-1", DemoTokenVerifier.firstActor(json("{\"sub\":\"client-1\"}")));
        }

        @Test
        void aNestedActorIsTheAgentBehindTheRuntime() {
            assertEquals(
                    "agent:payments-bot",
                    DemoTokenVerifier.firstActor(
                            json("{\"sub\":\"runtime\",\"act\":{\"sub\":\"agent:payments-bot\"}}")));
        }

        @Test
        void anActorWithoutSubNamesNoAgent() {
            assertNull(DemoTokenVerifier.firstActor(json("{\"sub\":\"runtime\",\"act\":{\"iss\":\"x\"}}")));
            assertNull(DemoTokenVerifier.firstActor(json("{\"sub\":7}")));
        }
    }
}
