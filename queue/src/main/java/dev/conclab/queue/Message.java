package dev.conclab.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The envelope of one task on the wire: JSON, so a message can never carry code. Field names are short and
 * stable ({@code v} is the format version); unknown fields are ignored.
 */
record Message(String id, String task, ArrayNode args, String queue, int priority, int attempt, int maxRetries,
               long backoffMs, long backoffMaxMs, boolean jitter, long eta, long expires, long softMs, long hardMs,
               String replyTo, long sentAt) {

    static final int VERSION = 1;

    /** A body that cannot be a task: the reason names what is wrong, in one line. */
    static final class MalformedException extends Exception {
        MalformedException(String reason) {
            super(reason);
        }
    }

    String encode() {
        ObjectNode o = Json.NODES.objectNode();
        o.put("v", VERSION).put("id", id).put("task", task).set("args", args);
        o.put("queue", queue).put("priority", priority).put("attempt", attempt).put("maxRetries", maxRetries)
                .put("backoffMs", backoffMs).put("backoffMaxMs", backoffMaxMs).put("jitter", jitter)
                .put("eta", eta).put("expires", expires).put("softMs", softMs).put("hardMs", hardMs)
                .put("sentAt", sentAt);
        if (replyTo != null) {
            o.put("replyTo", replyTo);
        }
        return o.toString();
    }

    Message nextAttempt(long eta) {
        return new Message(id, task, args, queue, priority, attempt + 1, maxRetries, backoffMs, backoffMaxMs, jitter,
                eta, expires, softMs, hardMs, replyTo, sentAt);
    }

    static Message decode(String body) throws MalformedException {
        JsonNode n;
        try {
            n = Json.read(body);
        } catch (Exception e) {
            throw new MalformedException("not JSON: " + oneLine(e.getMessage()));
        }
        if (n == null || !n.isObject()) {
            throw new MalformedException("not a JSON object");
        }
        if (n.path("v").asInt(VERSION) != VERSION) {
            throw new MalformedException("unsupported envelope version " + n.path("v").asText());
        }
        String id = text(n, "id");
        String task = text(n, "task");
        JsonNode args = n.get("args");
        if (args == null || !args.isArray()) {
            throw new MalformedException("field 'args' must be a JSON array");
        }
        return new Message(id, task, (ArrayNode) args, n.path("queue").asText(TaskOptions.DEFAULT_QUEUE),
                n.path("priority").asInt(0), n.path("attempt").asInt(0), n.path("maxRetries").asInt(0),
                n.path("backoffMs").asLong(1000), n.path("backoffMaxMs").asLong(600_000), n.path("jitter").asBoolean(true),
                n.path("eta").asLong(0), n.path("expires").asLong(0), n.path("softMs").asLong(0), n.path("hardMs").asLong(0),
                n.hasNonNull("replyTo") ? n.get("replyTo").asText() : null, n.path("sentAt").asLong(0));
    }

    private static String text(JsonNode n, String field) throws MalformedException {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual() || v.asText().isBlank()) {
            throw new MalformedException("field '" + field + "' must be a non-empty string");
        }
        return v.asText();
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.replaceAll("\\s+", " ").trim();
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
