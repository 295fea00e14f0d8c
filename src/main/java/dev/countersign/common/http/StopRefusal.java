package dev.countersign.common.http;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Once the service has begun to stop (SIGTERM), refuses every new request before it does any work:
 * 503 with {@code Retry-After} and {@code Connection: close}, so that its client retries on another
 * instance or after the restart. The requests already in flight finish and are answered ({@code
 * quarkus.shutdown.timeout} waits for them). Without this, Quarkus keeps handing new requests to the
 * application after its wait for those in flight has ended, and one that commits then is never
 * answered: a {@code bc-authorize} whose agent never learns its {@code auth_req_id}, and whose retry
 * is refused as an identical pending request (ADR 0005) until the first one expires
 * ({@code GracefulStopIT}).
 *
 * <p>The stop begins with Quarkus's pre-shutdown, which fires {@link ShutdownDelayInitiatedEvent}
 * because {@code quarkus.shutdown.delay-enabled} is set at build time (with no delay unless
 * {@code quarkus.shutdown.delay} is set).
 */
@ApplicationScoped
public class StopRefusal {
    private volatile boolean stopping;

    void onStopBegun(@Observes ShutdownDelayInitiatedEvent event) {
        stopping = true;
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseWhileStopping(UriInfo uri) {
        if (!stopping) {
            return null;
        }
        return ErrorMappers.unavailable(
                        uri.getPath(),
                        "Service stopping",
                        "the service is stopping; retry on another instance or shortly")
                .header("Connection", "close")
                .build();
    }
}
