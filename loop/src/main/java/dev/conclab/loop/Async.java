package dev.conclab.loop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

/**
 * asyncio's functions over several futures: {@code gather}, {@code wait_for}, {@code wait},
 * {@code as_completed} and {@code shield}. Every future passed in must belong to the same loop;
 * call these on that loop's thread.
 */
public final class Async {

    /** When {@link #wait} returns, as in {@code asyncio.wait(return_when=...)}. */
    public enum WaitMode {
        FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED
    }

    /**
     * What {@link #wait} found.
     *
     * @param done    the futures that are done: those seen finishing, in that order, then any other already done
     * @param pending the others, in the order given
     */
    public record Done<T>(List<LoopFuture<T>> done, List<LoopFuture<T>> pending) {
        public Done {
            done = List.copyOf(done);
            pending = List.copyOf(pending);
        }
    }

    private Async() {
    }

    /** {@code asyncio.gather(*fs)} for futures given one by one. */
    @SafeVarargs
    public static <T> LoopFuture<List<T>> gather(LoopFuture<T>... futures) {
        return gather(Arrays.asList(futures));
    }

    /**
     * {@code asyncio.gather(*fs)}: the values of every future, in the order given. The first
     * failure (or cancellation) of a child fails the result at once; the other children go on
     * running, as in asyncio, and their later failures count as retrieved. Cancelling the result
     * cancels every child that is not done. Needs at least one future.
     */
    public static <T> LoopFuture<List<T>> gather(List<? extends LoopFuture<? extends T>> futures) {
        EventLoop loop = loopOf(futures);
        var out = new LoopFuture<List<T>>(loop);
        int n = futures.size();
        if (n == 0) {
            out.tryComplete(List.of());
            return out;
        }
        @SuppressWarnings("unchecked")
        T[] values = (T[]) new Object[n];
        int[] remaining = {n};
        for (int i = 0; i < n; i++) {
            int index = i;
            LoopFuture<? extends T> child = futures.get(i);
            child.addDependent(f -> {
                f.markClaimed();
                if (out.isDone()) {
                    return;
                }
                if (f.isSucceeded()) {
                    values[index] = f.result();
                    if (--remaining[0] == 0) {
                        out.tryComplete(Arrays.asList(values));
                    }
                } else if (f.isFailed()) {
                    out.tryFail(f.exception());
                } else {
                    out.tryFail(new CancellationException("a future gathered was cancelled"));
                }
            });
        }
        out.onCancel(() -> futures.forEach(LoopFuture::cancel));
        return out;
    }

    /**
     * {@code asyncio.gather(*fs, return_exceptions=True)}: waits for every future and lists how
     * each ended, in the order given; never fails because a child did. Cancelling it cancels the
     * children.
     */
    public static <T> LoopFuture<List<Outcome<T>>> gatherReturnExceptions(List<? extends LoopFuture<? extends T>> futures) {
        EventLoop loop = loopOf(futures);
        var out = new LoopFuture<List<Outcome<T>>>(loop);
        int n = futures.size();
        if (n == 0) {
            out.tryComplete(List.of());
            return out;
        }
        @SuppressWarnings("unchecked")
        Outcome<T>[] outcomes = new Outcome[n];
        int[] remaining = {n};
        for (int i = 0; i < n; i++) {
            int index = i;
            futures.get(i).addDependent(f -> {
                f.markClaimed();
                outcomes[index] = f.isSucceeded() ? new Outcome.Success<>(f.result())
                        : new Outcome.Failure<>(f.isCancelled() ? new CancellationException("cancelled") : f.exception());
                if (--remaining[0] == 0) {
                    out.tryComplete(Arrays.asList(outcomes));
                }
            });
        }
        out.onCancel(() -> futures.forEach(LoopFuture::cancel));
        return out;
    }

    /**
     * {@code asyncio.wait_for(f, timeout)}: {@code future}'s outcome, unless {@code timeout}
     * passes first; then {@code future} is cancelled (and so is what it awaits) and the result
     * fails with a {@link TimeoutException}. Cancelling the result cancels {@code future}.
     */
    public static <T> LoopFuture<T> waitFor(LoopFuture<T> future, Duration timeout) {
        EventLoop loop = future.loop();
        var out = new LoopFuture<T>(loop);
        TimerHandle timer = loop.callLater(timeout, () -> {
            if (!out.isDone()) {
                future.cancel();
                out.tryFail(new TimeoutException("timed out after " + timeout.toMillis() + " ms"));
            }
        });
        out.follow(future, timer::cancel);
        return out;
    }

