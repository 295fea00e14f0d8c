package dev.countersign.approval;

import com.fasterxml.jackson.databind.JsonNode;
import dev.countersign.approval.store.DeviceEntity;
import dev.countersign.approval.store.DeviceRepository;
import dev.countersign.approval.store.NotificationJobRepository;
import dev.countersign.audit.AuditEvent;
import dev.countersign.audit.AuditLog;
import dev.countersign.common.ProblemException;
import dev.countersign.common.SecretHasher;
import dev.countersign.common.TimeOrderedIds;
import dev.countersign.common.outbound.OutboundUrlPolicy;
import dev.countersign.common.outbound.OutboundUrlRejected;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The user's registered devices: register (or update, for an endpoint the user registered before),
 * list, remove. A push subscription is checked before anything is stored (endpoint through the
 * {@link OutboundUrlPolicy}, keys by {@link PushSubscription}) and stored sealed; its endpoint's
 * keyed hash finds a re-registration.
 */
@ApplicationScoped
public class Devices {
    public static final String WEBPUSH = "webpush";
    static final int MAX_NAME_LENGTH = 60;
    static final int MAX_ENDPOINT_LENGTH = 2000;
    private static final Set<String> BODY = Set.of("name", "subscription");
    private static final Set<String> SUBSCRIPTION = Set.of("endpoint", "expirationTime", "keys");
    private static final Set<String> KEYS = Set.of("p256dh", "auth");

    private final DeviceRepository devices;
    private final OutboundUrlPolicy urls;
    private final SecretHasher hasher;
    private final NotificationSeal seal;
    private final AuditLog audit;
    private final Clock clock;

    Devices(
            DeviceRepository devices,
            OutboundUrlPolicy urls,
            SecretHasher hasher,
            NotificationSeal seal,
            AuditLog audit,
            Clock clock) {
        this.devices = devices;
        this.urls = urls;
        this.hasher = hasher;
        this.seal = seal;
        this.audit = audit;
        this.clock = clock;
    }

    /** A registration's outcome: the device, and whether it is new (201) or updated (200). */
    public record Registered(Device device, boolean created) {}

    @Transactional
    public List<Device> of(String userSub) {
        return devices.findByUser(userSub).stream().map(Devices::view).toList();
    }

    /** Registers the device described by the JSON body of {@code POST /api/me/devices}. */
    @Transactional
    public Registered register(String userSub, JsonNode body) {
        requireObject(body, "the body", BODY);
        String name = name(body.get("name"));
        JsonNode subscription = body.get("subscription");
        requireObject(subscription, "subscription", SUBSCRIPTION);
        JsonNode keys = subscription.get("keys");
        requireObject(keys, "subscription.keys", KEYS);
        JsonNode expiration = subscription.get("expirationTime");
        if (expiration != null && !expiration.isNull() && !expiration.isNumber()) {
            throw ProblemException.badRequest("subscription.expirationTime must be a number or null");
        }
        PushSubscription push = PushSubscription.of(
                endpoint(text(subscription, "endpoint", "subscription.endpoint")),
                text(keys, "p256dh", "subscription.keys.p256dh"),
                text(keys, "auth", "subscription.keys.auth"));
        return store(userSub, name, push);
    }

    /** Removes the user's device; false for an unknown id or another user's device. */
    @Transactional
    public boolean remove(String userSub, String id) {
        boolean removed = devices.deleteOwned(id, userSub);
        if (removed) {
            audit.record(AuditEvent.success("device.removed", "user:" + userSub, null, userSub, "device:" + id));
        }
        return removed;
    }

    /** The user's devices with their opened push subscriptions (for the Web Push channel). */
    public List<Map.Entry<String, PushSubscription>> subscriptionsOf(String userSub) {
        return devices.sealedSubscriptionsOf(userSub, WEBPUSH).entrySet().stream()
                .map(d -> Map.entry(d.getKey(), open(d.getKey(), d.getValue())))
                .toList();
    }

    /** The push service reported the subscription gone (RFC 8030 §7.3). */
    public void forget(String id) {
        devices.deleteGone(id);
    }

    public void used(String id, Instant now) {
        devices.markUsed(id, now);
    }

    private Registered store(String userSub, String name, PushSubscription push) {
        String endpointHash = hasher.hash(push.endpoint().toString());
        Optional<DeviceEntity> existing = devices.findByEndpoint(userSub, endpointHash);
        if (existing.isPresent()) {
            DeviceEntity device = existing.get();
            devices.update(device.id, userSub, name, seal.seal(device.id, sealed(push)));
            device.name = name;
            return new Registered(view(device), false);
        }
        Instant now = clock.instant();
        DeviceEntity device = new DeviceEntity();
        device.id = TimeOrderedIds.next(now);
        device.userSub = userSub;
        device.kind = WEBPUSH;
        device.name = name;
        device.endpointHash = endpointHash;
        device.subscription = seal.seal(device.id, sealed(push));
        device.createdAt = NotificationJobRepository.micros(now);
        devices.persist(device);
        audit.record(AuditEvent.success("device.registered", "user:" + userSub, null, userSub, "device:" + device.id)
                .withDetail(Map.of("kind", WEBPUSH, "push_service", push.origin())));
        return new Registered(view(device), true);
    }

    private static String sealed(PushSubscription push) {
        return push.endpoint() + "\n" + push.p256dhText() + "\n" + push.authText();
    }

    private PushSubscription open(String id, String sealedSubscription) {
        String[] parts = seal.open(id, sealedSubscription).split("\n", 3);
        return PushSubscription.of(URI.create(parts[0]), parts[1], parts[2]);
    }

    private URI endpoint(String text) {
        if (text.length() > MAX_ENDPOINT_LENGTH) {
            throw ProblemException.badRequest(
                    "subscription.endpoint is longer than " + MAX_ENDPOINT_LENGTH + " characters");
        }
        try {
            URI uri = urls.checkRegistered(text);
            if (!"https".equalsIgnoreCase(uri.getScheme())) {
                throw new OutboundUrlRejected("must use https");
            }
            return uri;
        } catch (OutboundUrlRejected e) {
            throw ProblemException.badRequest("subscription.endpoint " + e.getMessage());
        }
    }

    private static String name(JsonNode node) {
        if (node == null || !node.isTextual() || node.textValue().isBlank()) {
            throw ProblemException.badRequest("name is required");
        }
        String name = node.textValue().strip();
        if (name.codePointCount(0, name.length()) > MAX_NAME_LENGTH) {
            throw ProblemException.badRequest("name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw ProblemException.badRequest("name must not contain control characters");
        }
        return name;
    }

    private static String text(JsonNode object, String member, String path) {
        JsonNode value = object.get(member);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw ProblemException.badRequest(path + " is required and must be a string");
        }
        return value.textValue();
    }

    private static void requireObject(JsonNode node, String what, Set<String> allowed) {
        if (node == null || !node.isObject()) {
            throw ProblemException.badRequest(what + " must be a JSON object");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw ProblemException.badRequest(what + " has an unknown member; expected " + allowed);
            }
        }
    }

    private static Device view(DeviceEntity d) {
        return new Device(d.id, d.kind, d.name, d.createdAt, Optional.ofNullable(d.lastUsedAt));
    }
}
