package org.opennapj.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The typed message forms: round trips, the spec's examples, malformed input, extra fields. */
class MessageFormsTest {

    private static final SharedFile FILE =
            new SharedFile("C:\\mp3\\band - song.mp3", "b92870e0d41bc8e698cf2f0a1ddfeac7", 443332, 128, 44100, 60);

    @Test
    void sharedFileRoundTripsAndReadsTheSpecExample() throws Exception {
        assertThat(SharedFile.parse(FILE.format())).isEqualTo(FILE);
        assertThat(SharedFile.parse("\"generic band - generic song.mp3\" b92870e0d41bc8e698cf2f0a1ddfeac7 443332 128 44100 60"))
                .isEqualTo(new SharedFile("generic band - generic song.mp3", "b92870e0d41bc8e698cf2f0a1ddfeac7", 443332, 128, 44100, 60));
        assertThat(SharedFile.parse(FILE.format() + " extra \"fields\" 7")).isEqualTo(FILE);
        assertThatThrownBy(() -> SharedFile.parse("\"a.mp3\" md5 1 2 3")).isInstanceOf(MalformedFieldsException.class)
                .hasMessageContaining("expected");
        assertThatThrownBy(() -> SharedFile.parse("\"a.mp3\" md5 -1 2 3 4")).isInstanceOf(MalformedFieldsException.class)
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> SharedFile.parse("\"\" md5 1 2 3 4")).isInstanceOf(MalformedFieldsException.class);
        assertThatThrownBy(() -> SharedFile.parse("\"a.mp3 md5 1 2 3 4")).isInstanceOf(MalformedFieldsException.class)
                .hasMessageContaining("unbalanced quote");
    }

    @Test
    void searchResultRoundTripsWithAndWithoutWeight() throws Exception {
        SearchResult r = new SearchResult(FILE, "lefty", 3437166285L, 4);
        assertThat(r.format()).isEqualTo(FILE.format() + " lefty 3437166285 4");
        assertThat(SearchResult.parse(r.format())).isEqualTo(r);
        SearchResult weighted = new SearchResult(FILE, "lefty", 1, 4, -3);
        assertThat(SearchResult.parse(weighted.format())).isEqualTo(weighted);
        assertThat(SearchResult.parse("\"random band - random song.mp3\" 7d733c1e7419674744768db71bff8bcd 2558199 128 44100 159 lefty 3437166285 4"))
                .extracting(SearchResult::nick, SearchResult::ip, SearchResult::linkType, SearchResult::weight)
                .containsExactly("lefty", 3437166285L, 4, 0);
        assertThat(SearchResult.parse(r.format() + " 5 more stuff").weight()).isEqualTo(5);
        assertThat(SearchResult.parse(r.format() + " notanumber").weight()).isZero();
        // a signed print of the same 32 bits is the same address
        assertThat(SearchResult.parse(FILE.format() + " lefty -857801011 4").ip()).isEqualTo(3437166285L);
    }

    @Test
    void searchResultRejectsMalformedInput() {
        assertThatThrownBy(() -> SearchResult.parse(FILE.format() + " lefty 1")).isInstanceOf(MalformedFieldsException.class)
                .hasMessageContaining("<link-type>");
        assertThatThrownBy(() -> SearchResult.parse(FILE.format() + " lefty 99999999999 4"))
                .isInstanceOf(MalformedFieldsException.class).hasMessageContaining("out of range");
        assertThatThrownBy(() -> SearchResult.parse(FILE.format() + " lefty ip 4")).isInstanceOf(MalformedFieldsException.class)
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> SearchResult.parse(FILE.format() + " \"two words\" 1 4")).isInstanceOf(MalformedFieldsException.class);
    }

    @Test
    void browseEntryRoundTripsAndReadsTheSpecExample() throws Exception {
        BrowseEntry e = new BrowseEntry("foouser", FILE);
        assertThat(BrowseEntry.parse(e.format())).isEqualTo(e);
        assertThat(BrowseEntry.parse("foouser \"generic band - generic song.mp3\" b92870e0d41bc8e698cf2f0a1ddfeac7 443332 128 44100 60 x y"))
                .isEqualTo(new BrowseEntry("foouser", new SharedFile("generic band - generic song.mp3",
                        "b92870e0d41bc8e698cf2f0a1ddfeac7", 443332, 128, 44100, 60)));
        assertThatThrownBy(() -> BrowseEntry.parse("foouser \"a.mp3\" md5 1 2 3")).isInstanceOf(MalformedFieldsException.class);
        assertThatThrownBy(() -> BrowseEntry.parse("foouser \"a.mp3\" md5 1 x 3 4")).isInstanceOf(MalformedFieldsException.class);
    }

    @Test
    void serverSideAppendersWriteTheSameLinesAsTheForms() {
        Body b = new Body();
        FILE.appendTo(b);
        SearchResult.appendOwner(b, "lefty", 7, 3);
        assertThat(b.toString()).isEqualTo(new SearchResult(FILE, "lefty", 7, 3).format());
        b.clear();
        FILE.appendTo(BrowseEntry.appendOwner(b, "lefty"));
        assertThat(b.toString()).isEqualTo(new BrowseEntry("lefty", FILE).format());
    }

    @Test
    void fileRequestRoundTripsAndRejectsMissingFields() throws Exception {
        FileRequest r = new FileRequest("mred", "C:\\Program Files\\Napster\\generic cowboy song.mp3");
        assertThat(r.format()).isEqualTo("mred \"C:\\Program Files\\Napster\\generic cowboy song.mp3\"");
        assertThat(FileRequest.parse(r.format())).isEqualTo(r);
        assertThat(FileRequest.parse(r.format() + " 3 extra")).isEqualTo(r);
        assertThatThrownBy(() -> FileRequest.parse("mred")).isInstanceOf(MalformedFieldsException.class)
                .hasMessage("expected <nick> \"<filename>\"");
        assertThatThrownBy(() -> FileRequest.parse("mred \"\"")).isInstanceOf(MalformedFieldsException.class);
        assertThatThrownBy(() -> FileRequest.parse("")).isInstanceOf(MalformedFieldsException.class);
        assertThatThrownBy(() -> FileRequest.parse("mred \"open")).isInstanceOf(MalformedFieldsException.class);
    }

    @Test
    void downloadAckRoundTripsAndKnowsAFirewalledUploader() throws Exception {
        DownloadAck a = new DownloadAck("lefty", 4077911892L, 6699, "generic band - generic song.mp3",
                "10fe9e623b1962da85eea61df7ac1f69", 3);
        assertThat(a.format()).isEqualTo("lefty 4077911892 6699 \"generic band - generic song.mp3\" 10fe9e623b1962da85eea61df7ac1f69 3");
        assertThat(DownloadAck.parse(a.format())).isEqualTo(a);
        assertThat(DownloadAck.parse(a.format() + " extra")).isEqualTo(a);
        assertThat(a.firewalled()).isFalse();
        assertThat(DownloadAck.parse("lefty 1 0 \"a.mp3\" md5 3").firewalled()).isTrue();
        assertThatThrownBy(() -> DownloadAck.parse("lefty 1 70000 \"a.mp3\" md5 3")).isInstanceOf(MalformedFieldsException.class)
                .hasMessageContaining("out of range 0..65535");
        assertThatThrownBy(() -> DownloadAck.parse("lefty 1 6699 \"a.mp3\" md5")).isInstanceOf(MalformedFieldsException.class);
        assertThatThrownBy(() -> DownloadAck.parse("lefty 1 6699 \"a.mp3\" md5 fast")).isInstanceOf(MalformedFieldsException.class);
    }

    @Test
    void pushRequestRoundTrips() throws Exception {
        PushRequest p = new PushRequest("downloader", IpAddress.LOOPBACK, 6699, "dir\\a b.mp3", "WMA-FILE", 7);
        assertThat(PushRequest.parse(p.format())).isEqualTo(p);
        assertThat(PushRequest.parse(p.format() + " 1 2 3")).isEqualTo(p);
        assertThatThrownBy(() -> PushRequest.parse("downloader 1 x \"a.mp3\" md5 3")).isInstanceOf(MalformedFieldsException.class);
        assertThatThrownBy(() -> PushRequest.parse("downloader 1 6699")).isInstanceOf(MalformedFieldsException.class);
    }

    @Test
    void uploadRequestRoundTripsAndReadsTheSpecExample() throws Exception {
        assertThat(UploadRequest.parse("lefty \"generic band - generic song.mp3\" 7"))
                .isEqualTo(new UploadRequest("lefty", "generic band - generic song.mp3", 7));
        UploadRequest u = new UploadRequest("bob", "x y.mp3", 0);
        assertThat(UploadRequest.parse(u.format() + " more")).isEqualTo(u);
        assertThatThrownBy(() -> UploadRequest.parse("lefty \"a.mp3\"")).isInstanceOf(MalformedFieldsException.class)
                .hasMessageContaining("<speed>");
    }

    @Test
    void queueLimitFormsRoundTripAndReadTheSpecExamples() throws Exception {
        assertThat(QueueLimit.parse("joebob \"C:\\MP3\\Generic Band - Generic Song.mp3\" 3"))
                .isEqualTo(new QueueLimit("joebob", "C:\\MP3\\Generic Band - Generic Song.mp3", 3));
        QueueLimit q = new QueueLimit("joebob", "a.mp3", 1);
        assertThat(QueueLimit.parse(q.format() + " x")).isEqualTo(q);
        assertThatThrownBy(() -> QueueLimit.parse("joebob \"a.mp3\" -1")).isInstanceOf(MalformedFieldsException.class);
        assertThat(QueueLimitNotice.parse("joebob \"C:\\MP3\\Generic Band - Generic Song.mp3\" 1234567 3"))
                .isEqualTo(new QueueLimitNotice("joebob", "C:\\MP3\\Generic Band - Generic Song.mp3", 1234567, 3));
        QueueLimitNotice n = new QueueLimitNotice("joebob", "a.mp3", 0, 2);
        assertThat(QueueLimitNotice.parse(n.format() + " x")).isEqualTo(n);
        assertThatThrownBy(() -> QueueLimitNotice.parse("joebob \"a.mp3\" 5")).isInstanceOf(MalformedFieldsException.class);
    }

    @Test
    void directBrowseFormsRoundTrip() throws Exception {
        DirectBrowseRequest plain = new DirectBrowseRequest("asker");
        assertThat(plain.format()).isEqualTo("asker");
        assertThat(DirectBrowseRequest.parse("asker")).isEqualTo(plain);
        assertThat(DirectBrowseRequest.parse("asker")).extracting(DirectBrowseRequest::hasAddress).isEqualTo(false);
        DirectBrowseRequest withAddress = new DirectBrowseRequest("asker", IpAddress.LOOPBACK, 6699);
        assertThat(DirectBrowseRequest.parse(withAddress.format())).isEqualTo(withAddress);
        assertThat(DirectBrowseRequest.parse(withAddress.format() + " extra")).isEqualTo(withAddress);
        assertThat(DirectBrowseRequest.parse("asker 5")).isEqualTo(plain);
        assertThatThrownBy(() -> DirectBrowseRequest.parse("asker x 6699")).isInstanceOf(MalformedFieldsException.class);
        assertThatThrownBy(() -> DirectBrowseRequest.parse("")).isInstanceOf(MalformedFieldsException.class);

        DirectBrowseAccept a = new DirectBrowseAccept("browsed", 16777343L, 0);
        assertThat(a.format()).isEqualTo("browsed 16777343 0");
        assertThat(DirectBrowseAccept.parse(a.format() + " x")).isEqualTo(a);
        assertThatThrownBy(() -> DirectBrowseAccept.parse("browsed 1")).isInstanceOf(MalformedFieldsException.class);
    }

    @Test
    void constructorsRefuseValuesNoParseCouldGive() {
        assertThatThrownBy(() -> new FileRequest("two words", "a.mp3")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SharedFile("a.mp3", "md5", -1, 0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DownloadAck("n", 1L << 32, 1, "a", "m", 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