    /**
     * {@code asyncio.wait(fs, timeout, return_when)}: waits until {@code mode} is satisfied or
     * {@code timeout} (null for none) passes, and splits the futures into done and pending.
     * Never cancels the futures and never fails because of them.
     */
    public static <T> LoopFuture<Done<T>> wait(Collection<? extends LoopFuture<T>> futures, WaitMode mode, Duration timeout) {
        List<LoopFuture<T>> all = List.copyOf(futures);
        EventLoop loop = loopOf(all);
        var out = new LoopFuture<Done<T>>(loop);
        var done = new ArrayList<LoopFuture<T>>();
        Runnable finish = () -> {
            // As asyncio does, everything done by now counts as done, seen finishing or not.
            var doneNow = new ArrayList<>(done);
            all.stream().filter(f -> f.isDone() && !doneNow.contains(f)).forEach(doneNow::add);
            var pending = all.stream().filter(f -> !doneNow.contains(f)).toList();
            out.tryComplete(new Done<>(doneNow, pending));
        };
        if (all.isEmpty()) {
            finish.run();
            return out;
        }
        TimerHandle timer = timeout == null ? null : loop.callLater(timeout, () -> {
            if (!out.isDone()) {
                finish.run();
            }
        });
        for (LoopFuture<T> f : all) {
            f.addDependent(child -> {
                if (out.isDone()) {
                    return;
                }
                done.add(child);
                boolean satisfied = switch (mode) {
                    case FIRST_COMPLETED -> true;
                    case FIRST_EXCEPTION -> child.isFailed() || done.size() == all.size();
                    case ALL_COMPLETED -> done.size() == all.size();
                };
                if (satisfied) {
                    if (timer != null) {
                        timer.cancel();
                    }
                    finish.run();
                }
            });
        }
        if (timer != null) {
            out.onCancel(timer::cancel);
        }
        return out;
    }

    /** {@link #wait} without a timeout. */
    public static <T> LoopFuture<Done<T>> wait(Collection<? extends LoopFuture<T>> futures, WaitMode mode) {
        return wait(futures, mode, null);
    }

    /**
     * {@code asyncio.as_completed(fs)}: one future per input, the first of which ends as the
     * first input to finish, the second as the second, and so on. Iterate and chain on them to
     * handle results in the order they arrive.
     */
    public static <T> List<LoopFuture<T>> asCompleted(List<? extends LoopFuture<T>> futures) {
        return asCompleted(futures, null);
    }

    /**
     * {@code asyncio.as_completed(fs, timeout)}: as {@link #asCompleted(List)}; when
     * {@code timeout} passes, the slots not yet filled fail with a {@link TimeoutException}
     * (the inputs themselves are not cancelled).
     */
    public static <T> List<LoopFuture<T>> asCompleted(List<? extends LoopFuture<T>> futures, Duration timeout) {
        EventLoop loop = loopOf(futures);
        var slots = new ArrayList<LoopFuture<T>>(futures.size());
        for (int i = 0; i < futures.size(); i++) {
            slots.add(new LoopFuture<>(loop));
        }
        int[] next = {0};
        for (LoopFuture<T> f : futures) {
            f.addDependent(child -> {
                if (next[0] < slots.size()) {
                    child.markClaimed();
                    slots.get(next[0]++).adopt(child);
                }
            });
        }
        if (timeout != null && !futures.isEmpty()) {
            loop.callLater(timeout, () -> {
                while (next[0] < slots.size()) {
                    slots.get(next[0]++).tryFail(new TimeoutException("as_completed timed out after " + timeout.toMillis() + " ms"));
                }
            });
        }
        return List.copyOf(slots);
    }

    /**
     * {@code asyncio.shield(f)}: a future that ends as {@code future} does, but whose
     * cancellation leaves {@code future} running.
     */
    public static <T> LoopFuture<T> shield(LoopFuture<T> future) {
        var out = new LoopFuture<T>(future.loop());
        future.addDependent(f -> {
            if (!out.isDone()) {
                f.markClaimed();
                out.adopt(f);
            }
        });
        return out;
    }

    private static EventLoop loopOf(List<? extends LoopFuture<?>> futures) {
        if (futures.isEmpty()) {
            throw new IllegalArgumentException("no futures given: pass at least one, or use loop.completed(...) for nothing to wait for");
        }
        EventLoop loop = futures.getFirst().loop();
        for (LoopFuture<?> f : futures) {
            if (f.loop() != loop) {
                throw new IllegalArgumentException("the futures belong to different loops");
            }
        }
        return loop;
    }
}
