package io.pyrope.sidecar.llm;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The waiting room of the dispatcher: one FIFO per priority with a size limit, jobs that may not
 * run before a given instant (back-off, rate limit) and deadlines. Served strictly by priority,
 * then by arrival; a job parked for back-off does not block the jobs behind it, so a throttled
 * request cannot starve newer ones. Not thread-safe: the dispatcher guards it with its lock.
 */
final class RequestQueue {

    private final Map<Priority, ArrayDeque<Job>> lanes = new EnumMap<>(Priority.class);
    private final Map<Priority, Integer> limits;

    RequestQueue(Map<Priority, Integer> limits) {
        this.limits = Map.copyOf(limits);
        for (Priority p : Priority.values()) {
            lanes.put(p, new ArrayDeque<>());
        }
    }

    /** Admits a new job unless its lane is full. */
    boolean offer(Job job) {
        ArrayDeque<Job> lane = lanes.get(job.priority);
        if (lane.size() >= limits.getOrDefault(job.priority, Integer.MAX_VALUE)) {
            return false;
        }
        lane.addLast(job);
        return true;
    }

    /** Puts back a job that has already been admitted (retry, rate limit); never refused. */
    void requeue(Job job) {
        ArrayDeque<Job> lane = lanes.get(job.priority);
        // Keep arrival order inside the lane so an old retry keeps its place among the ready jobs.
        List<Job> tail = new ArrayList<>();
        while (!lane.isEmpty() && lane.peekLast().seq > job.seq) {
            tail.add(0, lane.pollLast());
        }
        lane.addLast(job);
        lane.addAll(tail);
    }

    /** Removes and returns the best job that may run at {@code now}, or null. */
    Job pollReady(Instant now) {
        for (Priority p : Priority.values()) {
            Iterator<Job> it = lanes.get(p).iterator();
            while (it.hasNext()) {
                Job job = it.next();
                if (!job.notBefore.isAfter(now)) {
                    it.remove();
                    return job;
                }
            }
        }
        return null;
    }

    /** Removes and returns the jobs whose deadline has passed. */
    List<Job> drainExpired(Instant now) {
        List<Job> expired = new ArrayList<>();
        for (ArrayDeque<Job> lane : lanes.values()) {
            lane.removeIf(job -> {
                if (!job.deadline.isAfter(now)) {
                    expired.add(job);
                    return true;
                }
                return false;
            });
        }
        return expired;
    }

    /** Earliest instant at which something changes (a job becomes ready or expires), or null. */
    Instant nextWakeup() {
        Instant next = null;
        for (ArrayDeque<Job> lane : lanes.values()) {
            for (Job job : lane) {
                Instant t = job.notBefore.isBefore(job.deadline) ? job.notBefore : job.deadline;
                if (next == null || t.isBefore(next)) {
                    next = t;
                }
            }
        }
        return next;
    }

    List<Job> drainAll() {
        List<Job> all = new ArrayList<>();
        lanes.values().forEach(lane -> {
            all.addAll(lane);
            lane.clear();
        });
        return all;
    }

    int size(Priority p) {
        return lanes.get(p).size();
    }

    int size() {
        return lanes.values().stream().mapToInt(ArrayDeque::size).sum();
    }
}
