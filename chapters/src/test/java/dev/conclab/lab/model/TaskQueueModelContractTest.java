package dev.conclab.lab.model;

import dev.conclab.chapters.celery.TaskQueueModel;

import java.util.List;

/** The {@link Model} contract (lab-core's {@link ModelContractTest}, inherited) checked for the task-queue model. */
class TaskQueueModelContractTest extends ModelContractTest {

    static List<Model> models() {
        return List.of(new TaskQueueModel(3));
    }
}
