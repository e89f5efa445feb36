package dev.conclab.lab.experiment;

import dev.conclab.lab.workload.Workload;

import java.util.Map;

/** What a report says about a workload. */
public record WorkloadInfo(String id, String description, Workload.Kind kind, long unitNanos, Map<String, Object> parameters) {

    public static WorkloadInfo of(Workload workload) {
        return new WorkloadInfo(workload.id(), workload.description(), workload.kind(), workload.unitNanos(),
                workload.parameters());
    }
}
