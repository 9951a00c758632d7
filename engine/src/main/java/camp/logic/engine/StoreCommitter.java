package camp.logic.engine;

import org.h2.mvstore.MVStore;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Group commit for the H2 store: a write is acknowledged only after a commit that includes it
 * has been written and fsynced. Writers that finish while a commit is in flight share the next
 * one, so concurrent writes cost one fsync per group rather than one each.
 *
 * The store is opened with auto-commit off, so every commit happens here, under this lock: when
 * the store reports no unsaved changes, everything it holds is on disk.
 */
final class StoreCommitter {
    private final MVStore store;
    /** Writes whose in-memory change is complete. */
    private final AtomicLong finishedWrites = new AtomicLong();
    /** Writes known to be on disk (guarded by this). */
    private long durableWrites;

    StoreCommitter(MVStore store) {
        this.store = store;
    }

    void makeDurable() {
        long mine = finishedWrites.incrementAndGet();
        synchronized (this) {
            if (durableWrites >= mine) return;
            long covered = finishedWrites.get();
            if (store.hasUnsavedChanges()) {
                store.commit();
                store.sync();
            }
            durableWrites = covered;
        }
    }
}
