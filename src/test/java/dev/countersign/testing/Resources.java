package dev.countersign.testing;

/** Tear-down of the servers and processes an IT started. */
public final class Resources {
    private Resources() {}

    /** Closes each resource in order, skipping nulls; a failure to close one does not keep the others open. */
    public static void closeAll(AutoCloseable... resources) {
        for (AutoCloseable resource : resources) {
            if (resource == null) {
                continue;
            }
            try {
                resource.close();
            } catch (Exception e) {
                System.err.println("Could not close " + resource + ": " + e);
            }
        }
    }
}
