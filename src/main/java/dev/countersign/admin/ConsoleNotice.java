package dev.countersign.admin;

/**
 * Prints a first-start notice (generated credentials) straight to the console, once, outside the
 * log stream, so that log shipping never carries it.
 */
final class ConsoleNotice {
    private ConsoleNotice() {}

    static void print(String title, String... lines) {
        StringBuilder out =
                new StringBuilder("\n==== Countersign ====\n").append(title).append('\n');
        for (String line : lines) {
            out.append("  ").append(line).append('\n');
        }
        System.out.println(out.append("=====================\n"));
    }
}
