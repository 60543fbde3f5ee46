package org.opennapj.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.opennapj.protocol.MediaType;
import org.opennapj.server.share.ShareIndex;

/**
 * Adding and removing one user's whole share list ({@code shares} files) in an index that already
 * holds {@code files} files of other users (200 each). Scores are per user (per invocation):
 * divide by {@code shares} for the cost of one file.
 *
 * <ul>
 * <li>{@code add}: {@link ShareIndex#add} for each file; the files are removed again after each
 *     invocation (not timed).</li>
 * <li>{@code addWithDuplicateCheck}: what ShareRequests does per 100 message:
 *     {@link ShareIndex#find} (a duplicate check) and then add.</li>
 * <li>{@code removeAll}: {@link ShareIndex#removeAll}, removing the whole list in one go (110
 *     unshare all before slicing; the total work of a logout); the files are added before each
 *     invocation (not timed).</li>
 * <li>{@code detachAll}: {@link ShareIndex#detachAll}, what a logout costs the core thread at
 *     once (the removal then runs in slices of 1,000 files between other tasks).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+UseParallelGC"})
public class IndexUpdateBench {

    @Param({"100000", "1000000"})
    public int files;

    @Param({"200", "5000"})
    public int shares;

    ShareIndex index;
    List<Library.SharedFile> mine;
    int owner;

    @Setup(Level.Trial)
    public void setUp() {
        Library library = new Library(1);
        int users = files / IndexSearchBench.FILES_PER_USER;
        index = Indexes.build(library, users, IndexSearchBench.FILES_PER_USER);
        owner = users;  // a user id not in the index
        mine = library.files(owner, shares);
    }

    /** State that starts each invocation with the benchmark user's files in the index. */
    @State(Scope.Thread)
    public static class Shared {
        @Setup(Level.Invocation)
        public void share(IndexUpdateBench b) {
            Indexes.addAll(b.index, b.owner, b.mine);
        }
    }

    /** State that removes the benchmark user's files after each invocation. */
    @State(Scope.Thread)
    public static class Unshare {
        @TearDown(Level.Invocation)
        public void unshare(IndexUpdateBench b) {
            b.index.removeAll(b.owner);
        }
    }

    /** State that shares the user's files before, and removes the detached files after, each invocation. */
    @State(Scope.Thread)
    public static class SharedThenDrained {
        @Setup(Level.Invocation)
        public void share(IndexUpdateBench b) {
            Indexes.addAll(b.index, b.owner, b.mine);
        }

        @TearDown(Level.Invocation)
        public void drain(IndexUpdateBench b) {
            b.index.removeDetached(Integer.MAX_VALUE);
        }
    }

    @Benchmark
    public int add(Unshare cleanup) {
        ShareIndex ix = index;
        int last = 0;
        for (Library.SharedFile f : mine) {
            last = ix.add(owner, f.path(), f.md5(), f.size(), f.bitrate(), f.freq(), f.duration(), MediaType.MP3);
        }
        return last;
    }

    @Benchmark
    public int addWithDuplicateCheck(Unshare cleanup) {
        ShareIndex ix = index;
        int last = 0;
        for (Library.SharedFile f : mine) {
            if (ix.find(owner, f.path()) < 0) {
                last = ix.add(owner, f.path(), f.md5(), f.size(), f.bitrate(), f.freq(), f.duration(), MediaType.MP3);
            }
        }
        return last;
    }

    @Benchmark
    public int removeAll(Shared shared) {
        return index.removeAll(owner);
    }

    @Benchmark
    public int detachAll(SharedThenDrained shared) {
        return index.detachAll(owner);
    }
}
