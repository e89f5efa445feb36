package dev.conclab.queue;

import java.util.UUID;

class MemoryQueueTest extends QueueContractTest {

    @Override
    String freshUrl() {
        return "memory:" + UUID.randomUUID();
    }
}
