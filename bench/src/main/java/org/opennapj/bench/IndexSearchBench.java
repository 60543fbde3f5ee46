package org.opennapj.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.opennapj.protocol.Body;
import org.opennapj.server.share.InvalidSearchException;
import org.opennapj.server.share.SearchQuery;
import org.opennapj.server.share.ShareIndex;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link ShareIndex#search} on an index of {@code files} files (users of 200 files each), with
 * napload's query mix (artist word + title word of a shared file; 10 % two random words),
 * MAX_RESULTS 100. Each invocation runs the next of 4096 prepared queries, so the score is the
 * mean over the mix. {@code searchAndFormat} also builds every 201 result line the way
 * SearchRequests does ({@link ShareIndex#appendFileFields}), which is what a result costs the
 * server before the socket.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", "-XX:+UseParallelGC"})
public class IndexSearchBench {

    static final int FILES_PER_USER = 200;
    static final int QUERIES = 4096;

    @Param({"100000", "1000000"})
    public int files;

    ShareIndex index;
    SearchQuery[] queries;
    String[] rawQueries;
    int next;

    @Setup(Level.Trial)
    public void setUp() throws InvalidSearchException {
        Library library = new Library(1);
        int users = files / FILES_PER_USER;
        index = Indexes.build(library, users, FILES_PER_USER);
        List<String> raw = library.queries(QUERIES, users, FILES_PER_USER, 100);
        rawQueries = raw.toArray(new String[0]);
        List<SearchQuery> parsed = new ArrayList<>();
        for (String q : raw) {
            parsed.add(SearchQuery.parse(q, 100));
        }
        queries = parsed.toArray(new SearchQuery[0]);
    }

    private int nextIndex() {
        int i = next;
        next = (i + 1) & (QUERIES - 1);
        return i;
    }

    /** Index walk only: counts the hits. */
    @Benchmark
    public int search() {
        int[] hits = new int[1];
        index.search(queries[nextIndex()], null, f -> {
            hits[0]++;
            return true;
        });
        return hits[0];
    }

    /** Index walk plus one 201 line per hit, built like SearchRequests builds it. */
    @Benchmark
    public void searchAndFormat(Blackhole bh) {
        Body line = new Body();
        index.search(queries[nextIndex()], null, f -> {
            line.clear();
            index.appendFileFields(f, line);
            line.append(" nl").append(index.owner(f)).append(' ')
                    .append(16777343L).append(' ')
                    .append(7);
            bh.consume(line.bytes());
            return true;
        });
    }

    /** Parsing the 200 request into a SearchQuery (tokenizing and lower-casing its words). */
    @Benchmark
    public SearchQuery parse() throws InvalidSearchException {
        return SearchQuery.parse(rawQueries[nextIndex()], 100);
    }
}
