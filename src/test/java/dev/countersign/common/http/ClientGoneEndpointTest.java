package dev.countersign.common.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@QuarkusTest
@DisplayName("A client that closes its connection mid-body is no server error")
class ClientGoneEndpointTest {
    @TestHTTPResource("/")
    URL base;

    @Test
    void aBodyCutShortByTheClientIsLoggedAtDebugNotAsAnUnexpectedFailure() throws Exception {
        Logger mappers = Logger.getLogger(ErrorMappers.class.getName());
        Level before = mappers.getLevel();
        List<LogRecord> errors = new CopyOnWriteArrayList<>();
        CountDownLatch noticed = new CountDownLatch(1);
        Handler recorder = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                    errors.add(record);
                } else if (String.valueOf(record.getMessage()).contains("closed the connection")) {
                    noticed.countDown();
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        mappers.setLevel(Level.FINE);
        mappers.addHandler(recorder);
        try {
            try (Socket socket = new Socket(base.getHost(), base.getPort())) {
                OutputStream out = socket.getOutputStream();
                out.write(("POST /token HTTP/1.1\r\nHost: localhost\r\n"
                                + "Content-Type: application/x-www-form-urlencoded\r\n"
                                + "Content-Length: 1000\r\n\r\ngrant_type=urn%3Aopenid")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // Give the service the head and part of the body, then go away.
                Thread.sleep(200);
            }
            assertThat(noticed.await(10, TimeUnit.SECONDS)).isTrue();
        } finally {
            mappers.removeHandler(recorder);
            mappers.setLevel(before);
        }
        assertThat(errors).isEmpty();
    }
}
