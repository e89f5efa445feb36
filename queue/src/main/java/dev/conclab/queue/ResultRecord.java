package dev.conclab.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a result backend holds for one task, as JSON. */
record ResultRecord(String id, TaskState state, JsonNode result, String error, JsonNode progress, int attempt,
                    String worker, long at) {

    String encode() {
        ObjectNode o = Json.NODES.objectNode();
        o.put("id", id).put("state", state.name());
        if (result != null) {
            o.set("result", result);
        }
        if (error != null) {
            o.put("error", error);
        }
        if (progress != null) {
            o.set("progress", progress);
        }
        o.put("attempt", attempt);
        if (worker != null) {
            o.put("worker", worker);
        }
        o.put("at", at);
        return o.toString();
    }

    static ResultRecord decode(String json) {
        try {
            JsonNode n = Json.read(json);
            return new ResultRecord(n.path("id").asText(), TaskState.valueOf(n.path("state").asText("PENDING")),
                    n.get("result"), n.hasNonNull("error") ? n.get("error").asText() : null, n.get("progress"),
                    n.path("attempt").asInt(), n.hasNonNull("worker") ? n.get("worker").asText() : null,
                    n.path("at").asLong());
        } catch (Exception e) {
            throw new IllegalStateException("corrupt result record: " + Message.oneLine(e.getMessage()), e);
        }
    }

    static ResultRecord pending(String id) {
        return new ResultRecord(id, TaskState.PENDING, null, null, null, 0, null, 0);
    }
}
