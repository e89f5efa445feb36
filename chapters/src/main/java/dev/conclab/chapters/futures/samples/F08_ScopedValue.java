package dev.conclab.chapters.futures.samples;

import java.util.List;
import java.util.concurrent.StructuredTaskScope;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@code ScopedValue} bound around a {@code StructuredTaskScope} is seen by every subtask,
 * without copying, and is gone when the binding ends: context (a request id, a user) for a
 * fan-out, where Python would use {@code contextvars}.
 */
public final class F08_ScopedValue implements Sample {

    private static final ScopedValue<String> REQUEST = ScopedValue.newInstance();

    @Override
    public String number() {
        return "F08";
    }

    @Override
    public String python() {
        return "contextvars.ContextVar('request')";
    }

    @Override
    public String java() {
        return "ScopedValue.where(REQUEST, id).call(...)";
    }

    @Override
    public Observation run() throws Exception {
        var saw = new AtomicInteger();
        int subtasks = 1_000;
        ScopedValue.where(REQUEST, "req-42").call(() -> {
            try (var scope = StructuredTaskScope.open()) {
                for (int i = 0; i < subtasks; i++) {
                    scope.fork(() -> {
                        if ("req-42".equals(REQUEST.get())) {
                            saw.incrementAndGet();
                        }
                    });
                }
                scope.join();
            }
            return null;
        });
        boolean unboundAfter = !REQUEST.isBound();
        return new Observation(saw.get() == subtasks && unboundAfter, List.of(
                "%d of %d subtasks saw the request id bound in their parent.".formatted(saw.get(), subtasks),
                "After the binding ended the value was %s.".formatted(unboundAfter ? "unbound" : "still bound")));
    }
}
