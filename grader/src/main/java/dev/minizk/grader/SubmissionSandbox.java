package dev.minizk.grader;

import java.security.AllPermission;
import java.security.CodeSource;
import java.security.Permission;
import java.security.PermissionCollection;
import java.security.Permissions;
import java.security.Policy;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.PropertyPermission;

/**
 * The child JVM's security policy. Code compiled from a stage's {@code src/main/java}
 * (a submission's code, and the reference's, which must behave the same) may compute and
 * read system properties, nothing else: no files (so no hidden test to read and no
 * results file to fake), no {@code System.exit}, no processes, no network, no reflection
 * past access checks, no replacing {@code System.out}'s file descriptor. Everything else
 * (the JDK, JUnit, the grader, the tests and their libraries) keeps every permission.
 *
 * Stage code needs nothing more: the course's rule is that protocol code does no I/O.
 * A check fails when any frame on the stack is untrusted, so a test helper called back
 * from stage code runs with the stage code's (lack of) rights too.
 *
 * Java 17's SecurityManager is deprecated for removal but works; the child is started
 * with {@code -Djava.security.manager=allow} so that it may be installed at run time.
 */
@SuppressWarnings("removal")
final class SubmissionSandbox extends Policy {

    private final List<String> untrustedLocations;
    private final PermissionCollection untrustedPermissions;

    /** @param untrustedDirs absolute paths of class folders whose code is sandboxed */
    private SubmissionSandbox(List<String> untrustedDirs) {
        this.untrustedLocations = untrustedDirs.stream().map(SubmissionSandbox::asLocation).toList();
        Permissions permissions = new Permissions();
        permissions.add(new PropertyPermission("*", "read"));
        permissions.setReadOnly();
        this.untrustedPermissions = permissions;
    }

    /** Installs the policy and a SecurityManager; call before any test class is loaded. */
    static void install(List<String> untrustedDirs) {
        SubmissionSandbox policy = new SubmissionSandbox(untrustedDirs);
        // Exercise the policy once before it is in force, so that the classes it uses are loaded.
        policy.implies(SubmissionSandbox.class.getProtectionDomain(), new AllPermission());
        Policy.setPolicy(policy);
        System.setSecurityManager(policy.new ExitGuard());
    }

    /**
     * The class path's loader grants every class it loads the right to exit the JVM, and
     * a policy cannot take back what a class loader granted: so exits are checked here,
     * against every class on the calling stack.
     */
    @SuppressWarnings("removal")
    private final class ExitGuard extends SecurityManager {
        @Override
        public void checkExit(int status) {
            for (Class<?> caller : getClassContext()) {
                @SuppressWarnings("removal")
                CodeSource source = java.security.AccessController.doPrivileged(
                        (java.security.PrivilegedAction<CodeSource>) () -> caller.getProtectionDomain().getCodeSource());
                if (isUntrusted(source)) {
                    throw new SecurityException("the graded code may not end the test JVM (exit " + status + ")");
                }
            }
            super.checkExit(status);
        }
    }

    @Override
    public PermissionCollection getPermissions(CodeSource source) {
        if (isUntrusted(source)) {
            Permissions copy = new Permissions(); // callers may add to what they get
            untrustedPermissions.elements().asIterator().forEachRemaining(copy::add);
            return copy;
        }
        Permissions all = new Permissions();
        all.add(new AllPermission());
        return all;
    }

    @Override
    public boolean implies(ProtectionDomain domain, Permission permission) {
        return !isUntrusted(domain.getCodeSource()) || untrustedPermissions.implies(permission);
    }

    /** Plain comparison of URL paths: this runs inside every permission check and must itself need none. */
    private boolean isUntrusted(CodeSource source) {
        if (source == null || source.getLocation() == null) {
            return false; // the JDK's own classes
        }
        if (!"file".equals(source.getLocation().getProtocol())) {
            return false;
        }
        String location = source.getLocation().getPath();
        for (String untrusted : untrustedLocations) {
            if (location.equals(untrusted) || location.startsWith(untrusted)
                    || (location + "/").equals(untrusted)) {
                return true;
            }
        }
        return false;
    }

    private static String asLocation(String dir) {
        String uri = java.nio.file.Path.of(dir).toAbsolutePath().normalize().toUri().getRawPath();
        return uri.endsWith("/") ? uri : uri + "/";
    }
}
