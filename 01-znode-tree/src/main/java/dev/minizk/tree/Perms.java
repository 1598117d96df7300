package dev.minizk.tree;

/** ZooKeeper's permission bits ({@code ZooDefs.Perms}). */
public final class Perms {
    public static final int READ = 1;
    public static final int WRITE = 2;
    public static final int CREATE = 4;
    public static final int DELETE = 8;
    public static final int ADMIN = 16;
    public static final int ALL = READ | WRITE | CREATE | DELETE | ADMIN;

    private Perms() {
    }

    /** The zkCli spelling: {@code cdrwa} letters for the bits that are set. */
    public static String toString(int perms) {
        StringBuilder letters = new StringBuilder();
        if ((perms & CREATE) != 0) letters.append('c');
        if ((perms & DELETE) != 0) letters.append('d');
        if ((perms & READ) != 0) letters.append('r');
        if ((perms & WRITE) != 0) letters.append('w');
        if ((perms & ADMIN) != 0) letters.append('a');
        return letters.toString();
    }
}
