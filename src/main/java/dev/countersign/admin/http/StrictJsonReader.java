package dev.countersign.admin.http;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.countersign.common.ProblemException;
import jakarta.inject.Singleton;
import java.io.IOException;

/**
 * Reads an admin request body as JSON strictly (RFC 8259): a repeated member name, trailing content
 * or an oversized body is a 400 rather than a silent last-one-wins.
 */
@Singleton
public class StrictJsonReader {
    /** Far above any legitimate client registration (a JWK Set of ten RSA keys fits easily). */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final ObjectReader reader;

    public StrictJsonReader(ObjectMapper mapper) {
        this.reader = mapper.reader()
                .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .forType(JsonNode.class);
    }

    /** The body as JSON; an empty body reads as {@code null}. */
    public JsonNode read(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        if (body.length > MAX_BODY_BYTES) {
            throw ProblemException.badRequest("the body is larger than " + MAX_BODY_BYTES + " bytes");
        }
        try {
            return reader.readValue(body);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("the body is not valid JSON (or repeats a member name)");
        } catch (IOException e) {
            throw ProblemException.badRequest("the body could not be read");
        }
    }
}
