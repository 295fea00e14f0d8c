package dev.countersign.approval.http;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * What makes the approval app installable: the web app manifest and the service worker. The
 * service worker is served from the root with {@code Service-Worker-Allowed: /} and
 * {@code Cache-Control: no-cache}, so a new version reaches phones on their next visit.
 */
@Path("/")
public class PwaResource {
    private final byte[] serviceWorker = read("pwa/sw.js");
    private final byte[] manifest = read("pwa/manifest.webmanifest");

    @GET
    @Path("sw.js")
    @Produces("text/javascript")
    public Response serviceWorker() {
        return Response.ok(serviceWorker)
                .header("Cache-Control", "no-cache")
                .header("Service-Worker-Allowed", "/")
                .build();
    }

    @GET
    @Path("manifest.webmanifest")
    @Produces("application/manifest+json")
    public Response manifest() {
        return Response.ok(manifest).header("Cache-Control", "no-cache").build();
    }

    private static byte[] read(String resource) {
        try (InputStream in = PwaResource.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the application");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
