package dev.conclab.chapters.futures.samples;

import java.util.List;

/** Every sample, in reading order. */
public final class Samples {

    private Samples() {
    }

    public static List<Sample> all() {
        return List.of(new F01_GetWithTimeout(), new F02_Cancel(), new F03_InvokeAllAndAny(), new F04_AsCompleted(),
                new F05_Compose(), new F06_AllOfAnyOfTimeout(), new F07_StructuredScope(), new F08_ScopedValue(),
                new F09_ExecutorKinds(), new F10_PoolDeadlock());
    }
}
