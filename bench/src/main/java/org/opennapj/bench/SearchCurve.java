package org.opennapj.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Arrays;
import java.util.List;
import org.opennapj.server.share.InvalidSearchException;
import org.opennapj.server.share.SearchQuery;
import org.opennapj.server.share.ShareIndex;

/**
 * Search cost against index size: for each library size given (in files, 200 per user) builds an
 * index, then reports the live heap it takes (after a full GC), and, for napload's query mix,
 * the length of the shortest posting list of each query (the candidates a search may walk),
 * the hits, and the mean time per search.
 *
 * <pre>java -cp bench/target/opennapj-benchmarks.jar -Xmx6g org.opennapj.bench.SearchCurve 100000 1000000 2000000</pre>
 *
 * The timing is a plain loop after a warm-up, for the curve's shape only; JMH
 * ({@link IndexSearchBench}) gives the rigorous figure for a size.
 */
public final class SearchCurve {

    private SearchCurve() {
    }

    public static void main(String[] args) throws InvalidSearchException {
        int[] sizes = args.length == 0 ? new int[] {100_000, 1_000_000, 2_000_000}
                : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
        System.out.printf("%10s %12s %10s %12s %12s %10s %10s %12s%n", "files", "heap MiB", "B/file",
                "shortest avg", "shortest p50", "hits avg", "us/search", "ns/candidate");
        for (int files : sizes) {
            Library library = new Library(1);
            int users = files / IndexSearchBench.FILES_PER_USER;
            long before = usedAfterGc(mem);
            ShareIndex index = Indexes.build(library, users, IndexSearchBench.FILES_PER_USER);
            long after = usedAfterGc(mem);
            List<String> raw = library.queries(IndexSearchBench.QUERIES, users, IndexSearchBench.FILES_PER_USER, 100);
            SearchQuery[] queries = new SearchQuery[raw.size()];
            long[] shortest = new long[raw.size()];
            for (int i = 0; i < raw.size(); i++) {
                queries[i] = SearchQuery.parse(raw.get(i), 100);
                long min = Long.MAX_VALUE;
                for (String w : queries[i].includeWords()) {
                    min = Math.min(min, index.wordFrequency(w));
                }
                shortest[i] = min;
            }
            int[] hits = new int[1];
            for (int round = 0; round < 5; round++) {  // warm-up
                for (SearchQuery q : queries) {
                    index.search(q, null, f -> ++hits[0] > 0);
                }
            }
            hits[0] = 0;
            int rounds = 10;
            long t0 = System.nanoTime();
            for (int round = 0; round < rounds; round++) {
                for (SearchQuery q : queries) {
                    index.search(q, null, f -> ++hits[0] > 0);
                }
            }
            long ns = System.nanoTime() - t0;
            long n = (long) rounds * queries.length;
            long[] sorted = shortest.clone();
            Arrays.sort(sorted);
            double avgShortest = Arrays.stream(shortest).average().orElse(0);
            System.out.printf("%,10d %12.1f %10.0f %12.0f %12d %10.1f %10.1f %12.2f%n", files,
                    (after - before) / 1048576.0, (after - before) / (double) files, avgShortest,
                    sorted[sorted.length / 2], hits[0] / (double) n, ns / 1000.0 / n, ns / (double) n / avgShortest);
            index = null;
        }
    }

    private static long usedAfterGc(MemoryMXBean mem) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return mem.getHeapMemoryUsage().getUsed();
    }
}
