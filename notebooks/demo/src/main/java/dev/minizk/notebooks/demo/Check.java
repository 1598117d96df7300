package dev.minizk.notebooks.demo;

/**
 * Makes a notebook fail loudly when a demo stops showing what it claims: the Maven harness and
 * {@code run-notebook.sh} both stop at the first failed check, naming it.
 */
public final class Check {
    private Check() {
    }

    /** {@code check(queue().get(0).equals("bob"), "bob asked first")}. */
    public static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("demo broke: " + what);
        }
    }
}
