package org.opennapj.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opennapj.client.ServerSession;
import org.opennapj.protocol.Message;
import org.opennapj.protocol.MessageType;
import org.opennapj.server.store.Level;

/**
 * Every numeric the server handles is fed malformed data after login (empty, missing fields, extra
 * fields, a huge field, bad numbers, an unbalanced quote, raw bytes 0x00-0xff). The sender must stay
 * connected and get an error where one is due; a second client must keep being answered. Then
 * unknown numerics, the above-2000 rule, garbage before login and oversized frames.
 */
class MalformedInputTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final String SONG = "C:\\music\\target song.mp3";
    private static final String MD5 = "0123456789abcdef0123456789abcdef-1234";
    private static final String EXTRA = "extra1 \"extra two\" 99";
    private static final int MAX_COMMAND_LENGTH = 2048;
    private static final String SWEEP_PASSWORD = "sweep-password";
    /** Every byte value 0x00-0xff, as the ISO-8859-1 text a frame carries. */
    private static final String ALL_BYTES;

    static {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        ALL_BYTES = new String(b, StandardCharsets.ISO_8859_1);
    }

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ what each numeric expects

    /** How one numeric is exercised: a well-formed body to derive the malformed ones from, and what must come back. */
    private static final class Spec {
        final int numeric;
        final List<String> template;
        int required;
        int[] numbers = {};
        boolean strictNumbers = true;
        int[] always = {};
        int[] errors = {};
        int[] ok = {};
        boolean extrasIgnored = true;
        boolean listing;

        Spec(int numeric, String... template) {
            this.numeric = numeric;
            this.template = List.of(template);
            this.required = template.length;
        }

        /** How many leading fields are required (the rest of the template is optional). */
        Spec required(int n) {
            required = n;
            return this;
        }

        /** Template positions holding numbers that must be non-negative and in range. */
        Spec numbers(int... idx) {
            numbers = idx;
            return this;
        }

        /** The numbers are optional and a bad one may be ignored. */
        Spec lenientNumbers() {
            strictNumbers = false;
            return this;
        }

        /** Some reply of these types must come back whatever the body. */
        Spec always(int... types) {
            always = types;
            return this;
        }

        /** The numeric's own error replies (404 always counts as an error). */
        Spec errors(int... types) {
            errors = types;
            return this;
        }

        /** A reply of one of these types must come back to the template with extra trailing fields. */
        Spec ok(int... types) {
            ok = types;
            return this;
        }

        /** The answer may be several 404 lines (opennap-ng lists config values that way, 810). */
        Spec listing() {
            listing = true;
            return this;
        }

        /** Extra trailing fields are part of the syntax (search keywords, 870 groups): they may be refused. */
        Spec extrasMeaningful() {
            extrasIgnored = false;
            return this;
        }
    }

    private static Map<Integer, Spec> specs() {
        String song = "\"" + SONG + "\"";
        List<Spec> l = new ArrayList<>();
        // login-phase numerics, sent again after login
        l.add(new Spec(2, "mal2", "pass", "6699", "\"nap v1.0\"", "3").numbers(2, 4).always(404));
        l.add(new Spec(6, "mal2", "pass", "6699", "\"nap v1.0\"", "3", "a@b.c").numbers(2, 4).always(404));
        l.add(new Spec(7, "freshnick").always(8, 9, 10).errors(10).ok(8, 9, 10));
        l.add(new Spec(11, "target", "pass").always(12, 404));
        l.add(new Spec(4).always(4));
        l.add(new Spec(14));
        l.add(new Spec(920, "1").required(0));
        // server information
        l.add(new Spec(621).always(621));
        l.add(new Spec(214).always(214));
        l.add(new Spec(750).always(750));
        l.add(new Spec(10115).always(10115));
        l.add(new Spec(10123).always(10124));
        // sharing and searching
        l.add(new Spec(100, "\"C:\\mal\\a.mp3\"", MD5, "1000", "128", "44100", "60").numbers(2, 3, 4, 5));
        l.add(new Spec(10300, "\"C:\\mal\\v.avi\"", "1000", MD5, "video").numbers(1));
        l.add(new Spec(870, "\"C:\\mal\"", "\"b.mp3\"", MD5, "1000", "128", "44100", "60").numbers(3, 4, 5, 6)
                .extrasMeaningful());
        l.add(new Spec(102, "\"C:\\mal\\never shared.mp3\"").always(404));
        l.add(new Spec(110).always(110));
        l.add(new Spec(200, "FILENAME", "CONTAINS", "\"target song\"", "MAX_RESULTS", "10").numbers(4).lenientNumbers()
                .always(202).ok(201).extrasMeaningful());
        l.add(new Spec(215, MD5, "1000").numbers(1).errors(217).ok(217));
        l.add(new Spec(211, "target", "10").required(1).numbers(1).lenientNumbers().always(213, 404).ok(213));
        l.add(new Spec(640, "target").errors(642));
        l.add(new Spec(641, "target"));
        // users
        l.add(new Spec(603, "target").always(604, 605, 404).ok(604));
        l.add(new Spec(600, "target").always(601, 404).ok(601));
        l.add(new Spec(751, "target"));
        l.add(new Spec(752, "target"));
        l.add(new Spec(316).always(316));
        l.add(new Spec(613, "target", "6699").numbers(1));
        l.add(new Spec(700, "3").numbers(0));
        l.add(new Spec(701, "newpass").always(404));
        l.add(new Spec(702, "a@b.c"));
        l.add(new Spec(703, "6699").numbers(0));
        // chat, hotlist, ignore list
        l.add(new Spec(205, "target", "hello", "there").required(2));
        l.add(new Spec(207, "target").always(301, 302, 404).errors(302).ok(301));
        l.add(new Spec(208, "target").always(301, 302, 404).errors(302).ok(301));
        l.add(new Spec(303, "target"));
        l.add(new Spec(320).always(320));
        l.add(new Spec(322, "target").always(322, 325, 404).ok(322, 325));
        l.add(new Spec(323, "target").always(323, 324, 404).ok(323, 324));
        l.add(new Spec(326).always(326));
        // channels: the sender is in "target" (and its operator) and in "room2" from the start
        l.add(new Spec(400, "target").always(405, 404));
        l.add(new Spec(401, "room2").always(401, 404));
        l.add(new Spec(402, "target", "hello", "there").required(2).ok(403));
        l.add(new Spec(410, "target", "new", "topic").required(1).always(410, 404).ok(410));
        l.add(new Spec(617).always(617));
        l.add(new Spec(824, "target", "\"waves\"").ok(824));
        l.add(new Spec(827).always(827));
        l.add(new Spec(830, "target").always(830, 404).ok(830));
        // channel moderation: "mal" sends those below 2000 as the operator of "target"; "extended"
        // (in no channel) sends the 10xxx ones and is refused after parsing; 10207 comes from boss
        l.add(new Spec(420, "target").always(420, 404).ok(420));
        l.add(new Spec(422, "target", "target", "\"flooding\"").required(2).always(404));
        l.add(new Spec(423, "target", "target", "\"forgiven\"").required(2).always(404));
        l.add(new Spec(424, "target").always(404));
        l.add(new Spec(430, "target", "target").always(404));
        l.add(new Spec(431, "target", "target").always(404));
        l.add(new Spec(432, "target", "target", "\"topic\"", "0", "Hello!").required(2).always(404));
        l.add(new Spec(820, "target", "\"cleaning up\"").required(1).always(404));
        l.add(new Spec(823, "target", "User").required(1).always(404));
        l.add(new Spec(826, "target", "10").required(1).numbers(1).always(404));
        l.add(new Spec(829, "target", "target", "\"behave\"").required(2).always(404));
        for (int op : new int[] {10204, 10205, 10211, 10212}) {
            l.add(new Spec(op, "target", "target").required(1).always(205, 404).extrasMeaningful());
        }
        l.add(new Spec(10206, "target").always(205, 404).ok(205));
        l.add(new Spec(10207, "target", "\"closing\"").required(1).always(404));
        l.add(new Spec(10208, "target", "hello", "there").required(2).always(404));
        l.add(new Spec(10209, "target", "+MODERATED").required(1).always(404).extrasMeaningful());
        l.add(new Spec(10210, "target", "target").always(404));
        l.add(new Spec(10213, "target", "target", "\"quiet\"").required(1).always(205, 404));
        l.add(new Spec(10214, "target", "target", "\"speak\"").required(1).always(205, 404));
        // transfers
        l.add(new Spec(203, "target", song).errors(206));
        l.add(new Spec(500, "target", song).errors(206));
        // no download was requested here: an accept or refusal is answered with a 404, never relayed
        l.add(new Spec(608, "target", song).always(404));
        l.add(new Spec(609, "target", song).always(404));
        l.add(new Spec(619, "target", song, "3").numbers(2));
        l.add(new Spec(626, "target"));
        l.add(new Spec(218));
        l.add(new Spec(219));
        l.add(new Spec(220));
        l.add(new Spec(221));
        // administration (sent by the Elite "boss", whose operator notices are off, 10203 NONE): every
        // destructive template names a nick, address or server that is not there
        l.add(new Spec(606, "nobody", "User").always(404));
        l.add(new Spec(610, "nobody", "\"reason\"").required(1).always(404));
        l.add(new Spec(611, "nobody", "reason").required(1).always(404));
        l.add(new Spec(612, "zzbanned", "\"reason\"", "0").required(1).numbers(2));
        l.add(new Spec(614, "nobody", "\"reason\"").required(1).always(404));
        l.add(new Spec(615).always(615));
        l.add(new Spec(622, "nobody", "\"reason\"").required(1).always(404));
        l.add(new Spec(623, "nobody", "\"reason\"").required(1).always(404));
        l.add(new Spec(624, "nobody").always(404));
        l.add(new Spec(625, "nobody", "3").numbers(1).always(404));
        l.add(new Spec(627, "hello", "there").required(0));
        l.add(new Spec(628, "hello", "there").required(0));
        l.add(new Spec(652).always(404));
        l.add(new Spec(753, "nobody", "newpass", "\"reason\"").required(2).always(404));
        l.add(new Spec(800, "max_results").required(0));
        l.add(new Spec(801).always(404));
        l.add(new Spec(810, "max_results", "100").required(0).listing());
        l.add(new Spec(821, "nobody", "host.example", "8888").numbers(2).always(404));
        l.add(new Spec(822, "nobody", "host.example").always(404));
        l.add(new Spec(10110, "other.server", "\"reason\"").required(1).always(404));
        // linking: the templates name a server that is in no servers file, so nothing is ever linked;
        // 10010 and 10011 after login are refused as a second login
        l.add(new Spec(10010, "nowhere.test", "0123456789ABCDEF", "1").always(404));
        l.add(new Spec(10011, "0123456789ABCDEF0123456789ABCDEF").always(404));
        l.add(new Spec(10100, "nowhere.test").always(404).extrasMeaningful());
        l.add(new Spec(10101, "nowhere.test", "\"reason\"").required(1).always(404));
        l.add(new Spec(10112).always(10112));
        l.add(new Spec(10120).always(404));
        l.add(new Spec(10117, "test.opennapj").required(0));
        l.add(new Spec(10118).always(10118));
        l.add(new Spec(10119, "target").always(404));
        l.add(new Spec(10121, "nobody").always(10121, 404));
        l.add(new Spec(10122, "10.255.255.254", "\"reason\"").required(1).always(404));
        l.add(new Spec(10200, "newreg", "pw", "a@b.c", "User").required(3));
        l.add(new Spec(10203, "NONE").required(0).always(10203, 404));
        Map<Integer, Spec> m = new TreeMap<>();
        for (Spec s : l) {
            m.put(s.numeric, s);
        }
        return m;
    }

    /** The malformed bodies for a numeric, by name; an error is due for those in errorDue. */
    private static Map<String, String> variants(Spec s, List<String> errorDue) {
        Map<String, String> v = new LinkedHashMap<>();
        List<String> t = s.template;
        String whole = String.join(" ", t);
        v.put("extra trailing fields", (whole + " " + EXTRA).strip());
        v.put("empty", "");
        if (s.required > 0) {
            errorDue.add("empty");
            v.put("missing last required field", String.join(" ", t.subList(0, s.required - 1)));
            errorDue.add("missing last required field");
        }
        v.put("huge first field", huge(t, 0, whole));
        if (t.size() > 1) {
            v.put("huge last field", huge(t, t.size() - 1, whole));
        }
        if (s.numbers.length > 0) {
            v.put("non-numeric number", withNumbers(s, "12abc"));
            v.put("negative number", withNumbers(s, "-1"));
            v.put("overflowing number", withNumbers(s, "99999999999999999999999"));
            v.put("int-overflowing number", withNumbers(s, "2147483648"));
            if (s.strictNumbers) {
                // 2^31 is a fine file size, so "int-overflowing" only has to be survived
                errorDue.addAll(List.of("non-numeric number", "negative number", "overflowing number"));
            }
        } else {
            v.put("numbers where words go", "-1 99999999999999999999999 abc");
        }
        v.put("unbalanced quote", unbalanced(t, whole));
        if (s.required > 0) {
            errorDue.add("unbalanced quote");
        }
        v.put("bytes 0x00-0xff", ALL_BYTES);
        v.put("bytes 0x00-0xff after the fields", (whole + " " + ALL_BYTES).stripLeading());
        v.put("only spaces", "     ");
        return v;
    }

    /** The template with field i replaced by a long word (quoted if it was), the whole body near max_command_length. */
    private static String huge(List<String> t, int i, String whole) {
        if (t.isEmpty()) {
            return "x".repeat(MAX_COMMAND_LENGTH - 8);
        }
        String field = t.get(i);
        boolean quoted = field.startsWith("\"");
        int room = MAX_COMMAND_LENGTH - 8 - (whole.length() - field.length());
        String word = "x".repeat(Math.max(1, room - (quoted ? 2 : 0)));
        List<String> copy = new ArrayList<>(t);
        copy.set(i, quoted ? "\"" + word + "\"" : word);
        return String.join(" ", copy);
    }

    /** The last quoted field loses its closing quote; a template without one gets a quote in front. */
    private static String unbalanced(List<String> t, String whole) {
        for (int i = t.size() - 1; i >= 0; i--) {
            String f = t.get(i);
            if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) {
                List<String> copy = new ArrayList<>(t);
                copy.set(i, f.substring(0, f.length() - 1));
                return String.join(" ", copy);
            }
        }
        return "\"" + (t.isEmpty() ? "unbalanced" : whole);
    }

    private static String withNumbers(Spec s, String value) {
        List<String> copy = new ArrayList<>(s.template);
        for (int i : s.numbers) {
            copy.set(i, value);
        }
        return String.join(" ", copy);
    }

    // ------------------------------------------------------------------ the sweep

    @Test
    void everyHandledNumericSurvivesMalformedDataAndOthersStayServed() throws Exception {
        // privileged numerics are sent by an Elite, so that they reach their handlers too
        TestServer.createAccount(dir, "boss", SWEEP_PASSWORD, "boss@example.com", Level.ELITE);
        try (TestServer server = TestServer.start(dir);
             TestServer.ErrorLog errors = new TestServer.ErrorLog();
             ServerSession observer = server.login("observer");
             ServerSession target = server.login("target");
             ServerSession plain = server.login("mal");
             ServerSession extended = server.login("extended");
             ServerSession boss = server.login("boss", SWEEP_PASSWORD, 0, 0)) {
            TestServer.collectToSync(boss);   // the level notice
            // the boss takes no operator notices: each message it sends is answered on its own
            boss.send(MessageType.SET_USER_MODE.code(), "NONE");
            boss.expect(WAIT, MessageType.SET_USER_MODE.code());
            target.send(MessageType.SHARE_FILE.code(), "\"" + SONG + "\" " + MD5 + " 3000000 128 44100 187");
            TestServer.sync(target);
            for (String channel : List.of("target", "room2")) {
                plain.send(MessageType.JOIN.code(), channel);
                plain.expect(WAIT, MessageType.CHANNEL_TOPIC.code());
            }
            Map<Integer, Spec> table = specs();
            int[] handled = server.core().handledNumerics();
            assertThat(handled).as("handled numerics").contains(2, 200, 205, 211, 603, 750);
            List<String> failures = new ArrayList<>();
            List<Integer> untabled = new ArrayList<>();
            int sent = 0;
            for (int numeric : handled) {
                Spec spec = table.get(numeric);
                if (spec == null) {
                    // a handler added since this table was written: generic checks only
                    spec = new Spec(numeric, "target").required(0);
                    untabled.add(numeric);
                }
                List<String> errorDue = new ArrayList<>();
                for (Map.Entry<String, String> v : variants(spec, errorDue).entrySet()) {
                    ServerSession sender = server.core().requiredLevel(numeric) != Level.LEECH ? boss
                            : numeric > 2000 ? extended : plain;
                    String what = numeric + " with " + v.getKey() + " " + new Message(numeric, shown(v.getValue()));
                    sender.send(numeric, v.getValue());
                    sent++;
                    List<Message> replies;
                    try {
                        replies = collectThroughSync(sender, numeric == MessageType.SERVER_PING.code() ? 2 : 1);
                    } catch (IOException e) {
                        fail("%s: the sender lost its connection or its answer: %s", what, e.getMessage());
                        return;
                    }
                    check(spec, v.getKey(), errorDue.contains(v.getKey()), replies, sender == plain, what, failures);
                    List<Message> seen = TestServer.collectToSync(observer);
                    for (Message m : seen) {
                        if (m.type() == 0 || m.type() > 2000) {
                            failures.add(what + ": the observer received " + m);
                        }
                    }
                }
            }
            System.out.println("MalformedInputTest: " + sent + " malformed messages over " + handled.length
                    + " handled numerics " + Arrays.toString(handled)
                    + (untabled.isEmpty() ? "" : "; generic checks only for " + untabled));
            // everyone is still here and served
            for (ServerSession s : List.of(observer, target, plain, extended, boss)) {
                TestServer.sync(s);
            }
            for (Message m : target.drain(Duration.ofMillis(50))) {
                if (m.type() == 0 || m.type() > 2000) {
                    failures.add("the target received " + m);
                }
            }
            plain.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"target song\" MAX_RESULTS 10");
            List<Message> results = plain.collectUntil(WAIT, MessageType.SEARCH_END.code());
            assertThat(results).as("a search after the sweep").anyMatch(m -> m.type() == MessageType.SEARCH_RESULT.code());
            assertThat(failures).as("problems found").isEmpty();
            assertThat(errors.problems()).as("errors logged by the server").isEmpty();
        }
    }

    private static void check(Spec spec, String variant, boolean errorDue, List<Message> replies, boolean plainSender,
                              String what, List<String> failures) {
        String got = " -- got " + replies;
        long notices = replies.stream().filter(m -> m.type() == MessageType.NOTICE.code()).count();
        for (Message m : replies) {
            if (m.type() == MessageType.ERROR.code()) {
                failures.add(what + ": a 0 (login error) after login" + got);
            }
            if (plainSender && m.type() > 2000) {
                failures.add(what + ": a numeric above 2000 to a client that never sent one" + got);
            }
            if (m.data().contains("internal server error")) {
                failures.add(what + ": the handler failed" + got);
            }
        }
        if (notices > 1 && !spec.listing) {
            failures.add(what + ": " + notices + " notices for one message (clients take each 404 as an answer)" + got);
        }
        if (spec.always.length > 0 && !hasType(replies, spec.always)) {
            failures.add(what + ": no reply of type " + Arrays.toString(spec.always) + got);
        }
        if (errorDue && !hasType(replies, spec.errors) && notices == 0) {
            failures.add(what + ": no error (404" + (spec.errors.length > 0 ? " or " + Arrays.toString(spec.errors) : "")
                    + ")" + got);
        }
        if (variant.equals("extra trailing fields") && spec.extrasIgnored) {
            if (spec.ok.length > 0 && !hasType(replies, spec.ok)) {
                failures.add(what + ": extra fields not ignored, expected " + Arrays.toString(spec.ok) + got);
            }
            boolean noticeExpected = contains(spec.always, MessageType.NOTICE.code()) || contains(spec.ok, MessageType.NOTICE.code());
            if (!noticeExpected && notices > 0) {
                failures.add(what + ": extra fields refused" + got);
            }
        }
    }

    private static boolean hasType(List<Message> replies, int[] types) {
        return replies.stream().anyMatch(m -> contains(types, m.type()));
    }

    private static boolean contains(int[] types, int t) {
        return Arrays.stream(types).anyMatch(x -> x == t);
    }

    /** Reads until the n-th 750 answers a 750 sent now; returns everything before that last 750. */
    private static List<Message> collectThroughSync(ServerSession s, int pings) throws Exception {
        s.send(MessageType.SERVER_PING.code(), "");
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < pings; i++) {
            all.addAll(s.collectUntil(WAIT, MessageType.SERVER_PING.code()));
        }
        return all.subList(0, all.size() - 1);
    }

    private static String shown(String data) {
        return data.length() <= 60 ? data : data.substring(0, 60) + "...(" + data.length() + " bytes)";
    }

    // ------------------------------------------------------------------ unknown and extended numerics

    @Test
    void unknownNumericIsAnswered404AndTheConnectionStays() throws Exception {
        try (TestServer server = TestServer.start(dir);
             TestServer.ErrorLog errors = new TestServer.ErrorLog();
             ServerSession a = server.login("alice");
             ServerSession x = server.login("xtended")) {
            List<Integer> handled = Arrays.stream(server.core().handledNumerics()).boxed().toList();
            int tried = 0;
            for (int n : new int[] {1, 3, 5, 13, 999, 1234, 1999, 2000, 9999, 10999, 20000, 65534, 65535}) {
                if (handled.contains(n)) {
                    continue;
                }
                ServerSession s = n > 2000 ? x : a;
                s.send(n, "some data \"quoted\" 12");
                List<Message> replies = collectThroughSync(s, 1);
                if (MessageType.isKnown(n)) {
                    // a catalogued numeric the server does not handle (e.g. one only servers send): one 404 naming it
                    assertThat(replies).as("answer to unhandled numeric %d", n).hasSize(1)
                            .allMatch(m -> m.type() == MessageType.NOTICE.code() && m.data().contains(Integer.toString(n)));
                } else {
                    assertThat(replies).as("answer to unknown numeric %d", n)
                            .containsExactly(new Message(MessageType.NOTICE.code(), "Unknown command code " + n));
                }
                tried++;
            }
            assertThat(tried).isGreaterThan(8);
            TestServer.sync(a);
            assertThat(a.drain(Duration.ofMillis(50))).noneMatch(m -> m.type() > 2000);
            assertThat(errors.problems()).isEmpty();
        }
    }

    @Test
    void numericsAbove2000GoOnlyToClientsThatSentOne() throws Exception {
        TestServer.createAccount(dir, "statsuser", SWEEP_PASSWORD, "stats@example.com", Level.MODERATOR);
        try (TestServer server = TestServer.start(dir);
             ServerSession stats = server.login("statsuser", SWEEP_PASSWORD, 0, 0);
             ServerSession plain = server.login("plainuser")) {
            // the plain client does ordinary things, before and after the other asks for 10xxx
            List<Message> plainGot = new ArrayList<>(TestServer.collectToSync(plain));
            stats.send(MessageType.SERVER_STATS.code(), "");
            Message st = stats.expect(WAIT, MessageType.SERVER_STATS.code());
            assertThat(st.data().split(" ")).as("10115 fields").hasSizeGreaterThanOrEqualTo(6);
            stats.send(MessageType.HISTOGRAM.code(), "");
            List<Message> hist = stats.collectUntil(WAIT, MessageType.HISTOGRAM_END.code());
            assertThat(hist).as("10123 rows").anyMatch(m -> m.type() == MessageType.HISTOGRAM.code()
                    && m.data().startsWith("750 "));
            plain.send(MessageType.STATS.code(), "");
            plain.send(MessageType.MOTD.code(), "");
            plain.send(MessageType.WHOIS.code(), "statsuser");
            plain.send(MessageType.SEARCH.code(), "FILENAME CONTAINS \"nothing here\" MAX_RESULTS 5");
            plainGot.addAll(TestServer.collectToSync(plain));
            TestServer.logout(stats, "statsuser", plain);
            plainGot.addAll(plain.drain(Duration.ofMillis(100)));
            assertThat(plainGot).as("what the plain client received")
                    .anyMatch(m -> m.type() == MessageType.WHOIS_RESPONSE.code())
                    .noneMatch(m -> m.type() > 2000);
        }
    }

    // ------------------------------------------------------------------ before login

    @Test
    void garbageAndMalformedLoginsBeforeLoginGetAnErrorAndAClose() throws Exception {
        try (TestServer server = TestServer.start(dir);
             TestServer.ErrorLog errors = new TestServer.ErrorLog();
             ServerSession observer = server.login("observer")) {
            String hugeNick = "n".repeat(MAX_COMMAND_LENGTH - 40);
            List<byte[]> attempts = new ArrayList<>();
            // commands that are not part of the login
            attempts.add(TestServer.frame(205, "observer hello"));
            attempts.add(TestServer.frame(200, "FILENAME CONTAINS \"x\""));
            attempts.add(TestServer.frame(9999, "what"));
            attempts.add(TestServer.frame(10115, ""));
            attempts.add(new byte[] {5, 0, 0x42, 0x42, 1, 2, 3, 4, 5});
            attempts.add(TestServer.frame(0, ALL_BYTES));
            // malformed logins (2) and registrations (6)
            for (String body : List.of("", "     ", "nick", "nick pass", "nick pass 6699", "nick pass 6699 \"nap v1.0\"",
                    "nick pass abc \"nap v1.0\" 3", "nick pass 6699 \"nap v1.0\" abc", "nick pass -5 \"nap v1.0\" 3",
                    "nick pass 99999999999999999999 \"nap v1.0\" 3", "nick pass 6699 \"nap v1.0\" 99999999999",
                    "nick pass 6699 \"nap v1.0\" -3", "nick pass 6699 \"unbalanced 3", "\"nick pass 6699 x 3",
                    "bad!nick pass 6699 \"nap v1.0\" 3", hugeNick + " pass 6699 \"nap v1.0\" 3",
                    "nick \"\" 6699 \"nap v1.0\" 3", ALL_BYTES, "nick pass 6699 \"" + ALL_BYTES)) {
                attempts.add(TestServer.frame(2, body));
            }
            for (String body : List.of("", "newbie pass 6699 \"nap v1.0\" 3", "newbie pass x \"nap v1.0\" 3 a@b.c",
                    "newbie pass 6699 \"nap v1.0\" x a@b.c", "new\u0001bie pass 6699 \"nap v1.0\" 3 a@b.c",
                    "newbie pass 6699 \"unbalanced 3 a@b.c", ALL_BYTES)) {
                attempts.add(TestServer.frame(6, body));
            }
            int i = 0;
            for (byte[] attempt : attempts) {
                i++;
                try (ServerSession s = server.connect()) {
                    s.sendRaw(attempt);
                    List<Message> got = TestServer.untilClosed(s);
                    assertThat(got).as("attempt %d: replies before the close", i)
                            .isNotEmpty()
                            .allMatch(m -> m.type() == MessageType.ERROR.code() || m.type() == MessageType.INVALID_NICK.code());
                    assertThat(got.get(got.size() - 1).type()).as("attempt %d: last reply", i).isEqualTo(MessageType.ERROR.code());
                }
                TestServer.sync(observer);
            }
            // extra fields on a login are accepted (TekNap sends three more)
            try (ServerSession teknap = server.connect()) {
                teknap.send(MessageType.LOGIN.code(), "teknap pass 6699 \"TekNap-1.3g\" 3 5201 0 " + EXTRA);
                teknap.expect(WAIT, MessageType.LOGIN_ACK.code());
                TestServer.sync(teknap);
            }
            // and the server still logs people in
            try (ServerSession late = server.login("latecomer")) {
                TestServer.sync(late);
            }
            assertThat(observer.drain(Duration.ofMillis(50))).noneMatch(m -> m.type() == 0 || m.type() > 2000);
            assertThat(errors.problems()).isEmpty();
        }
    }

    @Test
    void bigEndianClientsGetTheSameTreatment() throws Exception {
        try (TestServer server = TestServer.start(dir);
             TestServer.ErrorLog errors = new TestServer.ErrorLog();
             ServerSession observer = server.login("observer");
             ServerSession beta = server.connect()) {
            beta.order(java.nio.ByteOrder.BIG_ENDIAN);
            beta.send(MessageType.BETA_PRELOGIN.code(), "1");
            beta.send(MessageType.LOGIN.code(), "beta pass 6699 \"v2.0 beta 10.3\" 3");
            beta.expect(WAIT, MessageType.LOGIN_ACK.code());
            beta.expect(WAIT, MessageType.STATS.code());
            for (String body : List.of("", "\"unbalanced", ALL_BYTES, "x".repeat(MAX_COMMAND_LENGTH - 8))) {
                beta.send(MessageType.PRIVATE_MESSAGE.code(), body);
                assertThat(collectThroughSync(beta, 1)).as("big-endian 205 %s", shown(body))
                        .extracting(Message::type).containsExactly(MessageType.NOTICE.code());
                TestServer.sync(observer);
            }
            beta.send(9999, "x");
            assertThat(collectThroughSync(beta, 1)).containsExactly(new Message(MessageType.NOTICE.code(), "Unknown command code 9999"));
            // a big-endian header announcing 65535 bytes
            beta.sendRaw(new byte[] {(byte) 0xff, (byte) 0xff, 0, (byte) 205});
            assertThat(TestServer.untilClosed(beta)).extracting(Message::type).containsExactly(MessageType.NOTICE.code());
            TestServer.sync(observer);
            assertThat(errors.problems()).isEmpty();
        }
        // a first frame that only looks big-endian, then garbage
        try (TestServer server = TestServer.start(dir.resolve("second"));
             ServerSession observer = server.login("observer");
             ServerSession s = server.connect()) {
            s.order(java.nio.ByteOrder.BIG_ENDIAN);  // how the server will answer it
            s.sendRaw(new byte[] {0, 1, 3, (byte) 0x98, '1', 0x42, 0x42, 0x42, 0x42});
            List<Message> got = TestServer.untilClosed(s);
            assertThat(got).isNotEmpty().allMatch(m -> m.type() == MessageType.ERROR.code());
            TestServer.sync(observer);
        }
    }

    // ------------------------------------------------------------------ framing

    @Test
    void oversizedFramesCloseOnlyTheOffender() throws Exception {
        try (TestServer server = TestServer.start(dir);
             TestServer.ErrorLog errors = new TestServer.ErrorLog();
             ServerSession observer = server.login("observer")) {
            // before login: one byte over the limit, with its body
            try (ServerSession s = server.connect()) {
                s.sendRaw(TestServer.frame(2, "n".repeat(MAX_COMMAND_LENGTH + 1)));
                List<Message> got = TestServer.untilClosed(s);
                assertThat(got).as("pre-login frame over the limit").hasSize(1);
                assertThat(got.get(0).type()).isEqualTo(MessageType.ERROR.code());
                assertThat(got.get(0).data()).contains("too long");
            }
            TestServer.sync(observer);
            // before login: a header announcing 65535 bytes and nothing after it
            try (ServerSession s = server.connect()) {
                s.sendRaw(new byte[] {(byte) 0xff, (byte) 0xff, 2, 0});
                List<Message> got = TestServer.untilClosed(s);
                assertThat(got).as("pre-login 65535 header").extracting(Message::type).containsExactly(MessageType.ERROR.code());
            }
            TestServer.sync(observer);
            // after login: exactly the limit is fine
            try (ServerSession s = server.login("exact")) {
                String body = "nobody " + "y".repeat(MAX_COMMAND_LENGTH - 7);
                assertThat(body).hasSize(MAX_COMMAND_LENGTH);
                s.send(MessageType.PRIVATE_MESSAGE.code(), body);
                List<Message> got = collectThroughSync(s, 1);
                assertThat(got).extracting(Message::type).containsExactly(MessageType.NOTICE.code());
                // one more byte closes the connection with an error
                s.send(MessageType.PRIVATE_MESSAGE.code(), body + "y");
                List<Message> closing = TestServer.untilClosed(s);
                assertThat(closing).as("logged-in frame over the limit").hasSize(1);
                assertThat(closing.get(0).type()).isIn(MessageType.NOTICE.code(), MessageType.ERROR.code());
                assertThat(closing.get(0).data()).contains("too long");
            }
            TestServer.sync(observer);
            // after login: a 65535 header with no body, after a good message in the same write
            try (ServerSession s = server.login("hanger")) {
                byte[] ping = TestServer.frame(MessageType.SERVER_PING.code(), "");
                byte[] both = Arrays.copyOf(ping, ping.length + 4);
                both[ping.length] = (byte) 0xff;
                both[ping.length + 1] = (byte) 0xff;
                both[ping.length + 2] = (byte) 0xcd;
                both[ping.length + 3] = 0;
                s.sendRaw(both);
                List<Message> got = TestServer.untilClosed(s);
                assertThat(got).extracting(Message::type)
                        .as("the ping before the bad header is answered, then the error")
                        .startsWith(MessageType.SERVER_PING.code())
                        .hasSize(2);
            }
            // the others never noticed
            TestServer.sync(observer);
            try (ServerSession again = server.login("hanger")) {
                TestServer.sync(again);
            }
            assertThat(observer.drain(Duration.ofMillis(50))).noneMatch(m -> m.type() == 0);
            assertThat(errors.problems()).isEmpty();
        }
    }
}
