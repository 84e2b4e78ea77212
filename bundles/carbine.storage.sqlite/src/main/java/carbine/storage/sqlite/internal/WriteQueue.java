package carbine.storage.sqlite.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The bounded queue between the callers of {@code store}/{@code saveAlert} and the writer thread. Rows are grouped
 * into batches of at most {@code batchSize} as they arrive; the writer takes a whole batch at a time. Closing
 * refuses new rows atomically with the writer's last look, so nothing can slip in after the final drain.
 */
final class WriteQueue {
    private final int capacity;
    private final int batchSize;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Batch> batches = new ArrayDeque<>();
    private int rows;
    private boolean closed;
    private boolean wakeUpRequested;

    WriteQueue(int capacity, int batchSize) {
        this.capacity = capacity;
        this.batchSize = batchSize;
    }

    /** Adds the row to the open batch, or to a new one; null if the queue is full or closed. */
    Batch offer(Object row) {
        lock.lock();
        try {
            if (closed || rows >= capacity) {
                return null;
            }
            Batch open = batches.peekLast();
            if (open == null || open.rows.size() >= batchSize) {
                open = new Batch();
                batches.addLast(open);
                if (batches.size() == 1) {
                    changed.signalAll(); // the writer only ever waits on an empty queue
                }
            }
            open.rows.add(row);
            rows++;
            return open;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Takes the oldest batch. While the queue is empty, waits at most {@code timeoutNanos}, returning null early
     * when the queue is closed or {@link #wakeUp()} is called.
     */
    Batch takeBatch(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            long nanos = timeoutNanos;
            while (batches.isEmpty() && !closed && !wakeUpRequested && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            wakeUpRequested = false;
            Batch batch = batches.pollFirst();
            if (batch != null) {
                rows -= batch.rows.size();
            }
            return batch;
        } finally {
            lock.unlock();
        }
    }

    /** Makes a waiting {@link #takeBatch} return, e.g. because other work (retention) was requested. */
    void wakeUp() {
        lock.lock();
        try {
            wakeUpRequested = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Refuses new rows from now on; queued rows stay for the writer to commit. */
    void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the queue and removes everything still in it (for the writer to fail, when it must give up). */
    List<Batch> closeAndTakeAll() {
        lock.lock();
        try {
            closed = true;
            List<Batch> rest = new ArrayList<>(batches);
            batches.clear();
            rows = 0;
            return rest;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the queue is closed or the time is up; true if closed. */
    boolean awaitClosed(long timeout, TimeUnit unit) throws InterruptedException {
        lock.lock();
        try {
            long nanos = unit.toNanos(timeout);
            while (!closed && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            return closed;
        } finally {
            lock.unlock();
        }
    }

    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    /** Rows waiting for the writer (not counting the batch it is writing). */
    int size() {
        lock.lock();
        try {
            return rows;
        } finally {
            lock.unlock();
        }
    }
}
