package dev.countersign.ciba.http;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The JSON of CIBA Core 1.0 §7.3 "Successful Authentication Request Acknowledgement". */
record AcknowledgementBody(
        @JsonProperty("auth_req_id") String authReqId,
        @JsonProperty("expires_in") long expiresIn,
        @JsonProperty("interval") int interval) {}
