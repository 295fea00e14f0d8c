package dev.countersign.approval.http;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a {@code /api/me} resource that needs a signed-in user: the {@link UserSessionFilter}
 * answers 401 without a live session cookie and, on unsafe methods, 403 without the session's
 * {@code X-CSRF-Token}. The resource reads the user's {@code sub} from {@code CallerContext}.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface UserSession {}
