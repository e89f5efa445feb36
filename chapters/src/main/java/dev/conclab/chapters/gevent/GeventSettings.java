package dev.conclab.chapters.gevent;

import dev.conclab.lab.chapter.ChapterOptions;

import java.time.Duration;
import java.util.List;

/** How much of chapter 7 each depth runs: crowd sizes, sleeps, fetch sizes. */
record GeventSettings(List<Integer> virtualCrowds, List<Integer> platformCrowds, int sleepers, Duration sleep,
                      List<Integer> fetchSizes, int fetchPool, Duration serverDelay, int pinThreads, Duration pinHold,
                      int fanOut, int contextThreads, List<Integer> peerGreenlets, int peerSockets) {

    static GeventSettings at(ChapterOptions.Depth depth) {
        return switch (depth) {
            case QUICK -> new GeventSettings(List.of(10_000), List.of(1_000), 10_000, Duration.ofMillis(100),
                    List.of(100), 20, Duration.ofMillis(20), 8, Duration.ofMillis(50), 1_000, 10_000, List.of(10_000), 200);
            case TOUR -> new GeventSettings(List.of(10_000, 100_000), List.of(10_000), 100_000, Duration.ofSeconds(1),
                    List.of(100, 1_000), 100, Duration.ofMillis(20), 16, Duration.ofMillis(100), 10_000, 20_000,
                    List.of(10_000), 1_000);
            case FULL -> new GeventSettings(List.of(10_000, 100_000, 1_000_000), List.of(10_000, 100_000), 1_000_000,
                    Duration.ofSeconds(1), List.of(100, 1_000, 4_000), 100, Duration.ofMillis(50), 32, Duration.ofMillis(100),
                    100_000, 1_000_000, List.of(10_000, 100_000), 4_000);
        };
    }
}
