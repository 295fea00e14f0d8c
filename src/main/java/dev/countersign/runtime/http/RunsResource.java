package dev.countersign.runtime.http;

import dev.countersign.common.ProblemException;
import dev.countersign.common.http.NoStore;
import dev.countersign.runtime.RunRequest;
import dev.countersign.runtime.RunRequestValidator;
import dev.countersign.runtime.RunView;
import dev.countersign.runtime.RunWatchers;
import dev.countersign.runtime.Runs;
import dev.countersign.runtime.RuntimeConfig;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * The runs API for agents: start a run (validate → replay an idempotency key or store and ask the
 * provider → 202), read one (optionally long-polling up to {@code wait} seconds for a change
 * without holding a thread), follow one as Server-Sent Events, cancel one. Errors are RFC 9457 problems (ADR 0003).
 */
@Path("/v1/runs")
@AgentOnly
@Blocking
@Produces(MediaType.APPLICATION_JSON)
public class RunsResource {
    /** How long one event stream stays open at most. */
    static final Duration STREAM_LIMIT = Duration.ofMinutes(5);

    private final Runs runs;
    private final RunRequestValidator validator;
    private final RunWatchers watchers;
    private final RuntimeConfig config;
    private final CallingAgent agent;

    public RunsResource(
            Runs runs, RunRequestValidator validator, RunWatchers watchers, RuntimeConfig config, CallingAgent agent) {
        this.runs = runs;
        this.validator = validator;
        this.watchers = watchers;
        this.config = config;
        this.agent = agent;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    public Response start(byte[] body, @HeaderParam("Idempotency-Key") String idempotencyKey) {
        Optional<String> key = Runs.idempotencyKey(idempotencyKey);
        RunRequest request = validator.validate(body);
        Runs.Started started = runs.start(agent.name(), request, key);
        return NoStore.apply(Response.status(started.replayed() ? 200 : 202)
                        .header("Location", started.run().links().get("self")))
                .entity(started.run())
                .build();
    }

    @GET
    @Path("{id}")
    public Uni<Response> read(@PathParam("id") String id, @QueryParam("wait") String wait) {
        Duration waitFor = waitFor(wait);
        String name = agent.name();
        RunView view = runs.view(name, id, true);
        if (waitFor.isZero() || view.isFinal()) {
            return Uni.createFrom().item(ok(view));
        }
        return awaitChange(name, id, view.status(), Instant.now().plus(waitFor));
    }

    /**
     * The run as Server-Sent Events: its current state at once, then each new state, closing after a
     * final one (or after {@link #STREAM_LIMIT}; reconnect to go on).
     */
    @GET
    @Path("{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<RunView> events(@PathParam("id") String id) {
        String name = agent.name();
        RunView first = runs.view(name, id, true);
        return stream(name, first, Instant.now().plus(STREAM_LIMIT));
    }

    private Multi<RunView> stream(String name, RunView last, Instant deadline) {
        Multi<RunView> now = Multi.createFrom().item(last);
        if (last.isFinal() || !Instant.now().isBefore(deadline)) {
            return now;
        }
        Multi<RunView> later = awaitChange(name, last.id(), last.status(), deadline)
                .map(r -> (RunView) r.getEntity())
                .toMulti()
                .onItem()
                .transformToMultiAndConcatenate(next -> next.status().equals(last.status())
                        ? Multi.createFrom().empty()
                        : stream(name, next, deadline));
        return Multi.createBy().concatenating().streams(now, later);
    }

    @POST
    @Path("{id}/cancel")
    public Response cancel(@PathParam("id") String id) {
        return ok(runs.cancel(agent.name(), id));
    }

    /** Waits for the run to leave {@code status}, re-reading it at each change or tick, until the deadline. */
    private Uni<Response> awaitChange(String name, String id, String status, Instant deadline) {
        Duration remaining = Duration.between(Instant.now(), deadline);
        Optional<CompletionStage<Boolean>> watch = remaining.isNegative() ? Optional.empty() : watchers.watch(id);
        if (watch.isEmpty()) {
            return Uni.createFrom()
                    .item(() -> ok(runs.view(name, id, true)))
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        }
        return Uni.createFrom()
                .completionStage(watch.get())
                .ifNoItem()
                .after(remaining)
                .recoverWithItem(false)
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .chain(woken -> {
                    RunView view = runs.view(name, id, true);
                    if (!view.status().equals(status) || !Instant.now().isBefore(deadline)) {
                        return Uni.createFrom().item(ok(view));
                    }
                    return awaitChange(name, id, status, deadline);
                });
    }

    private Duration waitFor(String wait) {
        if (wait == null || wait.isEmpty()) {
            return Duration.ZERO;
        }
        long max = config.maxWait().toSeconds();
        if (wait.length() > 3 || !wait.chars().allMatch(Character::isDigit) || Long.parseLong(wait) > max) {
            throw ProblemException.badRequest("wait must be a whole number of seconds from 0 to " + max);
        }
        return Duration.ofSeconds(Long.parseLong(wait));
    }

    private static Response ok(RunView view) {
        return NoStore.apply(Response.ok(view, MediaType.APPLICATION_JSON_TYPE)).build();
    }
}
