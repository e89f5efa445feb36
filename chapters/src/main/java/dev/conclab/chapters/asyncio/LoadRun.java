package dev.conclab.chapters.asyncio;

/**
 * The figures of one run of one load client.
 *
 * @param client         the client's id
 * @param requests       requests sent
 * @param concurrency    requests in flight at most
 * @param wallNanos      from the first request started to the last response
 * @param cpuNanos       CPU time of the whole process over the run
 * @param peakThreads    most live platform threads in the JVM during the run
 * @param rssGrowthBytes peak resident memory during the run minus before it (-1 if unknown)
 * @param heapGrowthBytes peak heap use during the run minus the live heap before it
 * @param p50Nanos       median request latency (start of the request to its response)
 * @param p99Nanos       99th percentile of it
 * @param maxNanos       slowest request
 * @param failures       requests that did not end in a 200 with the whole body
 * @param firstFailure   the first exception, as text, or null
 */
record LoadRun(String client, int requests, int concurrency, long wallNanos, long cpuNanos, int peakThreads,
               long rssGrowthBytes, long heapGrowthBytes, long p50Nanos, long p99Nanos, long maxNanos, int failures,
               String firstFailure) {

    /** Requests per second. */
    double throughput() {
        return requests / (wallNanos / 1e9);
    }
}
