package org.opennapj.app;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.opennapj.client.BrowseResult;
import org.opennapj.client.OpenNapClient;
import org.opennapj.client.Search;
import org.opennapj.client.transfer.BrowseEntry;
import org.opennapj.client.transfer.PeerList;
import org.opennapj.client.transfer.Transfer;
import org.opennapj.client.transfer.TransferProgress;
import org.opennapj.client.transfer.TransferResult;
import org.opennapj.protocol.SearchResult;

/** {@code opennapj client search | get | browse}: one session, one question, then out. */
final class ClientQueries {

    private ClientQueries() {
    }

    private static Search search(String words, int max, String type) throws ClientOptions.UsageProblem {
        if (max < 1) throw new ClientOptions.UsageProblem("--max must be at least 1");
        try {
            Search s = Search.forWords(words).maxResults(max);
            return "mp3".equalsIgnoreCase(type) ? s : s.type(type);
        } catch (IllegalArgumentException e) {
            throw new ClientOptions.UsageProblem(e.getMessage());
        }
    }

    /** Results one a line: {@code <nick> TAB <size> TAB <file name>}. */
    static int search(ClientOptions o, String words, int max, String type) throws Exception {
        Search s = search(words, max, type);
        Path nowhere = Files.createTempDirectory("opennapj-search");
        try (OpenNapClient c = o.logInAnywhere(o.settings(nowhere, null), null)) {
            List<SearchResult> results = ClientOptions.await(c.search(s), o.timeout());
            if (results.isEmpty()) throw new ClientOptions.Failure("no results for " + words);
            for (SearchResult r : results) {
                o.out.println(ClientTerminal.printable(r.nick()) + "\t" + r.file().size() + "\t" + ClientTerminal.printable(r.file().path()));
            }
            return 0;
        } finally {
            Files.deleteIfExists(nowhere);
        }
    }

    /** Searches and downloads the first result that completes; prints {@code saved <path>}. */
    static int get(ClientOptions o, String words, Path to, int max, String type) throws Exception {
        Search s = search(words, max, type);
        try (OpenNapClient c = o.logInAnywhere(o.settings(to, null), null)) {
            List<SearchResult> results = ClientOptions.await(c.search(s), o.timeout());
            if (results.isEmpty()) throw new ClientOptions.Failure("no results for " + words);
            String last = null;
            for (SearchResult r : results) {
                String what = r.nick() + "'s " + r.file().path();
                try {
                    Transfer t = ClientOptions.await(c.download(r, TransferProgress.NONE), o.timeout());
                    TransferResult done = t.result().join(); // always completes: every peer step has a timeout
                    if (done.complete()) {
                        o.out.println("saved " + done.file());
                        return 0;
                    }
                    last = what + ": " + done.error();
                } catch (ClientOptions.Failure f) {
                    last = what + ": " + f.getMessage();
                }
                o.err.println("client get: " + ClientTerminal.printable(String.valueOf(last)) + (results.indexOf(r) < results.size() - 1 ? "; trying the next result" : ""));
            }
            throw new ClientOptions.Failure("none of the " + results.size() + " results could be downloaded (last: " + last + ")");
        }
    }

    /** A user's files one a line: {@code <size> TAB <file name>}. */
    static int browse(ClientOptions o, String nick, boolean direct) throws Exception {
        Path nowhere = Files.createTempDirectory("opennapj-browse");
        try (OpenNapClient c = o.logInAnywhere(o.settings(nowhere, null), null)) {
            if (direct) {
                PeerList list;
                try {
                    list = ClientOptions.await(c.browseDirect(nick), o.timeout());
                } catch (ClientOptions.Failure f) {
                    if (!f.getMessage().startsWith("no answer")) throw f;
                    // a firewalled user is asked to connect to us with its list, which OpenNapJ does not send
                    throw new ClientOptions.Failure(nick + " did not let us browse it directly (a firewalled user cannot be);"
                            + " try without --direct");
                }
                for (BrowseEntry e : list.files()) o.out.println(e.size() + "\t" + ClientTerminal.printable(e.fileName()));
                if (list.files().isEmpty()) throw new ClientOptions.Failure(nick + " shares no files");
            } else {
                BrowseResult list = ClientOptions.await(c.browse(nick), o.timeout());
                for (org.opennapj.protocol.BrowseEntry e : list.entries()) o.out.println(e.file().size() + "\t" + ClientTerminal.printable(e.file().path()));
                if (list.entries().isEmpty()) throw new ClientOptions.Failure(nick + " shares no files");
            }
            return 0;
        } finally {
            Files.deleteIfExists(nowhere);
        }
    }
}
