package exercises.threading.pipeline;

import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Exercise 2.2, reference solution.
 */
public final class Pipeline {

    /** The end-of-work marker; never a real item. */
    static final Integer POISON = Integer.valueOf(-1_000_000_007);

    private Pipeline() {
    }

    /**
     * Runs {@code producers} threads that each put items {@code p * itemsEach .. (p + 1) * itemsEach - 1}
     * on a queue of capacity 8, and {@code consumers} threads that hand every item to {@code sink};
     * returns when every item has been handed over and every thread has finished.
     */
    public static void run(int producers, int consumers, int itemsEach, Consumer<Integer> sink) throws InterruptedException {
        BlockingQueue<Integer> queue = new ArrayBlockingQueue<>(8);
        var producing = new ArrayList<Thread>();
        for (int p = 0; p < producers; p++) {
            int first = p * itemsEach;
            producing.add(Thread.ofPlatform().start(() -> {
                try {
                    for (int i = first; i < first + itemsEach; i++) {
                        queue.put(i);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        var consuming = new ArrayList<Thread>();
        for (int c = 0; c < consumers; c++) {
            consuming.add(Thread.ofPlatform().start(() -> {
                try {
                    while (true) {
                        Integer item = queue.take();
                        if (item == POISON) {
                            return;
                        }
                        sink.accept(item);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread t : producing) {
            t.join();
        }
        for (int c = 0; c < consumers; c++) {
            queue.put(POISON);
        }
        for (Thread t : consuming) {
            t.join();
        }
    }
}
