package dev.minizk.session;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One client session as the server knows it: its id, the negotiated timeout in
 * milliseconds and the 16-byte password the client must present to reconnect.
 *
 * <p>A record with an array component compares arrays by identity, so this one overrides
 * {@code equals}, {@code hashCode} and {@code toString} to use the password's content, and
 * copies the array in and out so a caller cannot change a session's secret.
 */
public record Session(long id, int timeout, byte[] password) {
    /** ZooKeeper's passwords are 16 bytes. */
    public static final int PASSWORD_LENGTH = 16;

    public Session {
        Objects.requireNonNull(password, "password");
        if (password.length != PASSWORD_LENGTH) {
            throw new IllegalArgumentException("a session password has " + PASSWORD_LENGTH
                    + " bytes, was " + password.length);
        }
        if (timeout <= 0) {
            throw new IllegalArgumentException("a session timeout must be positive, was " + timeout);
        }
        password = password.clone();
    }

    /** A copy of the password. */
    @Override
    public byte[] password() {
        return password.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Session that && id == that.id && timeout == that.timeout
                && Arrays.equals(password, that.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, timeout, Arrays.hashCode(password));
    }

    /** The id in hex, as ZooKeeper logs it; the password is not shown. */
    @Override
    public String toString() {
        return "Session[0x" + HexFormat.of().toHexDigits(id) + ", timeout=" + timeout + "ms]";
    }
}
