package dev.minizk.status;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The status page's HTML with a first snapshot filled in on the server, so that the page shows
 * the server's role, zxid and counts before (or without) its script: a plain screenshot, a text
 * browser or {@code curl} sees the state. The script then refreshes the same elements each second.
 *
 * <p>The template marks each field as {@code {{name}}}; every value is HTML-escaped.
 */
final class StatusPage {
    private static final Pattern FIELD = Pattern.compile("\\{\\{(\\w+)}}");
    private final String template;

    StatusPage(byte[] template) {
        this.template = new String(template, StandardCharsets.UTF_8);
    }

    byte[] render(StatusView status) {
        return fill(Map.ofEntries(
                Map.entry("serverId", status.serverId()),
                Map.entry("role", status.role()),
                Map.entry("connectString", status.connectString()),
                Map.entry("lastZxid", status.lastZxid()),
                Map.entry("epoch", status.epoch()),
                Map.entry("counter", status.counter()),
                Map.entry("nodeCount", status.nodeCount()),
                Map.entry("sessionCount", status.sessionCount()),
                Map.entry("minSessionTimeout", status.minSessionTimeout()),
                Map.entry("maxSessionTimeout", status.maxSessionTimeout()),
                Map.entry("watchTotal", status.watches().total()),
                Map.entry("connectionCount", status.connectionCount())), null);
    }

    /** The page when the server cannot be asked (stopped, stuck): the role says so, the script retries. */
    byte[] renderUnavailable() {
        return fill(Map.of("role", "unavailable"), "–");
    }

    private byte[] fill(Map<String, Object> fields, String otherwise) {
        Matcher matcher = FIELD.matcher(template);
        StringBuilder html = new StringBuilder(template.length() + 256);
        while (matcher.find()) {
            Object value = fields.getOrDefault(matcher.group(1), otherwise);
            if (value == null) {
                throw new IllegalStateException("index.html names an unknown field " + matcher.group());
            }
            matcher.appendReplacement(html, Matcher.quoteReplacement(escape(String.valueOf(value))));
        }
        matcher.appendTail(html);
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
