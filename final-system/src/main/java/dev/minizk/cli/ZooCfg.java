package dev.minizk.cli;

import dev.minizk.ensemble.Member;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A ZooKeeper-style {@code zoo.cfg}: {@code key=value} lines, {@code #} comments. Only the keys
 * a minizk server uses are read ({@code server.N} lines make it a member of an ensemble); keys ZooKeeper knows but minizk does not use yet
 * are accepted with a warning, and unknown keys are warned about (ZooKeeper itself turns an
 * unknown key into a system property, so a typo passes silently there; here it does not).
 * Every value is checked, and an error names the file, line and key. Absent keys are null.
 */
public record ZooCfg(Integer clientPort, String clientPortAddress, String dataDir, Integer tickTime,
                     Integer minSessionTimeout, Integer maxSessionTimeout, Boolean extendedTypesEnabled,
                     String superDigest, Set<String> fourLetterWhitelist, Integer initLimit, Integer syncLimit,
                     Map<Integer, Member> servers, List<String> warnings) {

    /** Keys of a ZooKeeper config that a standalone minizk accepts and does not use (yet). */
    private static final Set<String> ACCEPTED_UNUSED = Set.of("dataLogDir",
            "maxClientCnxns", "autopurge.snapRetainCount", "autopurge.purgeInterval", "admin.enableServer",
            "admin.serverPort", "admin.serverAddress", "standaloneEnabled", "reconfigEnabled", "preAllocSize",
            "snapCount", "clientPortListenBacklog", "globalOutstandingLimit", "metricsProvider.className");

    public static ZooCfg empty() {
        return new ZooCfg(null, null, null, null, null, null, null, null, null, null, null, Map.of(), List.of());
    }

    public static ZooCfg load(Path file) throws ConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file " + file + " does not exist");
        } catch (IOException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return parse(file.getFileName().toString(), lines);
    }

    /** Parses the lines of a config; {@code name} prefixes every message. */
    public static ZooCfg parse(String name, List<String> lines) throws ConfigException {
        Builder b = new Builder();
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            String where = name + " line " + (i + 1);
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("!")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException(where + ": expected key=value, got '" + line + "'");
            }
            String key = line.substring(0, eq).trim();
            String value = line.substring(eq + 1).trim();
            if (!seen.add(key)) {
                b.warnings.add(where + ": " + key + " is set again; the last value wins");
            }
            b.set(where, key, value);
        }
        return b.build();
    }

    private static final class Builder {
        Integer clientPort;
        String clientPortAddress;
        String dataDir;
        Integer tickTime;
        Integer minSessionTimeout;
        Integer maxSessionTimeout;
        Boolean extendedTypesEnabled;
        String superDigest;
        Set<String> fourLetterWhitelist;
        Integer initLimit;
        Integer syncLimit;
        final Map<Integer, Member> servers = new TreeMap<>();
        final List<String> warnings = new ArrayList<>();

        void set(String where, String key, String value) throws ConfigException {
            switch (key) {
                case "clientPort" -> clientPort = port(where, key, value);
                case "clientPortAddress" -> clientPortAddress = nonEmpty(where, key, value);
                case "dataDir" -> dataDir = nonEmpty(where, key, value);
                case "tickTime" -> tickTime = positive(where, key, value);
                case "minSessionTimeout" -> minSessionTimeout = timeout(where, key, value);
                case "maxSessionTimeout" -> maxSessionTimeout = timeout(where, key, value);
                case "extendedTypesEnabled", "zookeeper.extendedTypesEnabled" ->
                        extendedTypesEnabled = bool(where, key, value);
                case "superDigest", "DigestAuthenticationProvider.superDigest",
                        "zookeeper.DigestAuthenticationProvider.superDigest" ->
                        superDigest = superDigest(where + ": " + key, value);
                case "4lw.commands.whitelist" -> fourLetterWhitelist = whitelist(value);
                case "initLimit" -> initLimit = ticks(where, key, value);
                case "syncLimit" -> syncLimit = ticks(where, key, value);
                default -> {
                    if (key.startsWith("server.")) {
                        server(where, key, value);
                    } else if (ACCEPTED_UNUSED.contains(key) || key.startsWith("group.")
                            || key.startsWith("weight.")) {
                        warnings.add(where + ": " + key + " is accepted but not used by a minizk server");
                    } else {
                        warnings.add(where + ": unknown key '" + key + "' ignored");
                    }
                }
            }
        }

        /** {@code server.N=host:quorumPort:electionPort[:observer][;[host:]clientPort]}: a member of the ensemble. */
        private void server(String where, String key, String value) throws ConfigException {
            int id;
            try {
                id = Integer.parseInt(key.substring("server.".length()));
            } catch (NumberFormatException e) {
                throw new ConfigException(where + ": " + key + ": the server id after 'server.' must be a number");
            }
            try {
                servers.put(id, Member.parse(id, value));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(where + ": " + key + ": " + e.getMessage());
            }
        }

        ZooCfg build() {
            return new ZooCfg(clientPort, clientPortAddress, dataDir, tickTime, minSessionTimeout, maxSessionTimeout,
                    extendedTypesEnabled, superDigest, fourLetterWhitelist, initLimit, syncLimit, Collections.unmodifiableMap(new TreeMap<>(servers)),
                    List.copyOf(warnings));
        }
    }

    // ------------------------------------------------------------------ value checks, shared with the CLI options

    static int port(String where, String key, String value) throws ConfigException {
        int port = integer(where, key, value, "a port number 0..65535");
        if (port < 0 || port > 65_535) {
            throw new ConfigException(where + ": " + key + " must be a port number 0..65535, got " + port);
        }
        return port;
    }

    static int positive(String where, String key, String value) throws ConfigException {
        int n = integer(where, key, value, "a positive number of milliseconds");
        if (n <= 0) {
            throw new ConfigException(where + ": " + key + " must be a positive number of milliseconds, got " + n);
        }
        return n;
    }

    private static int ticks(String where, String key, String value) throws ConfigException {
        int n = integer(where, key, value, "a positive number of ticks");
        if (n <= 0) {
            throw new ConfigException(where + ": " + key + " must be a positive number of ticks, got " + n);
        }
        return n;
    }

    /** ZooKeeper writes -1 for "the default" (2 and 20 ticks). */
    private static Integer timeout(String where, String key, String value) throws ConfigException {
        if (value.equals("-1")) {
            return null;
        }
        return positive(where, key, value);
    }

    private static int integer(String where, String key, String value, String expected) throws ConfigException {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new ConfigException(where + ": " + key + " must be " + expected + ", got '" + value + "'");
        }
    }

    private static boolean bool(String where, String key, String value) throws ConfigException {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new ConfigException(where + ": " + key + " must be true or false, got '" + value + "'");
    }

    private static String nonEmpty(String where, String key, String value) throws ConfigException {
        if (value.isEmpty()) {
            throw new ConfigException(where + ": " + key + " is empty");
        }
        return value;
    }

    /** {@code super:<base64 of sha1("super:password")>}, as ZooKeeper's DigestAuthenticationProvider wants. */
    static String superDigest(String where, String value) throws ConfigException {
        int colon = value.indexOf(':');
        if (colon <= 0 || colon == value.length() - 1) {
            throw new ConfigException(where + " must look like user:base64(sha1(user:password)), got '" + value + "'");
        }
        return value;
    }

    private static Set<String> whitelist(String value) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : value.split(",")) {
            if (!word.isBlank()) {
                words.add(word.trim());
            }
        }
        return words;
    }
}
